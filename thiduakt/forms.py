from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from thiduakt.spreadsheets import parse_decimal


class FastSelect(forms.Select):
    """A ``Select`` that writes its options straight from its choices.

    Same HTML as Django's widget, without building a context dictionary per
    option: a filter listing 800 units costs about a millisecond.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = self.format_value(value)
        found = False

        def options(choices) -> str:
            nonlocal found
            parts = []
            for option_value, label in choices:
                option_value = "" if option_value is None else str(option_value)
                mark = ""
                if not found and option_value in selected:
                    mark, found = " selected", True
                parts.append(f'<option value="{escape(option_value)}"{mark}>{escape(label)}</option>')
            return "".join(parts)

        html = []
        for group_value, group_label in self.choices:
            if isinstance(group_label, (list, tuple)):
                html.append(f'<optgroup label="{escape(group_value)}">{options(group_label)}</optgroup>')
            else:
                html.append(options([(group_value, group_label)]))
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(final_attrs),
            mark_safe("".join(html)),  # noqa: S308 - every value and label went through escape()
        )


def format_number(value) -> str:
    """A number written the Vietnamese way: "." between thousands, "," before decimals, no trailing zeros.

    ``Decimal("1234.50")`` is "1.234,5", ``15`` is "15", ``Decimal("50000.00")`` is "50.000".
    Years are not numbers to group: show them with ``{{ year }}``, not through this.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    sign = "-" if number < 0 else ""
    text = format(abs(number).normalize(), "f")
    whole, _dot, decimals = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = sign + ".".join(groups)
    return f"{result},{decimals}" if decimals else result


def figure(value, empty: str = "—") -> str:
    """A figure the Vietnamese way through ``format_number``: 12345 → "12.345",
    Decimal("72.50") → "72,5", 50000.00 → "50.000"; at most two decimals; ``empty`` (default "—") for None.

    Text is shown as it is. Years are not figures: write them with ``{{ year }}``.
    """
    if value is None or value == "":
        return empty
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, float | Decimal):
        number = Decimal(str(value)) if isinstance(value, float) else value
        if not number.is_finite():
            return str(value)
        if number.as_tuple().exponent < -2:
            number = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        value = number
    return format_number(value)


class VNNumberInput(forms.TextInput):
    """A number box that takes and shows "72,5" and "1.234,5".

    A browser's ``<input type="number">`` drops a decimal comma it does not expect
    (Chromium in an English locale turns "72,5" into 725), so numbers are typed in
    a text box with a numeric keyboard on phones, and read on the server.
    """

    def __init__(self, attrs=None, *, integer: bool = False, year: bool = False):
        attrs = {key: value for key, value in (attrs or {}).items() if key not in ("step", "min", "max")}
        defaults = {"inputmode": "numeric" if integer or year else "decimal", "autocomplete": "off"}
        super().__init__(attrs={**defaults, **attrs})
        self.year = year

    def format_value(self, value):
        if self.year and isinstance(value, int) and not isinstance(value, bool):
            return str(value)  # 2024, never "2.024"
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return format_number(value)
        return super().format_value(value)


NUMBER_MESSAGES = {
    "invalid": _("Nhập một số, ví dụ 72,5 hoặc 1.234,5."),
    "max_digits": _("Số quá lớn: tối đa %(max)s chữ số."),
    "max_decimal_places": _("Tối đa %(max)s chữ số sau dấu phẩy."),
    "max_whole_digits": _("Phần nguyên tối đa %(max)s chữ số."),
}
INTEGER_MESSAGES = {"invalid": _("Nhập một số nguyên, ví dụ 12 hoặc 1.234.")}


def read_number(value, *, integer: bool):
    """What a number box holds, read the Vietnamese way (the same reader as spreadsheet cells)."""
    if value in (None, ""):
        return None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    try:
        number = parse_decimal(str(value)[:64])
    except ValueError:
        raise ValidationError(INTEGER_MESSAGES["invalid"] if integer else NUMBER_MESSAGES["invalid"], code="invalid")
    if number is None:
        return None
    if integer:
        if number != number.to_integral_value():
            raise ValidationError(INTEGER_MESSAGES["invalid"], code="invalid")
        return int(number)
    return number


class _VNNumber:
    """Mixed into Django's number fields by ``localize_numbers``: Vietnamese reading and messages."""

    integer = False

    def to_python(self, value):
        number = read_number(value.strip() if isinstance(value, str) else value, integer=self.integer)
        return super().to_python(number if number is None else str(number))


class VNDecimalField(_VNNumber, forms.DecimalField):
    pass


class VNFloatField(_VNNumber, forms.FloatField):
    pass


class VNIntegerField(_VNNumber, forms.IntegerField):
    integer = True


class YearField(forms.IntegerField):
    """A year: typed and shown 2024, never grouped as a number would be ("2.024").

    A plain ``IntegerField`` whose name ends in ``year`` (``year``, ``birth_year``,
    ``new_birth_year``…) is treated as one by ``localize_numbers``.
    """


class VNYearField(_VNNumber, YearField):
    integer = True


EARLIEST_DATE = date(1945, 9, 2)  # no emulation record of this state can be older than the state
LATEST_YEARS_AHEAD = 10  # plans and terms run a few years ahead, never a decade


def plausible_date(value) -> None:
    """Every date of the product lies between 02/09/1945 and ten years from today.

    The floor and ceiling of last resort, added to every date field of every
    form: each form still checks its dates against their neighbours
    (``thiduakt.bounds``); this one stops "01/01/1900" and "31/12/2100", typos
    that no neighbour may be there to catch.
    """
    if value is None:
        return
    day = value.date() if hasattr(value, "date") else value
    today = timezone.localdate()
    latest = today.replace(year=today.year + LATEST_YEARS_AHEAD, day=min(today.day, 28))
    if day < EARLIEST_DATE or day > latest:
        raise ValidationError(
            _("Ngày %(value)s ngoài khoảng hợp lý (%(low)s – %(high)s); hãy kiểm tra lại năm."),
            code="implausible_date",
            params={
                "value": day.strftime("%d/%m/%Y"),
                "low": EARLIEST_DATE.strftime("%d/%m/%Y"),
                "high": latest.strftime("%d/%m/%Y"),
            },
        )


_LOCALISED = {
    forms.DecimalField: VNDecimalField,
    forms.FloatField: VNFloatField,
    forms.IntegerField: VNIntegerField,
    YearField: VNYearField,
}


def localize_numbers(fields) -> None:
    """Make every plain number field of a form read and show Vietnamese numbers (idempotent).

    Date fields get ``plausible_date`` here too.

    The field keeps its bounds and validators; only its class (a subclass without
    state of its own), its widget and its messages change.
    """
    for name, field in fields.items():
        if isinstance(field, forms.DateField | forms.DateTimeField) and plausible_date not in field.validators:
            field.validators.append(plausible_date)
            continue
        local = _LOCALISED.get(type(field))
        if local is VNIntegerField and str(name).endswith("year"):
            local = VNYearField
        if local is None:
            continue
        field.__class__ = local
        field.error_messages = {**field.error_messages, **(INTEGER_MESSAGES if local.integer else NUMBER_MESSAGES)}
        widget = field.widget
        if isinstance(widget, forms.NumberInput) or type(widget) is forms.TextInput:
            css = widget.attrs.get("class", "")
            field.widget = VNNumberInput(widget.attrs, integer=local.integer, year=local is VNYearField)
            if css:
                field.widget.attrs["class"] = css
        field.localize = False  # our reader does the localising; Django's would read "1.234,5" wrongly


STALE_CHOICE = _(
    "Lựa chọn này không có trong danh sách được phép (có thể vừa thay đổi ở một trang khác); "
    "hãy tải lại trang rồi chọn lại."
)


def _say_why_a_choice_is_gone(field) -> None:
    """A unit, person or item offered when the page was opened may be gone when it is sent (closed, withdrawn,
    removed in another tab): Django's "not one of the available choices" becomes what happened and what to do.
    A message a form gives of its own is kept."""
    for kind in (forms.ModelChoiceField, forms.ModelMultipleChoiceField):
        if isinstance(field, kind) and field.error_messages.get("invalid_choice") is kind.default_error_messages.get(
            "invalid_choice"
        ):
            field.error_messages["invalid_choice"] = STALE_CHOICE


class BootstrapMixin:
    """Give every widget the Bootstrap class it needs (and plain selects the fast renderer).

    Number fields are made Vietnamese (``localize_numbers``) here, again before
    cleaning and when a field is rendered, so that a field a form adds after
    ``__init__`` is covered too.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        localize_numbers(self.fields)
        for field in self.fields.values():
            _say_why_a_choice_is_gone(field)
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
                continue
            if type(widget) is forms.Select:
                widget.__class__ = FastSelect  # a subclass with no state of its own
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if css not in widget.attrs.get("class", "").split():
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        localize_numbers(self.fields)
        super().full_clean()
        # A field in error is marked for Bootstrap and screen readers (the summary at the top links to it).
        for name in self._errors or ():
            field = self.fields.get(name)
            if field is None:
                continue
            attrs = field.widget.attrs
            if "is-invalid" not in attrs.get("class", "").split():
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
            attrs["aria-invalid"] = "true"

    def __getitem__(self, name):
        localize_numbers(self.fields)
        return super().__getitem__(name)


def table_input(field, *, number: bool = False):
    """A box in an input table (registration, progress report, score sheet): small, numbers aligned right."""
    widget = field.widget
    css = "form-select" if isinstance(widget, forms.Select) else "form-control"
    classes = [c for c in widget.attrs.get("class", "").split() if c not in (css, "form-control-sm", "text-end")]
    classes += [css, "form-select-sm" if css == "form-select" else "form-control-sm"] + (["text-end"] if number else [])
    widget.attrs["class"] = " ".join(classes)
    return field


DATE_PATTERN = r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}"


class DateInput(forms.DateInput):
    """A date typed and shown as dd/mm/yyyy whatever the language of the user's computer.

    A native date picker follows the browser's language: on the English-language
    computers many offices use it shows mm/dd/yyyy, and 05/06 would be read the
    wrong way round. The server reads dd/mm/yyyy and ISO (yyyy-mm-dd).
    """

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
            "pattern": DATE_PATTERN,
            "title": _("Ngày/tháng/năm, ví dụ 02/09/2025"),
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


class StyledPasswordChangeForm(BootstrapMixin, PasswordChangeForm):
    pass
