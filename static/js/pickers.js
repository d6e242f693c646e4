// thiduakt: "Chọn tất cả" / "Bỏ chọn tất cả" for a list of checkboxes (no inline scripts: CSP).
// Lists of nominees and recipients start empty; ticking all is an explicit action:
//   <button type="button" data-pick="all" data-pick-name="nominations">Chọn tất cả</button>
//   <button type="button" data-pick="none" data-pick-name="nominations">Bỏ chọn tất cả</button>
// acts on the enabled checkboxes named data-pick-name in the button's form.
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-pick]");
  if (!button) { return; }
  const form = button.closest("form");
  const name = button.getAttribute("data-pick-name");
  if (!form || !name) { return; }
  event.preventDefault();
  const checked = button.getAttribute("data-pick") === "all";
  form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
    if (box.name === name && !box.disabled && box.checked !== checked) {
      box.checked = checked;
      box.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
});
