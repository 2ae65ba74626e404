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
