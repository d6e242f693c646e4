"""Numbers typed the Vietnamese way, dates and numbers checked for meaning, Django's messages in plain Vietnamese."""

from datetime import date
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy

from thiduakt.bounds import date_problem, number_problem, year_problem
from thiduakt.forms import BootstrapMixin, format_number, read_number


class NumbersForm(BootstrapMixin, forms.Form):
    amount = forms.DecimalField(max_digits=14, decimal_places=2, required=False)
    percent = forms.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False)
    count = forms.IntegerField(min_value=0, required=False)
    ratio = forms.FloatField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["late"] = forms.DecimalField(max_digits=7, decimal_places=2, required=False)  # added after __init__


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("72,5", Decimal("72.5")),
        ("1.234,5", Decimal("1234.5")),
        ("1.234", Decimal("1234")),
        ("72.5", Decimal("72.5")),
        ("50.000", Decimal("50000")),
        (" 9,25 ", Decimal("9.25")),
        ("-3,5", Decimal("-3.5")),
    ],
)
def test_decimal_fields_read_vietnamese_numbers(typed, stored):
    form = NumbersForm(data={"amount": typed, "late": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == stored
    assert form.cleaned_data["late"] == stored


def test_integer_and_float_fields_read_vietnamese_numbers():
    form = NumbersForm(data={"count": "1.234", "ratio": "0,75"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["count"] == 1234
    assert form.cleaned_data["ratio"] == 0.75


def test_messages_are_plain_vietnamese():
    form = NumbersForm(data={"amount": "abc", "count": "2,5", "percent": "150", "late": "123456789"})
    assert not form.is_valid()
    assert form.errors["amount"] == ["Nhập một số, ví dụ 72,5 hoặc 1.234,5."]
    assert form.errors["count"] == ["Nhập một số nguyên, ví dụ 12 hoặc 1.234."]
    assert form.errors["percent"] == ["Không được lớn hơn 100."]
    assert form.errors["late"] == ["Số quá lớn: tối đa 7 chữ số."]


def test_django_catalogue_overrides_are_compiled():
    """The .mo beside the .po is current: each override is what Django says."""
    assert forms.IntegerField().error_messages["invalid"] == "Nhập một số nguyên, ví dụ 12 hoặc 1.234."
    field = forms.CharField(max_length=3)
    with pytest.raises(forms.ValidationError) as error:
        field.clean("abcdef")
    assert error.value.messages == ["Dài quá: tối đa 3 ký tự (đang có 6)."]
    with pytest.raises(forms.ValidationError) as error:
        forms.DateField().clean("31/02/2026")
    assert error.value.messages == ["Nhập ngày theo dạng ngày/tháng/năm, ví dụ 02/09/2025."]


def test_number_boxes_show_numbers_the_vietnamese_way():
    form = NumbersForm(initial={"amount": Decimal("1234.50"), "count": 15, "percent": Decimal("15.00")})
    html = str(form["amount"]) + str(form["count"]) + str(form["percent"]) + str(form["late"])
    assert 'value="1.234,5"' in html
    assert 'value="15"' in html
    assert 'type="number"' not in html
    assert 'inputmode="decimal"' in html and 'inputmode="numeric"' in html


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("50000.00"), "50.000"),
        (Decimal("9.5"), "9,5"),
        (1234567, "1.234.567"),
        (Decimal("-0.25"), "-0,25"),
        (0, "0"),
    ],
)
def test_format_number(value, shown):
    assert format_number(value) == shown


def test_read_number_refuses_what_is_not_a_number():
    with pytest.raises(forms.ValidationError):
        read_number("12abc", integer=False)
    with pytest.raises(forms.ValidationError):
        read_number("1,5", integer=True)


def test_date_problem_names_the_neighbour_and_its_date():
    start = date(2026, 9, 1)
    end = date(2026, 12, 31)
    kwargs = {"after": (start, "ngày bắt đầu phong trào"), "before": (end, "ngày kết thúc phong trào")}
    assert date_problem(start, **kwargs) is None
    assert date_problem(end, **kwargs) is None
    assert date_problem(date(2026, 8, 31), **kwargs) == (
        "Ngày 31/08/2026 sớm hơn ngày bắt đầu phong trào (01/09/2026): phải từ 01/09/2026 trở đi."
    )
    assert date_problem(date(2027, 1, 1), **kwargs) == (
        "Ngày 01/01/2027 muộn hơn ngày kết thúc phong trào (31/12/2026): không được sau 31/12/2026."
    )
    today = date(2026, 12, 1)
    assert date_problem(today, not_future=True, today=today) is None
    assert date_problem(date(2026, 12, 2), not_future=True, today=today) == (
        "Ngày 02/12/2026 chưa đến: không được sau hôm nay (01/12/2026)."
    )
    assert date_problem(date(2026, 8, 31), after=[(None, "không biết"), (start, "ngày bắt đầu")]) is not None


def test_number_and_year_problems():
    assert number_problem(Decimal("100"), high=(100, "mức tối đa")) is None
    assert number_problem(Decimal("100.5"), high=(100, "mức tối đa")) == "100,5 lớn hơn mức tối đa (100)."
    assert number_problem(-1, low=(0, "mức tối thiểu")) == "-1 nhỏ hơn mức tối thiểu (0)."
    assert year_problem(2026, low=2020, high=2026) is None
    assert year_problem(2031, low=2020, high=2026) == "Năm 2031 không hợp lệ: phải trong khoảng 2020 – 2026."
    assert year_problem(2019, low=2020) == "Năm 2019 không hợp lệ: phải từ 2020 trở đi."


class DatesForm(BootstrapMixin, forms.Form):
    day = forms.DateField(required=False)


@pytest.mark.parametrize(("typed", "ok"), [("02/09/1945", True), ("01/09/1945", False), ("01/01/2100", False)])
def test_every_date_field_has_a_plausible_range(typed, ok):
    form = DatesForm(data={"day": typed})
    assert form.is_valid() is ok
    if not ok:
        assert form.errors["day"][0].startswith(f"Ngày {typed} ngoài khoảng hợp lý (02/09/1945 – ")


def test_bounds_take_lazy_labels_and_missing_neighbours():
    start = date(2026, 9, 1)
    assert date_problem(date(2026, 8, 1), after=(start, gettext_lazy("ngày bắt đầu"))).startswith("Ngày 01/08/2026")
    assert date_problem(date(2026, 8, 1), before=(None, gettext_lazy("ngày tờ trình"))) is None


class YearsForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(required=False)
    birth_year = forms.IntegerField(required=False)
    count = forms.IntegerField(required=False)


def test_years_are_shown_as_years_and_counts_as_numbers():
    form = YearsForm(initial={"year": 2024, "birth_year": 1972, "count": 2024})
    assert 'value="2024"' in str(form["year"]) and 'value="1972"' in str(form["birth_year"])
    assert 'value="2.024"' in str(form["count"])
    bound = YearsForm(data={"year": "2024", "birth_year": "1972"})
    assert bound.is_valid() and bound.cleaned_data["year"] == 2024


def test_a_choice_gone_since_the_page_was_opened_is_told_what_happened_and_what_to_do():
    """Every model choice of our forms says so, single or multiple; a message a form gives of its own is kept."""
    from django import forms  # noqa: PLC0415 -- only here

    from thiduakt.forms import STALE_CHOICE, BootstrapMixin  # noqa: PLC0415 -- only here
    from thiduakt.models import OrgUnit  # noqa: PLC0415 -- only here

    class Picks(BootstrapMixin, forms.Form):
        one = forms.ModelChoiceField(queryset=OrgUnit.objects.none())
        many = forms.ModelMultipleChoiceField(queryset=OrgUnit.objects.none())
        own = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), error_messages={"invalid_choice": "Riêng."})

    form = Picks()
    assert [str(form.fields[n].error_messages["invalid_choice"]) for n in ("one", "many", "own")] == [
        str(STALE_CHOICE),
        str(STALE_CHOICE),
        "Riêng.",
    ]
