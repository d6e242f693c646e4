"""Search-as-you-type pickers for units and people, wherever a form chooses one.

A province holds 10² – 10³ units and 10⁴ people: a plain ``<select>`` of all of them is a page of
options nobody can read. A picker field keeps its Django form field (its queryset still decides what
is valid: a value outside it is refused by the form, in Vietnamese) and renders a ``<select>`` holding
only the chosen options; ``static/js/pickers.js`` turns it into a text box that asks
``/chon/don-vi/`` or ``/chon/ca-nhan/`` as the user types.

What a search may return is narrowed twice:

- by the user (the ceiling, whatever the request says): people are personal data, so a unit officer
  finds only the people of their unit and the units below it; council members and the public none.
  The unit registry is not personal: every signed-in user may search it.
- by the field (the parameters the form puts in the widget's URL, which can only narrow): ``within``
  (a unit and the units below it), ``open`` (units in force today), ``year`` (units in force at some
  time in that year).

Labels say which one is meant: a person is "Name — position, unit (birth year)", a unit "Name" with
its kind and parent, and a closed or merged unit is marked "(đã sáp nhập vào …)".
"""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thiduakt.bounds import check_year, current_year
from thiduakt.forms import BootstrapMixin, YearField
from thiduakt.models import OrgUnit, Person, User
from thiduakt.readers import ABBREVIATIONS
from thiduakt.selectors import search_filter, unit_closure_note, unit_descendant_ids
from thiduakt.services import BIRTH_YEAR_MIN
from thiduakt.text import fold, nfc

RESULTS = 20  # what one answer lists; the user types more to narrow
SHORT = 3  # a query shorter than a trigram is read as the start of a word


# ---------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------


def unit_note(unit: OrgUnit) -> str:
    """ "Xã, phường, đặc khu · thuộc UBND thành phố Cần Thơ" (the parent must be selected with the unit)."""
    parts = [unit.get_kind_display()]
    if unit.parent_id:
        parts.append(_("thuộc %(parent)s") % {"parent": unit.parent.name})
    return " · ".join(parts)


def unit_choice(unit: OrgUnit) -> dict:
    closed = unit_closure_note(unit)
    label = f"{unit.name} ({closed})" if closed else unit.name
    return {"id": unit.pk, "label": label, "note": unit_note(unit), "closed": bool(closed)}


def person_label(person: Person) -> str:
    """ "Nguyễn Văn A — Chủ tịch, UBND xã Châu Thành (1975)"; the unit must be selected with the person."""
    where = ", ".join(part for part in (person.position, person.unit.name if person.unit_id else "") if part)
    label = f"{person.full_name} — {where}" if where else person.full_name
    return f"{label} ({person.birth_year})" if person.birth_year else label


def person_choice(person: Person) -> dict:
    return {"id": person.pk, "label": person_label(person), "note": "", "closed": False}


# ---------------------------------------------------------------------------
# Sources: what a user may find, and the search itself
# ---------------------------------------------------------------------------


def _positive_int(value) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def people_ceiling(user: User) -> QuerySet[Person]:
    """Every person ``user`` may find: staff and administrators all, a unit officer their unit's subtree."""
    people = Person.objects.all()
    if user.is_superuser or user.is_department_staff:
        return people
    if user.is_unit_officer and user.unit_id:
        return people.filter(unit_id__in=unit_descendant_ids(user.unit_id))
    return people.none()


def units_ceiling(user: User) -> QuerySet[OrgUnit]:
    """The unit registry: every signed-in user may search it (it is published on every document)."""
    return OrgUnit.objects.all() if user.is_authenticated else OrgUnit.objects.none()


# Narrowings an app adds for its own fields ("the participants of this campaign"): (source, parameter)
# → function(queryset, value) returning the narrower queryset; registered in the app's ``ready``.
NARROWERS: dict[tuple[str, str], object] = {}


def narrower(source: str, parameter: str):
    """Register ``function(queryset, value)`` narrowing ``source`` ("unit", "person") by ``parameter``."""

    def register(function):
        NARROWERS[(source, parameter)] = function
        return function

    return register


def _narrow_by_apps(source: str, queryset: QuerySet, params) -> QuerySet:
    for (name, parameter), function in NARROWERS.items():
        value = _positive_int(params.get(parameter))
        if name == source and value:
            queryset = function(queryset, value)
    return queryset


def _narrow_units(units: QuerySet, params) -> QuerySet:
    units = _narrow_by_apps("unit", units, params)
    within = _positive_int(params.get("within"))
    if within:
        units = units.filter(pk__in=unit_descendant_ids(within))
    if params.get("open"):
        units = units.filter(valid_to__isnull=True)
    year = _positive_int(params.get("year"))
    if year and 1900 <= year <= 2100:
        units = units.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=date(year, 12, 31)),
            Q(valid_to__isnull=True) | Q(valid_to__gte=date(year, 1, 1)),
        )
    return units


def _ranked(queryset: QuerySet, query: str, order: list[str]) -> QuerySet:
    """Every word of ``query`` in the folded ``search_text``; the exact name, then the names starting
    with it, then the rest, each in ``order``."""
    folded = fold(query)
    if not folded:
        return queryset.order_by(*order)
    if len(folded) < SHORT:
        # One or two letters: the names with a word starting with them, in order. No trigram index helps a
        # query this short, and ranking would sort most of the register; the order's index stops early.
        return queryset.filter(Q(search_text__startswith=folded) | Q(search_text__contains=f" {folded}")).order_by(
            *order
        )
    return (
        queryset.filter(search_filter("search_text", folded))
        .annotate(
            rank=Case(
                When(search_text=folded, then=Value(0)),
                When(search_text__startswith=folded, then=Value(1)),
                When(search_text__contains=f" {folded}", then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", *order)
    )


# The abbreviations officers type for the names units carry in full: one table, the readers' (imports read them too).


def expand_abbreviations(query: str) -> str:
    """ "ubnd tp. can tho" → "uy ban nhan dan thanh pho can tho" (folded)."""
    return " ".join(ABBREVIATIONS.get(word, word) for word in fold(query).split())


def search_units(user: User, query: str, params) -> tuple[list[dict], bool]:
    """Units matching ``query`` (diacritics-insensitive, the usual abbreviations read), those in force
    first; ``(choices, more)``."""
    query = expand_abbreviations(query)
    units = _narrow_units(units_ceiling(user), params).select_related("parent", "merged_into")
    closed_last = Case(When(valid_to__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField())
    found = list(_ranked(units.annotate(closed=closed_last), query, ["closed", "name", "pk"])[: RESULTS + 1])
    return [unit_choice(u) for u in found[:RESULTS]], len(found) > RESULTS


def search_people(user: User, query: str, params) -> tuple[list[dict], bool]:
    people = _narrow_by_apps("person", people_ceiling(user), params)
    within = _positive_int(params.get("within"))
    if within:
        people = people.filter(unit_id__in=unit_descendant_ids(within))
    found = list(_ranked(people.select_related("unit"), query, ["sort_key", "pk"])[: RESULTS + 1])
    return [person_choice(p) for p in found[:RESULTS]], len(found) > RESULTS


@dataclass(frozen=True)
class Source:
    url_name: str
    search: object
    choice: object
    related: tuple


SOURCES = {
    "unit": Source("picker_units", search_units, unit_choice, ("parent", "merged_into")),
    "person": Source("picker_people", search_people, person_choice, ("unit",)),
}


# ---------------------------------------------------------------------------
# Widgets
# ---------------------------------------------------------------------------


class PickerMixin:
    """Render only the chosen options (one query, whatever the size of the queryset) and the picker's
    data attributes; the field's queryset still validates what is posted."""

    source = "unit"

    def __init__(self, attrs=None, *, params: dict | None = None, add: bool = False):
        super().__init__(attrs)
        self.params = dict(params or {})
        self.add = add

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.params = dict(self.params)
        return copy

    def search_url(self) -> str:
        query = {k: v for k, v in self.params.items() if v not in (None, "", False)}
        url = reverse(SOURCES[self.source].url_name)
        return f"{url}?{urlencode(query)}" if query else url

    def _chosen(self, value) -> list:
        values = value if isinstance(value, (list, tuple)) else [value]
        ids = {v for v in (_positive_int(v) for v in values if v not in (None, "")) if v}
        queryset = getattr(self.choices, "queryset", None)
        if not ids or queryset is None:
            return []
        source = SOURCES[self.source]
        return [source.choice(obj) for obj in queryset.filter(pk__in=ids).select_related(*source.related)]

    def optgroups(self, name, value, attrs=None):
        options = []
        if not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        for choice in self._chosen(value):
            options.append(self.create_option(name, choice["id"], choice["label"], True, len(options)))
        return [(None, options, 0)]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["data-picker"] = self.source
        widget_attrs["data-picker-url"] = self.search_url()
        widget_attrs["data-picker-placeholder"] = str(
            gettext_lazy("Gõ tên cá nhân để tìm…") if self.source == "person" else gettext_lazy("Gõ tên đơn vị để tìm…")
        )
        if self.add:
            within = self.params.get("within")
            url = reverse("picker_person_add")
            widget_attrs["data-picker-add-url"] = f"{url}?{urlencode({'within': within})}" if within else url
        css = widget_attrs.get("class", "")
        if "form-select" not in css.split():
            widget_attrs["class"] = f"{css} form-select".strip()
        return context


class PickerSelect(PickerMixin, forms.Select):
    pass


class PickerSelectMultiple(PickerMixin, forms.SelectMultiple):
    pass


def _use(field: forms.ModelChoiceField, source: str, params: dict, add: bool = False) -> None:
    multiple = isinstance(field, forms.ModelMultipleChoiceField)
    widget_class = PickerSelectMultiple if multiple else PickerSelect
    attrs = {k: v for k, v in field.widget.attrs.items() if k not in ("size",)}
    widget = type(f"{source.title()}{widget_class.__name__}", (widget_class,), {"source": source})(
        attrs, params=params, add=add
    )
    widget.choices = field.choices
    widget.is_required = field.required
    field.widget = widget


def unit_picker(field, *, within=None, open_only: bool = False, year: int | None = None, **narrowers) -> None:
    """Make ``field`` (a unit ModelChoiceField or ModelMultipleChoiceField) a search picker.

    Call it after the field's queryset is set; the parameters (and an app's registered ``narrowers``)
    should say what that queryset says.
    """
    within = getattr(within, "pk", within)
    _use(field, "unit", {"within": within, "open": 1 if open_only else None, "year": year, **narrowers})


def person_picker(field, *, within=None, add: bool = False, **narrowers) -> None:
    """Make ``field`` a person search picker; ``add``: offer "Thêm người mới" (duplicates proposed first)."""
    within = getattr(within, "pk", within)
    _use(field, "person", {"within": within, **narrowers}, add=add)


# ---------------------------------------------------------------------------
# Adding a person from a picker
# ---------------------------------------------------------------------------


def likely_duplicates(*, full_name: str, birth_year: int | None, unit: OrgUnit | None, among: QuerySet) -> list:
    """People of ``among`` with the same folded name, the likeliest first: same birth year and unit,
    then same birth year, then same unit, then the others of that name."""
    folded = fold(full_name)
    if not folded:
        return []
    same_year = Q(birth_year=birth_year) if birth_year else Q(pk__in=[])
    same_unit = Q(unit=unit) if unit else Q(pk__in=[])
    people = (
        among.filter(search_text=folded)
        .select_related("unit")
        .annotate(
            likeness=Case(
                When(same_year & same_unit, then=Value(0)),
                When(same_year, then=Value(1)),
                When(same_unit, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        )
        .order_by("likeness", "sort_key", "pk")
    )
    return list(people[:RESULTS])


class PersonQuickForm(BootstrapMixin, forms.Form):
    """A new person from a picker (nominee, exemplar, proposal forms): the unit among those the user may
    add people to. ``confirm`` holds the ``key`` of the entry whose likely duplicates the user was shown:
    the same entry posted again is added anyway; a changed name, year or unit is checked again."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    gender = forms.ChoiceField(label=_("Giới tính"), choices=[("", "—"), ("male", _("Nam")), ("female", _("Nữ"))])
    birth_year = YearField(label=_("Năm sinh"), required=False)
    position = forms.CharField(label=_("Chức vụ, chức danh"), max_length=200, required=False)
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None)
    confirm = forms.CharField(required=False, widget=forms.HiddenInput, max_length=400)

    def __init__(self, *args, units, within=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        unit_picker(self.fields["unit"], within=within, open_only=True)

    def clean_full_name(self):
        name = nfc(self.cleaned_data["full_name"])
        if not name:
            raise ValidationError(_("Cần ghi họ và tên."))
        return name

    def clean(self):
        data = super().clean()
        check_year(self, "birth_year", low=BIRTH_YEAR_MIN, high=current_year())
        return data

    def key(self) -> str:
        data = self.cleaned_data
        return f"{fold(data['full_name'])}|{data.get('birth_year') or ''}|{data['unit'].pk}"

    def confirmed(self) -> bool:
        return self.cleaned_data.get("confirm") == self.key()
