// thiduakt: choosing things in forms (no inline scripts: CSP).
//
// 1. "Chọn tất cả" / "Bỏ chọn tất cả" for a list of checkboxes. Lists of nominees and recipients start
//    empty; ticking all is an explicit action:
//      <button type="button" data-pick="all" data-pick-name="nominations">Chọn tất cả</button>
//    acts on the enabled checkboxes named data-pick-name in the button's form.
// 2. Search-as-you-type pickers (thiduakt/pickers.py): a <select data-picker data-picker-url> holding only
//    its chosen options becomes a text box (a combobox) that asks data-picker-url?q=… as the user types;
//    a multiple select shows its choices as chips. data-picker-add-url offers "Thêm người mới": the form
//    comes from the server in a dialog, which answers with the likely duplicates to choose from, the form
//    with its errors, or the new person ({"id", "label"}), who is then chosen.
(function () {
  "use strict";

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

  const DELAY = 150;
  const TEXT = {
    searching: "Đang tìm…",
    none: "Không tìm thấy. Gõ khác đi, không cần dấu.",
    more: "Còn nữa: gõ thêm để thu hẹp.",
    add: "+ Thêm người mới",
    remove: "Bỏ",
    failed: "Không tìm được (mất kết nối?). Thử lại.",
    found: function (n) { return n + " kết quả"; },
  };
  let serial = 0;

  function make(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function withQuery(url, params) {
    const parsed = new URL(url, window.location.href);
    Object.keys(params).forEach(function (key) { parsed.searchParams.set(key, params[key]); });
    return parsed.pathname + parsed.search;
  }

  function enhance(select) {
    if (select.dataset.pickerReady) { return; }
    select.dataset.pickerReady = "1";
    const multiple = select.multiple;
    const id = select.id || "picker-" + (++serial);
    const listId = id + "-list";
    const wrap = make("div", { class: "picker", "data-picker-for": select.name });
    const input = make("input", {
      type: "text",
      id: id,
      class: "form-control" + (select.classList.contains("is-invalid") ? " is-invalid" : ""),
      role: "combobox",
      autocomplete: "off",
      "aria-autocomplete": "list",
      "aria-expanded": "false",
      "aria-controls": listId,
      placeholder: select.dataset.pickerPlaceholder || "",
    });
    if (select.getAttribute("aria-label")) { input.setAttribute("aria-label", select.getAttribute("aria-label")); }
    const describedBy = select.getAttribute("aria-describedby");
    if (describedBy) { input.setAttribute("aria-describedby", describedBy); }
    if (select.getAttribute("aria-invalid")) { input.setAttribute("aria-invalid", "true"); }
    const list = make("div", { class: "picker-list list-group shadow", id: listId, role: "listbox" });
    list.hidden = true;
    const status = make("div", { class: "visually-hidden", "aria-live": "polite" });
    const chips = multiple ? make("div", { class: "picker-chips", "data-testid": "picker-chips" }) : null;
    select.id = id + "-value";
    select.hidden = true;
    select.required = false;
    select.tabIndex = -1;
    select.setAttribute("aria-hidden", "true");
    select.after(wrap);
    if (chips) { wrap.append(chips); }
    wrap.append(input, list, status);

    let timer = null;
    let controller = null;
    let active = -1;
    let shown = [];

    function chosenLabel() {
      const option = select.selectedOptions[0];
      return option && option.value ? option.textContent : "";
    }

    function drawChips() {
      if (!chips) { return; }
      chips.replaceChildren();
      Array.from(select.selectedOptions).forEach(function (option) {
        if (!option.value) { return; }
        const chip = make("span", { class: "picker-chip badge rounded-pill text-bg-light border" });
        chip.append(make("span", {}, option.textContent));
        const remove = make("button", {
          type: "button",
          class: "btn-close picker-chip-remove",
          "aria-label": TEXT.remove + " " + option.textContent,
        });
        remove.addEventListener("click", function () {
          option.remove();
          drawChips();
          select.dispatchEvent(new Event("change", { bubbles: true }));
          input.focus();
        });
        chip.append(remove);
        chips.append(chip);
      });
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(value, label) {
      // A search still on its way must not open the list again over what was chosen.
      window.clearTimeout(timer);
      if (controller) { controller.abort(); }
      value = String(value);
      let option = Array.from(select.options).find(function (o) { return o.value === value; });
      if (!multiple) {
        Array.from(select.options).forEach(function (o) { if (o !== option && o.value) { o.remove(); } });
      }
      if (!option) {
        option = new Option(label, value, true, true);
        select.append(option);
      }
      option.textContent = label;
      option.selected = true;
      if (multiple) {
        input.value = "";
        drawChips();
      } else {
        input.value = label;
      }
      close();
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function highlight(index) {
      const items = list.querySelectorAll("[role=option]");
      items.forEach(function (item, i) { item.classList.toggle("active", i === index); });
      active = index;
      if (index >= 0 && items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function draw(results, more, message) {
      list.replaceChildren();
      shown = [];
      results.forEach(function (result, i) {
        const item = make("div", {
          id: listId + "-" + i,
          role: "option",
          class: "list-group-item list-group-item-action picker-option" + (result.closed ? " picker-closed" : ""),
          "data-value": result.id,
        });
        item.append(make("span", { class: "picker-label" }, result.label));
        if (result.note) { item.append(make("small", { class: "d-block text-body-secondary" }, result.note)); }
        shown.push({ kind: "choice", value: result.id, label: result.label });
        list.append(item);
      });
      if (message) { list.append(make("div", { class: "list-group-item text-body-secondary small" }, message)); }
      if (more) { list.append(make("div", { class: "list-group-item text-body-secondary small" }, TEXT.more)); }
      if (select.dataset.pickerAddUrl) {
        const add = make("div", {
          id: listId + "-add",
          role: "option",
          class: "list-group-item list-group-item-action picker-option text-primary",
          "data-picker-add": "1",
        }, TEXT.add + (input.value.trim() ? " “" + input.value.trim() + "”" : ""));
        shown.push({ kind: "add" });
        list.append(add);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = message || TEXT.found(results.length);
      highlight(results.length ? 0 : -1);
    }

    function search() {
      if (controller) { controller.abort(); }
      controller = new AbortController();
      const query = multiple ? input.value : (input.value === chosenLabel() ? "" : input.value);
      status.textContent = TEXT.searching;
      fetch(withQuery(select.dataset.pickerUrl, { q: query }), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller.signal,
      })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (data) {
          if (document.activeElement !== input) { return; }  // the user has moved on
          draw(data.results, data.more, data.results.length ? "" : TEXT.none);
        })
        .catch(function (error) {
          if (error.name !== "AbortError") { draw([], false, TEXT.failed); }
        });
    }

    function pick(index) {
      const entry = shown[index];
      if (!entry) { return; }
      if (entry.kind === "add") {
        close();
        openAdd(select.dataset.pickerAddUrl, input.value.trim(), choose);
      } else {
        choose(entry.value, entry.label);
      }
    }

    input.value = multiple ? "" : chosenLabel();
    drawChips();

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      if (!multiple && !input.value.trim() && select.value) {
        Array.from(select.options).forEach(function (o) { o.selected = !o.value; });
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
      timer = window.setTimeout(search, DELAY);
    });
    input.addEventListener("focus", function () { if (list.hidden) { search(); } });
    input.addEventListener("keydown", function (event) {
      const count = shown.length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) { search(); return; }
        highlight(count ? (active + 1) % count : -1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(count ? (active - 1 + count) % count : -1);
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          pick(active);
        } else if (!list.hidden) {
          event.preventDefault();  // a half-typed name must not send the form
        }
      } else if (event.key === "Escape") {
        close();
        if (!multiple) { input.value = chosenLabel(); }
      } else if (event.key === "Backspace" && multiple && !input.value) {
        const last = Array.from(select.selectedOptions).pop();
        if (last) { last.remove(); drawChips(); select.dispatchEvent(new Event("change", { bubbles: true })); }
      }
    });
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      const item = event.target.closest("[role=option]");
      if (!item) { return; }
      pick(Array.from(list.querySelectorAll("[role=option]")).indexOf(item));
    });
    input.addEventListener("blur", function () {
      window.setTimeout(function () {
        close();
        if (!multiple) { input.value = chosenLabel(); }
      }, 120);
    });
  }

  // "Thêm người mới": the server's form in a dialog; ``chooseAdded`` is the picker that opened it.
  let chooseAdded = null;

  function addDialog() {
    let dialog = document.getElementById("picker-dialog");
    if (dialog) { return dialog; }
    dialog = make("dialog", { id: "picker-dialog", class: "picker-dialog", "aria-labelledby": "picker-add-title" });
    dialog.addEventListener("click", function (event) {
      const chosen = event.target.closest("[data-picker-choose]");
      if (chosen) {
        chooseAdded(chosen.getAttribute("data-picker-choose"), chosen.getAttribute("data-picker-label"));
        dialog.close();
      } else if (event.target.closest("[data-picker-cancel]")) {
        dialog.close();
      }
    });
    document.body.append(dialog);
    return dialog;
  }

  function openAdd(url, name, choose) {
    const dialog = addDialog();
    chooseAdded = choose;
    function show(html) {
      dialog.innerHTML = html;
      dialog.querySelectorAll("select[data-picker]").forEach(enhance);
      const form = dialog.querySelector("form[data-picker-add-form]");
      if (form) {
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          send(form);
        });
      }
      if (!dialog.open) { dialog.showModal(); }
      const first = dialog.querySelector(".is-invalid, [data-picker-choose], input:not([type=hidden])");
      if (first) { first.focus(); }
    }
    function send(form) {
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json, text/html" },
      })
        .then(function (response) {
          const type = response.headers.get("Content-Type") || "";
          if (type.indexOf("application/json") === 0) {
            return response.json().then(function (person) {
              chooseAdded(person.id, person.label);
              dialog.close();
            });
          }
          return response.text().then(show);
        })
        .catch(function () {
          delete form.dataset.submitted;
          form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
        });
    }
    fetch(withQuery(url, name ? { name: name } : {}), { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.text(); })
      .then(show);
  }

  function enhanceAll(root) {
    root.querySelectorAll("select[data-picker]").forEach(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  } else {
    enhanceAll(document);
  }
  document.addEventListener("htmx:afterSwap", function (event) { enhanceAll(event.target); });
})();
