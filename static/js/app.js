// thiduakt: small behaviours wired by data attributes (no inline scripts: CSP).
document.addEventListener("submit", function (event) {
  const form = event.target;
  const question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
    return;
  }
  // One submit per form: a double click must not send the action twice.
  if (form.dataset.submitted === "1") {
    event.preventDefault();
    return;
  }
  if (form.method.toLowerCase() === "post" && !form.hasAttribute("hx-post")) {
    form.dataset.submitted = "1";
    // Disabled after the browser has read the form, so the clicked button's value is sent.
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    }, 0);
  }
});
document.addEventListener("change", function (event) {
  const el = event.target;
  if (el.matches("[data-autosubmit]")) { el.form.requestSubmit(); }
});
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-submitted]").forEach(function (form) {
    delete form.dataset.submitted;
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
  });
});
