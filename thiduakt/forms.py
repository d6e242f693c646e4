from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """A ``Select`` that writes its options in Python instead of one template per option.

    Same HTML as Django's widget; a filter listing 800 units renders in a
    millisecond instead of tens of them.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            html = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((option["value"], flatatt(option["attrs"]), option["label"]) for option in options),
            )
            parts.append(format_html('<optgroup label="{}">{}</optgroup>', group_name, html) if group_name else html)
        options_html = mark_safe("".join(parts))  # noqa: S308 - every part comes from format_html
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(widget["attrs"]), options_html)


class BootstrapMixin:
    """Give every widget the Bootstrap class it needs (and plain selects the fast renderer)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
                continue
            if type(widget) is forms.Select:
                widget.__class__ = FastSelect  # a subclass with no state of its own
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class DateInput(forms.DateInput):
    """A native date picker; the browser shows it in the user's format, the server reads ISO."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class StyledPasswordChangeForm(BootstrapMixin, PasswordChangeForm):
    pass
