"""``{% error_summary form … %}``: the errors of a posted form listed at its top, each linking to its field."""

from dataclasses import dataclass

from django import forms, template
from django.utils.translation import gettext as _

register = template.Library()


@dataclass(frozen=True)
class ErrorItem:
    href: str  # "#id_name", or "" for an error of the whole form
    label: str
    message: str


def _form_items(form) -> tuple[list[ErrorItem], list[ErrorItem]]:
    """(errors of the whole form, errors of its fields in the order the fields are shown)."""
    if not getattr(form, "is_bound", False) or not form.errors:
        return [], []
    whole = [ErrorItem("", "", str(e)) for e in form.non_field_errors()]
    fields = []
    for bound in form:
        if not bound.errors:
            continue
        target = bound.id_for_label or bound.auto_id
        label = str(bound.label)
        fields += [
            ErrorItem(f"#{target}" if target and not bound.is_hidden else "", label, str(e)) for e in bound.errors
        ]
    return whole, fields


def error_items(*forms_or_formsets) -> list[ErrorItem]:
    """Every error of the given forms and formsets: errors of a whole form (or formset) first, then each field's."""
    whole, fields = [], []
    for item in forms_or_formsets:
        if item is None or item == "":
            continue
        if isinstance(item, forms.BaseFormSet):
            if item.is_bound:
                whole += [ErrorItem("", "", str(e)) for e in item.non_form_errors()]
            members = item.forms
        else:
            members = [item]
        for form in members:
            form_whole, form_fields = _form_items(form)
            whole += form_whole
            fields += form_fields
    return whole + fields


@register.inclusion_tag("thiduakt/_error_summary.html")
def error_summary(*forms_or_formsets):
    """An alert listing every error of the posted forms (nothing when there is none or nothing was posted)."""
    items = error_items(*forms_or_formsets)
    return {"items": items, "heading": _("Có %(n)s lỗi cần sửa") % {"n": len(items)}}
