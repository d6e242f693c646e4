"""The cross-app contract: catalogue codes, dossier_create_draft, award_records_of."""

from decimal import Decimal

import pytest

from awards.models import Award, AwardRecord, Dossier, DossierEvent, Nomination
from awards.selectors import award_records_of
from awards.services import dossier_create_draft
from awards.tests.factories import AwardRecordFactory, award
from thiduakt.services import DomainError
from thiduakt.tests.factories import PersonFactory

CODES = ["LDTT", "CSTDCS", "CSTDT", "CSTDTQ", "TTLDTT", "TTLDXS", "CTDT", "CTDCP", "BKT", "BKTTG", "GK", "HCLD3"]


@pytest.mark.django_db
def test_catalogue_migration_seeds_the_twelve_codes():
    assert sorted(Award.objects.values_list("code", flat=True)) == sorted(CODES)
    bkt = award("BKT")
    coefficients = {c.recipient_kind: c.coefficient for c in bkt.reward_coefficients.filter(valid_to__isnull=True)}
    assert coefficients == {"individual": Decimal("1.5"), "collective": Decimal("3.0"), "household": Decimal("2.25")}
    assert (bkt.for_individual, bkt.for_collective, bkt.for_household) == (True, True, True)
    assert bkt.needs_council is False
    cstdt = award("CSTDT")
    assert (cstdt.needs_council, cstdt.council_threshold_percent) == (True, 90)
    assert award("CTDT").council_threshold_percent == 80
    assert award("HCLD3").requires_disclosure is True
    assert award("HCLD3").disclosure_working_days == 10
    assert award("CTDCP").central_level is True
    assert "initiative_proof" in cstdt.required_documents
    # One rule set per decree (NĐ 98/2023 until 30/06/2025, NĐ 152/2025 from 01/07/2025); BKT keeps NĐ 91/2017's.
    assert cstdt.rule_sets.latest("valid_from").rules.count() == 5
    assert award("BKT").rule_sets.count() == 3


@pytest.mark.django_db
def test_dossier_create_draft_creates_nominations(world):
    anh, binh = PersonFactory(full_name="Trần Thị Ánh"), PersonFactory(full_name="Lê Văn Bình")
    dossier = dossier_create_draft(
        unit=world.chau_thanh,
        round_kind="campaign",
        year=2024,
        by=world.user("staff"),
        title="Tổng kết phong trào Nông thôn mới",
        origin="campaign_review",
        origin_note="Đề xuất từ tổng kết phong trào",
        nominees=[
            {"kind": "individual", "person": anh, "award": "BKT", "summary": "Vận động hiến đất"},
            {"kind": "collective", "unit": world.unit("HG.CT.DP"), "award": "BKT", "summary": "Xã đạt chuẩn"},
            {"kind": "household", "household_name": "Hộ ông  Võ Văn Đức", "award": "GK", "summary": "Hiến đất"},
            {"kind": "individual", "person": binh, "award": "LDTT"},
        ],
    )
    assert dossier.status == Dossier.Status.DRAFT
    assert (dossier.origin, dossier.created_by) == ("campaign_review", world.user("staff"))
    names = list(dossier.nominations.order_by("id").values_list("nominee_name", "award__code", "year", "status"))
    assert names == [
        ("Trần Thị Ánh", "BKT", 2024, "proposed"),
        ("Ủy ban nhân dân xã Đông Phú", "BKT", 2024, "proposed"),
        ("Hộ ông Võ Văn Đức", "GK", 2024, "proposed"),
        ("Lê Văn Bình", "LDTT", 2024, "proposed"),
    ]
    assert DossierEvent.objects.filter(dossier=dossier).count() == 5


@pytest.mark.django_db
def test_dossier_create_draft_refuses_duplicate_anywhere_and_writes_nothing(world):
    person = PersonFactory(full_name="Phạm Thị Diễm")
    dossier_create_draft(
        unit=world.nga_bay,
        round_kind="yearly",
        year=2024,
        by=None,
        nominees=[{"kind": "individual", "person": person, "award": "BKT"}],
    )
    with pytest.raises(DomainError) as err:
        dossier_create_draft(
            unit=world.chau_thanh,
            round_kind="yearly",
            year=2024,
            by=None,
            nominees=[
                {"kind": "individual", "person": PersonFactory(), "award": "BKT"},
                {"kind": "individual", "person": person, "award": "BKT"},
            ],
        )
    assert str(err.value) == (
        "Phạm Thị Diễm đã được đề nghị Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2024 "
        "(hồ sơ của Ủy ban nhân dân thành phố Ngã Bảy)."
    )
    assert Dossier.objects.filter(unit=world.chau_thanh).count() == 0
    assert Nomination.objects.count() == 1


@pytest.mark.django_db
def test_dossier_create_draft_refuses_award_not_for_that_kind(world):
    with pytest.raises(DomainError) as err:
        dossier_create_draft(
            unit=world.chau_thanh,
            round_kind="yearly",
            year=2024,
            by=None,
            nominees=[{"kind": "collective", "unit": world.unit("HG.CT.DP"), "award": "CSTDCS"}],
        )
    assert str(err.value) == "Chiến sĩ thi đua cơ sở không dành cho tập thể."
    assert Dossier.objects.count() == 0


@pytest.mark.django_db
def test_dossier_create_draft_refuses_unknown_award(world):
    with pytest.raises(DomainError) as err:
        dossier_create_draft(
            unit=world.chau_thanh,
            round_kind="yearly",
            year=2024,
            by=None,
            nominees=[{"kind": "individual", "person": PersonFactory(), "award": "XYZ"}],
        )
    assert str(err.value) == "Không có danh hiệu, hình thức khen thưởng mã “XYZ”."


@pytest.mark.django_db
def test_rejected_nomination_does_not_block_a_new_one(world):
    person = PersonFactory()
    first = dossier_create_draft(
        unit=world.nga_bay,
        round_kind="yearly",
        year=2024,
        by=None,
        nominees=[{"kind": "individual", "person": person, "award": "BKT"}],
    )
    first.nominations.update(status=Nomination.Status.REJECTED)
    second = dossier_create_draft(
        unit=world.chau_thanh,
        round_kind="yearly",
        year=2024,
        by=None,
        nominees=[{"kind": "individual", "person": person, "award": "BKT"}],
    )
    assert second.nominations.count() == 1


@pytest.mark.django_db
def test_award_records_of_person_and_unit(world):
    person = PersonFactory()
    r2022 = AwardRecordFactory(person=person, year=2022)
    r2023 = AwardRecordFactory(person=person, year=2023, award=award("BKT"))
    AwardRecordFactory(year=2023)  # someone else
    flag = AwardRecord.objects.create(
        recipient_kind="collective", unit=world.chau_thanh, award=award("CTDT"), year=2023, decision_number="1/QĐ"
    )
    assert list(award_records_of(person=person)) == [r2023, r2022]
    assert list(award_records_of(unit=world.chau_thanh)) == [flag]
    assert flag.recipient_name == "Ủy ban nhân dân huyện Châu Thành"
    with pytest.raises(ValueError):
        award_records_of()
