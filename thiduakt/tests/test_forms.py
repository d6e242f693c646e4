import re
from datetime import date

from django import forms

from thiduakt.forms import BootstrapMixin, DateInput, FastSelect
from thiduakt.models import OrgUnit
from thiduakt.tests.factories import OrgUnitFactory

CHOICES = [("", "Tất cả"), ("a<b", "Á & B"), ("Nhóm", [("x", "X"), ("y", "Y")])]


def _squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def test_fast_select_writes_the_same_html_as_djangos_select():
    attrs = {"class": "form-select"}
    for value in ("a<b", "y", None):
        ours = FastSelect(choices=CHOICES, attrs=attrs).render("u", value, attrs={"id": "id_u", "required": True})
        django = forms.Select(choices=CHOICES, attrs=attrs).render("u", value, attrs={"id": "id_u", "required": True})
        assert ours == _squeeze(django)
    assert '<option value="a&lt;b" selected>Á &amp; B</option>' in FastSelect(choices=CHOICES).render("u", "a<b")


def test_bootstrap_forms_use_the_fast_select_for_plain_selects_only():
    class Form(BootstrapMixin, forms.Form):
        kind = forms.ChoiceField(choices=CHOICES)
        many = forms.MultipleChoiceField(choices=CHOICES)

    form = Form()
    assert type(form.fields["kind"].widget) is FastSelect
    assert form.fields["kind"].widget.attrs["class"] == "form-select"
    assert type(form.fields["many"].widget) is forms.SelectMultiple


def test_fast_select_writes_the_same_html_for_model_choices(db):
    chosen = OrgUnitFactory(name="Sở <Y tế> & “Dân số”")
    OrgUnitFactory(name="UBND xã Tân Phú")

    class Form(forms.Form):
        unit = forms.ModelChoiceField(OrgUnit.objects.order_by("name"), required=False, empty_label="Mọi đơn vị")

    for value in (chosen.pk, None, "not-a-pk"):
        field = Form(data={"unit": value}).fields["unit"]
        ours = FastSelect(choices=field.choices).render("unit", value, attrs={"id": "id_unit"})
        django = forms.Select(choices=field.choices).render("unit", value, attrs={"id": "id_unit"})
        assert ours == _squeeze(django)
    rendered = FastSelect(choices=field.choices).render("unit", chosen.pk)
    assert f'<option value="{chosen.pk}" selected>Sở &lt;Y tế&gt; &amp; “Dân số”</option>' in rendered
    assert rendered.count(" selected") == 1


def test_dates_are_typed_and_shown_day_first_whatever_the_browser_language():

    class Form(forms.Form):
        day = forms.DateField(widget=DateInput())

    html = str(Form(initial={"day": date(2025, 9, 2)})["day"])
    assert 'type="text"' in html and 'value="02/09/2025"' in html and 'placeholder="dd/mm/yyyy"' in html

    def cleaned(text):
        form = Form(data={"day": text})
        return form.cleaned_data["day"] if form.is_valid() else form.errors["day"]

    assert cleaned("05/06/2024") == date(2024, 6, 5)  # 5 June, not 6 May
    assert cleaned("2024-06-05") == date(2024, 6, 5)
    assert cleaned("31/02/2024") == ["Nhập ngày theo dạng ngày/tháng/năm, ví dụ 02/09/2025."]
