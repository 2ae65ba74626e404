// Small progressive enhancements; every page works without them.
document.documentElement.classList.add("js");
document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
  select.addEventListener("change", () => select.form.requestSubmit());
});
