"""A dossier's pages read every nominee's findings and possible duplicates at once, whatever its number of nominees.

The appraisal screen and the dossier page before sending ran the eligibility check (and, on the appraisal
screen, the duplicate search) once per nominee: a district's dossier of a hundred nominees cost hundreds of
queries. Each page is measured at two sizes with the same literal number.
"""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from awards.eligibility import duplicate_findings, duplicate_findings_many, evaluate, evaluate_many
from awards.models import Dossier, Nomination, RecipientKind
from awards.tests.factories import AwardRecordFactory, DossierFactory, NominationFactory, award
from thiduakt.tests.factories import OrgUnitFactory, PersonFactory

pytestmark = pytest.mark.django_db

SIZES = [3, 30]
# At a second visit the law (awards, rule sets and rules) is kept: awards.eligibility_batch.
APPRAISE, DOSSIER_PAGE = 13, 17


def _dossier(world, count: int, *, status) -> Dossier:
    """A dossier of Châu Thành with ``count`` nominees of every kind; the individuals have a twin proposed elsewhere."""
    dossier = DossierFactory(unit=world.chau_thanh, year=2024, first_received_on=date(2024, 12, 5), status=status)
    elsewhere = DossierFactory(unit=world.nga_bay, year=2024, first_received_on=date(2024, 12, 5))
    for index in range(count):
        kind = index % 3
        if kind == 0:
            person = PersonFactory(unit=world.chau_thanh, full_name=f"Trần Văn Trùng {index}")
            twin = PersonFactory(unit=world.nga_bay, full_name=f"Tran Van Trung {index}")  # same name and birth year
            NominationFactory(dossier=dossier, person=person, award=award("BKT"))
            NominationFactory(dossier=elsewhere, person=twin, award=award("BKT"))
            AwardRecordFactory(person=person, award=award("BKT"), year=2024, decision_number=f"{index}/QĐ-UBND")
        elif kind == 1:
            unit = OrgUnitFactory()
            NominationFactory(
                dossier=dossier, nominee_kind=RecipientKind.COLLECTIVE, person=None, unit=unit, award=award("BKT")
            )
            AwardRecordFactory(recipient_kind=RecipientKind.COLLECTIVE, person=None, unit=unit, year=2023)
        else:
            NominationFactory(
                dossier=dossier,
                nominee_kind=RecipientKind.HOUSEHOLD,
                person=None,
                household_name=f"Hộ ông Võ Văn Đức {index}",
                award=award("BKT"),
            )
    return dossier


def _second_visit(world, role, url, queries):
    """The page as ``role`` sees it at a second visit (the menu kept), in exactly ``queries`` queries."""
    from django.db import connection  # noqa: PLC0415 -- only here
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415 -- only here

    client = Client()
    client.force_login(world.user(role))
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert (response.status_code, len(captured)) == (200, queries)
    return response


@pytest.mark.parametrize("count", SIZES)
def test_appraisal_screen_queries_constant_whatever_the_dossier(world, count):
    dossier = _dossier(world, count, status=Dossier.Status.SUBMITTED)
    response = _second_visit(world, "staff", reverse("awards:dossier_appraise", args=[dossier.pk]), APPRAISE)
    rows = response.context["rows"]
    assert len(rows) == count
    assert all(row["eligibility"].findings for row in rows)
    individuals = [r for r in rows if r["nomination"].nominee_kind == RecipientKind.INDIVIDUAL]
    assert [len(r["duplicates"]) for r in individuals] == [2] * len(individuals)  # proposed elsewhere, awarded


@pytest.mark.parametrize("count", SIZES)
def test_dossier_page_before_sending_queries_constant_whatever_the_dossier(world, count):
    dossier = _dossier(world, count, status=Dossier.Status.DRAFT)
    response = _second_visit(world, "donvi", reverse("awards:dossier_detail", args=[dossier.pk]), DOSSIER_PAGE)
    nominations = response.context["nominations"]
    assert len(nominations) == count
    assert all(n.preview.findings for n in nominations)


def test_the_dossier_pages_say_for_each_nominee_what_it_says_alone(world):
    """Read together, each nominee's findings and duplicates are those read for it alone."""
    dossier = _dossier(world, 6, status=Dossier.Status.SUBMITTED)
    nominations = list(dossier.nominations.select_related("award", "person", "unit", "dossier").order_by("id"))
    findings, duplicates = evaluate_many(nominations), duplicate_findings_many(nominations)
    for nomination in nominations:
        alone = evaluate(nomination)
        assert [(f.label, f.passed, f.evidence) for f in findings[nomination.pk].findings] == [
            (f.label, f.passed, f.evidence) for f in alone.findings
        ]
        assert findings[nomination.pk].verdict == alone.verdict
        assert duplicates[nomination.pk] == duplicate_findings(nomination)


def test_duplicates_read_together_name_each_nominees_own(world):
    twin_a = PersonFactory(full_name="Nguyễn Văn Trùng", birth_year=1980)
    twin_b = PersonFactory(full_name="Nguyen Van Trung", birth_year=1980)
    other_year = PersonFactory(full_name="Nguyễn Văn Trùng", birth_year=1981)
    unit = OrgUnitFactory(name="Trường Tiểu học Thử Nghiệm")
    mine = DossierFactory(unit=world.chau_thanh, year=2024)
    theirs = DossierFactory(unit=world.nga_bay, year=2024)
    a = NominationFactory(dossier=mine, person=twin_a, award=award("BKT"))
    bkt = award("BKT")
    c = NominationFactory(dossier=mine, nominee_kind=RecipientKind.COLLECTIVE, person=None, unit=unit, award=bkt)
    h = NominationFactory(
        dossier=mine, nominee_kind=RecipientKind.HOUSEHOLD, person=None, household_name="Hộ ông Lê Văn Tám", award=bkt
    )
    alone = NominationFactory(dossier=mine, person=other_year, award=award("CSTDCS"))
    NominationFactory(dossier=theirs, person=twin_b, award=award("BKT"))
    NominationFactory(dossier=theirs, person=twin_b, award=award("BKT"), status=Nomination.Status.WITHDRAWN)
    NominationFactory(dossier=theirs, person=twin_b, award=award("BKT"), year=2023)
    AwardRecordFactory(person=twin_a, award=award("BKT"), year=2024, decision_number="9/QĐ-UBND")
    AwardRecordFactory(
        recipient_kind=RecipientKind.HOUSEHOLD,
        person=None,
        recipient_name="Hộ ông Lê Văn Tám (ấp 3)",
        award=award("BKT"),
        year=2024,
        decision_number="",
    )
    nominations = list(Nomination.objects.filter(dossier=mine).select_related("award", "person").order_by("id"))

    found = duplicate_findings_many(nominations)

    proposed = f"Cũng được đề nghị trong hồ sơ của {world.nga_bay.name} (đề nghị)"
    bkt = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    assert found == {
        a.pk: [proposed, f"Đã được tặng {bkt} năm 2024 (QĐ 9/QĐ-UBND)"],
        c.pk: [],
        h.pk: [f"Đã được tặng {bkt} năm 2024"],
        alone.pk: [],
    }


@pytest.mark.parametrize("count", [3, 12])
def test_sending_a_dossier_checks_its_quotas_in_constant_queries(world, django_assert_num_queries, count):
    from awards.services import dossier_submit  # noqa: PLC0415 -- the subject of this test
    from awards.tests.helpers import complete_dossier  # noqa: PLC0415 -- idem

    donvi = world.user("donvi")
    nominees = [
        {"kind": "individual", "person": PersonFactory(unit=world.chau_thanh), "award": "BKT", "summary": "Tốt"}
        for _ in range(count)
    ]
    dossier = complete_dossier(unit=world.chau_thanh, by=donvi, nominees=nominees)
    with django_assert_num_queries(SUBMIT):
        dossier = dossier_submit(dossier=dossier, by=donvi)
    assert dossier.status == Dossier.Status.SUBMITTED


SUBMIT = 25  # the rule sets, their rules and the awards kept since the dossier was built


def test_the_law_kept_between_evaluations_is_read_again_once_a_rule_set_or_rule_is_written(
    world, django_assert_num_queries
):
    from datetime import timedelta  # noqa: PLC0415 -- only here

    from django.utils import timezone  # noqa: PLC0415 -- idem

    from awards.models import Rule, RuleSet  # noqa: PLC0415 -- idem

    nomination = NominationFactory(dossier=DossierFactory(unit=world.chau_thanh), award=award("BKT"))
    before = evaluate(nomination)
    assert before.rule_set is not None
    with django_assert_num_queries(0):  # the rule sets and rules kept (the nominee's own facts are read below)
        from awards.eligibility_batch import _all_rule_sets  # noqa: PLC0415 -- the kept law itself

        assert next(s.pk for s in _all_rule_sets() if s.award_id == nomination.award_id) == before.rule_set.pk
    newer = RuleSet.objects.create(
        award=nomination.award,
        name="Bộ tiêu chuẩn thử",
        legal_basis="Thử",
        valid_from=timezone.localdate() - timedelta(days=1),
    )
    assert evaluate(nomination).rule_set.pk == newer.pk
    assert evaluate(nomination).findings == []
    Rule.objects.create(rule_set=newer, kind=Rule.Kind.QUOTA, params={"scope": "unit", "max": 1}, description="Thử")
    assert [f.kind for f in evaluate(nomination).findings] == [Rule.Kind.QUOTA]
