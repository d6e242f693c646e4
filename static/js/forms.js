// thiduakt: the error summary at the top of a posted form (no inline scripts: CSP).
// On load the summary takes the focus (a screen reader reads it first); each of its links
// moves the focus to the field it names, with the field's label scrolled into view.
document.addEventListener("DOMContentLoaded", function () {
  const summary = document.querySelector("[data-testid=error-summary]");
  if (summary) { summary.focus(); }
});
document.addEventListener("click", function (event) {
  const link = event.target.closest("[data-testid=error-summary] a[href^='#']");
  if (!link) { return; }
  const field = document.getElementById(link.getAttribute("href").slice(1));
  if (!field) { return; }
  event.preventDefault();
  const label = document.querySelector("label[for='" + field.id + "']");
  (label || field).scrollIntoView({ block: "center" });
  field.focus({ preventScroll: true });
});
