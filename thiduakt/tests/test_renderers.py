"""The form renderer writes, for each widget it knows, exactly the HTML of Django's own widget templates."""

from datetime import date, time
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import override_settings
from django.utils.safestring import mark_safe

from thiduakt.renderers import FormRenderer

TEMPLATES, FAST = DjangoTemplates(), FormRenderer()
CHOICES = [("", "---"), (1, "Một <b>"), ("Nhóm & co", [(2, "Hai"), (3, 2024)]), (None, "Không")]

WIDGETS = [
    (forms.TextInput(), 'Bà Nguyễn Thị <An> & "Bình"'),
    (forms.TextInput(attrs={"class": "form-control", "required": True, "disabled": False, "data-x": 12}), None),
    (forms.TextInput(), mark_safe("<i>safe</i>")),
    (forms.TextInput(), ("a", 1)),
    (forms.NumberInput(attrs={"min": 0, "step": Decimal("0.5")}), Decimal("1234.50")),
    (forms.NumberInput(), 12345),
    (forms.EmailInput(), "a@b.vn"),
    (forms.URLInput(), "https://x.vn/?a=1&b=2"),
    (forms.PasswordInput(render_value=True), "p<w>"),
    (forms.PasswordInput(), "secret"),
    (forms.HiddenInput(), 7),
    (forms.DateInput(format="%d/%m/%Y"), date(2021, 8, 12)),
    (forms.DateInput(attrs={"type": "date"}), "2021-08-12"),
    (forms.TimeInput(), time(8, 30)),
    (forms.DateTimeInput(), None),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(), False),
    (forms.CheckboxInput(attrs={"class": "form-check-input"}), "on"),
    (forms.FileInput(attrs={"accept": ".pdf,.docx"}), None),
    (forms.Textarea(), 'dòng 1\n<dòng 2> & "3"'),
    (forms.Textarea(attrs={"rows": 3, "maxlength": 2000}), ""),
    (forms.Textarea(), None),
    (forms.Select(choices=CHOICES), 3),
    (forms.Select(choices=CHOICES), ""),
    (forms.Select(choices=CHOICES, attrs={"class": "form-select", "autofocus": True}), None),
    (forms.Select(choices=[(2024, 2024), (2025, 2025)]), 2025),
    (forms.NullBooleanSelect(), True),
    (forms.SelectMultiple(choices=CHOICES), [1, 3]),
    (forms.RadioSelect(choices=CHOICES), 1),
    (forms.RadioSelect(choices=CHOICES, attrs={"id": "r", "class": "list-unstyled"}), "2"),
    (forms.CheckboxSelectMultiple(choices=CHOICES), [2, 3]),
    (forms.CheckboxSelectMultiple(choices=CHOICES, attrs={"id": "c"}), []),
]


@pytest.mark.parametrize(
    ("widget", "value"), WIDGETS, ids=[f"{type(w).__name__}-{i}" for i, (w, _v) in enumerate(WIDGETS)]
)
def test_each_widget_is_written_as_its_template_writes_it(widget, value):
    expected = widget.render("field", value, attrs={"id": "id_field"}, renderer=TEMPLATES)
    assert widget.render("field", value, attrs={"id": "id_field"}, renderer=FAST) == expected
    assert widget.render("field", value, renderer=FAST) == widget.render("field", value, renderer=TEMPLATES)


@override_settings(USE_THOUSAND_SEPARATOR=True)
def test_numbers_are_localized_as_in_a_template():
    widget = forms.Select(choices=[(12345, 12345), (Decimal("1.5"), Decimal("1.5"))])
    assert widget.render("n", 12345, renderer=FAST) == widget.render("n", 12345, renderer=TEMPLATES)
    assert "12.345</option>" in widget.render("n", 12345, renderer=FAST)


def test_other_templates_go_to_the_template_engine():
    widget = forms.SplitDateTimeWidget()
    value = ["12/08/2021", "08:30"]
    assert widget.render("d", value, renderer=FAST) == widget.render("d", value, renderer=TEMPLATES)

    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    custom = Custom(choices=[(1, "a")])
    assert custom.render("s", 1, renderer=FAST) == custom.render("s", 1, renderer=TEMPLATES)


def test_the_project_renders_every_form_with_it():
    class PersonForm(forms.Form):
        name = forms.CharField(max_length=200)
        born = forms.DateField(required=False)
        note = forms.CharField(widget=forms.Textarea, required=False)
        kind = forms.ChoiceField(choices=[("a", "Cá nhân"), ("b", "Tập thể")])

    data = {"name": "", "born": "31.02.2021", "note": "<b>", "kind": "b"}
    form = PersonForm(data=data)
    assert isinstance(form.renderer, FormRenderer)
    with override_settings(FORM_RENDERER="django.forms.renderers.DjangoTemplates"):
        by_templates = PersonForm(data=data)
        assert type(by_templates.renderer) is DjangoTemplates
        expected = {name: str(by_templates[name]) for name in by_templates.fields}
    assert {name: str(form[name]) for name in form.fields} == expected
    assert expected["note"] == '<textarea name="note" cols="40" rows="10" id="id_note">\n&lt;b&gt;</textarea>'


def test_the_common_widgets_never_reach_the_template_engine(monkeypatch):
    def refused(*args, **kwargs):
        raise AssertionError("rendered through a template")

    monkeypatch.setattr(DjangoTemplates, "render", refused)
    for widget, value in WIDGETS:
        assert widget.render("field", value, renderer=FAST).startswith("<")
    with pytest.raises(AssertionError, match="through a template"):
        forms.SplitDateTimeWidget().render("d", None, renderer=FAST)
