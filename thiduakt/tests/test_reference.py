"""Reference data lives in each app's ``reference`` module and reaches every database after migrate."""

import pytest
from django.apps import apps
from django.core.management import call_command

from awards import reference as awards_reference
from awards.models import Award, BaseSalary, DecisionTemplate, Holiday, ProcessingRule, Rule, RuleSet
from exemplars import reference as exemplars_reference
from exemplars.models import Field
from thiduakt.reference import seed_all

pytestmark = pytest.mark.django_db


def test_every_reference_row_is_in_the_database():
    assert set(Award.objects.values_list("code", flat=True)) == {row[0] for row in awards_reference.AWARDS}
    assert RuleSet.objects.count() == len(awards_reference.RULE_SETS)
    assert Rule.objects.count() == sum(len(rules) for *_, rules in awards_reference.RULE_SETS)
    assert Holiday.objects.count() == len(awards_reference.HOLIDAYS)
    assert ProcessingRule.objects.count() == len(awards_reference.PROCESSING_RULES)
    assert BaseSalary.objects.count() == len(awards_reference.SALARIES)
    assert DecisionTemplate.objects.count() == len(awards_reference.TEMPLATES)
    assert list(Field.objects.order_by("order").values_list("code", flat=True)) == [
        code for code, _ in exemplars_reference.FIELDS
    ]


def test_seeding_again_keeps_an_administrators_edit_and_puts_back_a_deleted_row():
    Award.objects.filter(code="BKT").update(name="Bằng khen (tên do quản trị sửa)")
    rule_set = RuleSet.objects.filter(award__code="LDTT").latest("valid_from")
    rule_set.rules.update(description="Điều kiện do quản trị sửa")
    Holiday.objects.filter(day="2025-09-02").delete()

    seed_all()

    assert Award.objects.get(code="BKT").name == "Bằng khen (tên do quản trị sửa)"
    assert set(rule_set.rules.values_list("description", flat=True)) == {"Điều kiện do quản trị sửa"}
    assert Holiday.objects.get(day="2025-09-02").name == "Quốc khánh"
    assert Award.objects.count() == len(awards_reference.AWARDS)


@pytest.mark.django_db(transaction=True)
def test_a_flush_is_followed_by_the_reference_data_as_migrate_leaves_it():
    call_command("flush", interactive=False, verbosity=0)
    assert Award.objects.count() == len(awards_reference.AWARDS)
    assert Field.objects.count() == len(exemplars_reference.FIELDS)
    assert apps.get_app_config("awards").reference_data == "awards.reference"
