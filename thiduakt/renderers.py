"""The form renderer: Django's widget templates, written in Python for the widgets every form uses.

Each field of a form goes through a widget template (``input.html`` including ``attrs.html``, ``select.html``
including ``select_option.html`` per option…): a form page of 15–20 fields spent a third of its time in the
template language for them. ``FormRenderer`` writes the same HTML, character for character, for Django's own
input, textarea, select and radio/checkbox-list templates (``thiduakt/tests/test_renderers.py`` compares them
with the templates' output), and leaves every other template (a project's own, a multiwidget) to the template
engine. As in a template, a value is localized and escaped unless it is marked safe.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
# The templates that are only ``{% include "django/forms/widgets/input.html" %}`` and a newline.
INPUTS = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        "checkbox", "color", "date", "datetime", "email", "file", "hidden", "number", "password", "search", "tel",
        "text", "time", "url",
    )
)  # fmt: skip
OPTIONS = frozenset({f"{WIDGETS}radio_option.html", f"{WIDGETS}checkbox_option.html"})
LISTS = frozenset({f"{WIDGETS}radio.html", f"{WIDGETS}checkbox_select.html"})


def _var(value) -> str:
    """``{{ value }}``: localized, then escaped unless safe."""
    if isinstance(value, str):
        return conditional_escape(value)
    return conditional_escape(localize(value))


def _string(value) -> str:
    """``{{ value|stringformat:'s' }}`` (the filter keeps a safe value safe)."""
    text = "%s" % (value,)  # noqa: UP031 -- the filter's own formatting, a tuple included
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict) -> str:
    """``attrs.html``."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_var(name)}" if value is True else f' {_var(name)}="{_string(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    """``input.html``, without its newline."""
    value = "" if widget["value"] is None else f' value="{_string(widget["value"])}"'
    return f'<input type="{_var(widget["type"])}" name="{_var(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _textarea(widget: dict) -> str:
    value = _var(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_var(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{_var(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_var(group_name)}">')
        for option in options:
            if option["template_name"] != f"{WIDGETS}select_option.html":
                return None
            value, attrs, label = _string(option["value"]), _attrs(option["attrs"]), _var(option["label"])
            parts.append(f'\n  <option value="{value}"{attrs}>{label}</option>\n')
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _input_option(option: dict) -> str:
    """``input_option.html`` as its ``radio_option``/``checkbox_option`` wrapper includes it (newlines kept)."""
    if not option["wrap_label"]:
        return f"{_input(option)}\n\n\n"
    label_for = f' for="{_var(option["attrs"]["id"])}"' if option["attrs"].get("id") else ""
    return f"<label{label_for}>{_input(option)}\n {_var(option['label'])}</label>\n\n"


def _choices(widget: dict) -> str | None:
    """``multiple_input.html`` (radio buttons, a list of checkboxes)."""
    attrs = widget["attrs"]
    html_id = f' id="{_var(attrs["id"])}"' if attrs.get("id") else ""
    html_class = f' class="{_var(attrs["class"])}"' if attrs.get("class") else ""
    parts = [f"<div{html_id}{html_class}>"]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{_var(group)}</label>")
        for option in options:
            if option["template_name"] not in OPTIONS:
                return None
            parts.append(f"<div>\n    {_input_option(option)}</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


class FormRenderer(DjangoTemplates):
    """Django's template renderer, with its common widget templates written in Python (same HTML)."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        html = None
        if widget is not None:
            if template_name in INPUTS:
                html = _input(widget)
            elif template_name == f"{WIDGETS}textarea.html":
                html = _textarea(widget)
            elif template_name == f"{WIDGETS}select.html":
                html = _select(widget)
            elif template_name in LISTS:
                html = _choices(widget)
        if html is None:
            return super().render(template_name, context, request)
        return mark_safe(html)  # noqa: S308 -- every value above went through escape, as the template does
