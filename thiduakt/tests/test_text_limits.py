"""Every text a user can type has a length limit, in the model and in the form that takes it.

A limit in the model alone is not enough for a TextField (the database does not check it):
the form refuses the text first, with Django's Vietnamese message, so that a 2,000,000-character
summary never reaches a meeting packet. Imports check the same limits at preview
(``thiduakt.spreadsheets.parse_text``).
"""

import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.db import models

from awards.models import Nomination

PROJECT_APPS = ("thiduakt", "campaigns", "clusters", "awards", "exemplars", "reports")
LONGEST = 20_000  # a few pages: the longest text a document of the product needs


def _project_models():
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):  # simple-history copies the fields
                continue
            yield model


def test_every_text_field_of_every_model_has_a_length_limit():
    unbounded = [
        f"{model._meta.label}.{field.name}"
        for model in _project_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField | models.CharField)
        and not isinstance(field, models.JSONField)
        and (field.max_length is None or field.max_length > LONGEST)
    ]
    assert unbounded == []


def _project_forms():
    for label in PROJECT_APPS:
        try:
            module = importlib.import_module(f"{label}.forms")
        except ModuleNotFoundError:
            continue
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                yield f"{label}.forms.{name}", value


def test_every_text_input_of_every_form_has_a_length_limit():
    unbounded = []
    for name, form_class in _project_forms():
        try:
            fields = form_class.base_fields
        except AttributeError:  # a formset or a mixin
            continue
        for field_name, field in fields.items():
            if isinstance(field.widget, forms.PasswordInput):  # Django's auth forms: hashed, never stored as typed
                continue
            if type(field) in (forms.CharField, forms.RegexField, forms.SlugField) and field.max_length is None:
                unbounded.append(f"{name}.{field_name}")
    assert unbounded == []


@pytest.mark.django_db
def test_a_nominee_summary_longer_than_its_limit_is_refused_by_the_form(world):
    limit = Nomination._meta.get_field("summary").max_length
    field = Nomination._meta.get_field("summary").formfield()
    with pytest.raises(forms.ValidationError) as refused:
        field.clean("x" * (limit + 1))
    assert refused.value.messages == [f"Dài quá: tối đa {limit} ký tự (đang có {limit + 1})."]
