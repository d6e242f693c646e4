"""The province-scale data generator, at a small size."""

import pytest
from django.core.management import call_command

from awards.models import AwardRecord, Dossier
from clusters.models import Cluster
from thiduakt.models import OrgUnit, Person
from thiduakt.text import fold

pytestmark = pytest.mark.django_db


def test_seed_bulk_generates_then_does_nothing_twice(world):
    args = ["--years", "2", "--records", "300", "--dossiers", "20", "--people", "500"]
    call_command("seed_bulk", *args)

    assert OrgUnit.objects.filter(code__startswith="BULK.").count() == 30 + 150 + 10 + 500 + 20 + 100
    assert Cluster.objects.filter(name__startswith="Cụm thi đua số ").count() == 20
    assert AwardRecord.objects.filter(decision_number__endswith="/QĐ-BULK").count() == 600
    assert Dossier.objects.filter(unit__code__startswith="BULK.").count() == 40
    person = Person.objects.filter(unit__code__startswith="BULK.").first()
    assert person.search_text == fold(person.full_name) and person.sort_key

    call_command("seed_bulk", *args)
    assert AwardRecord.objects.filter(decision_number__endswith="/QĐ-BULK").count() == 600


def test_seed_bulk_scale_multiplies_records_dossiers_and_people(world):
    args = ["--years", "1", "--records", "30", "--dossiers", "2", "--people", "50", "--scale", "10"]
    call_command("seed_bulk", *args)

    assert AwardRecord.objects.filter(decision_number__endswith="/QĐ-BULK").count() == 300
    assert Dossier.objects.filter(unit__code__startswith="BULK.").count() == 20
    assert Person.objects.filter(unit__code__startswith="BULK.").count() == 500
