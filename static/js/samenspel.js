// Small progressive enhancements; every page works without them.
document.documentElement.classList.add("js");
document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
  select.addEventListener("change", () => select.form.requestSubmit());
});

// Placement forms: the mentor list shows only the professionals of the chosen group.
document.querySelectorAll("select[data-mentor-for]").forEach((mentorSelect) => {
  const groupSelect = document.getElementById(mentorSelect.dataset.mentorFor);
  const optionsScript = document.getElementById("mentor-options");
  if (!groupSelect || !optionsScript) return;
  const byGroup = JSON.parse(optionsScript.textContent);
  const allOptions = Array.from(mentorSelect.options).map((option) => option.cloneNode(true));
  const narrow = () => {
    const allowed = new Set((byGroup[groupSelect.value] || []).map((mentor) => String(mentor.id)));
    const current = mentorSelect.value;
    mentorSelect.replaceChildren(
      ...allOptions.filter((option) => option.value === "" || allowed.size === 0 || allowed.has(option.value))
        .map((option) => option.cloneNode(true)),
    );
    mentorSelect.value = allowed.has(current) ? current : "";
  };
  groupSelect.addEventListener("change", narrow);
  narrow();
});

// The quick log opens inline (htmx); its Close and Cancel buttons put the row back as it was.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-quick-log-close]");
  if (!button) return;
  const container = button.closest(".quick-log-container");
  if (container) {
    container.replaceChildren();
    const row = document.getElementById(container.id.replace("quick-log-", "child-"));
    row?.querySelector("a[hx-get]")?.focus();
  } else {
    button.closest(".quick-log-saved")?.remove();
  }
});

// Conversations open at the newest message. A message that reached the page twice (a poll
// and a post crossing each other) is shown once.
const messageList = document.getElementById("message-list");
if (messageList && !window.location.hash && messageList.lastElementChild) {
  messageList.lastElementChild.scrollIntoView({ block: "end" });
}
const showEachMessageOnce = () => {
  const list = document.getElementById("message-list");
  if (!list) return;
  const seen = new Set();
  list.querySelectorAll(":scope > li[id]").forEach((item) => {
    if (seen.has(item.id)) item.remove();
    else seen.add(item.id);
  });
};
document.addEventListener("htmx:oobAfterSwap", showEachMessageOnce);
document.addEventListener("htmx:afterSwap", showEachMessageOnce);

// Portfolio photos: the arrow keys and a sideways swipe go to the entry's previous or next photo.
const gallery = document.querySelector("[data-gallery]");
if (gallery) {
  const go = (which) => gallery.querySelector(`[data-gallery-${which}]`)?.click();
  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input, textarea, select")) return;
    if (event.key === "ArrowLeft") go("prev");
    if (event.key === "ArrowRight") go("next");
  });
  let startX = null;
  gallery.addEventListener("touchstart", (event) => { startX = event.touches[0].clientX; }, { passive: true });
  gallery.addEventListener("touchend", (event) => {
    if (startX === null) return;
    const distance = event.changedTouches[0].clientX - startX;
    startX = null;
    if (Math.abs(distance) > 60) go(distance > 0 ? "prev" : "next");
  });
}
