"""Decisions: drafting from passed nominees, reward from the dated base salary, numbering, signing, amending."""

from datetime import date

import pytest

from awards.eligibility import evaluate
from awards.models import AwardRecord, Decision, DecisionCounter, DecisionRecipient, Nomination
from awards.services import (
    base_salary_on,
    decision_amend_draft,
    decision_create_draft,
    decision_sign,
    decision_update,
    reward_amount,
)
from awards.tests.council_factories import ready_nomination
from awards.tests.factories import AwardRecordFactory, DossierFactory, NominationFactory, award
from reports.selectors import award_records_in_scope
from thiduakt.models import Job, Notification
from thiduakt.services import DomainError
from thiduakt.tests.factories import OfficerFactory, OrgUnitFactory, PersonFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _draft(*nominations, code="BKT", signer="Nguyễn Văn Thắng"):
    staff = StaffFactory()
    decision = decision_create_draft(award=award(code), nominations=list(nominations), by=staff)
    decision_update(decision=decision, by=staff, signer_name=signer)
    return staff, decision


def test_base_salary_is_dated_data():
    assert base_salary_on(date(2025, 1, 1)) == 2_340_000
    assert base_salary_on(date(2026, 6, 30)) == 2_340_000
    assert base_salary_on(date(2026, 7, 1)) == 2_530_000


def test_reward_is_coefficient_times_base_salary_on_the_decision_date():
    assert reward_amount(award("BKT"), "individual", date(2025, 7, 1)) == 3_510_000  # 1.5 × 2,340,000
    person = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    unit = ready_nomination(
        "BKT",
        status=Nomination.Status.READY_FOR_DECISION,
        nominee_kind="collective",
        person=None,
        unit=OrgUnitFactory(),
    )
    staff, decision = _draft(person, unit)
    decision_sign(decision=decision, by=staff, decision_date=date(2026, 7, 1))
    amounts = dict(DecisionRecipient.objects.filter(decision=decision).values_list("recipient_kind", "reward_amount"))
    # 1.5 and 3.0 × 2,530,000 = 3,795,000 (rounded up to 3,800,000, NĐ 152 Điều 49 khoản 2) and 7,590,000.
    assert amounts == {"individual": 3_800_000, "collective": 7_590_000}
    decision.refresh_from_db()
    assert decision.base_salary == 2_530_000


def test_draft_takes_the_award_template_and_groups_recipients():
    nominee = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    _staff, decision = _draft(nominee)
    assert decision.subject == "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    assert decision.legal_basis_lines()[1] == "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
    assert decision.copy_recipient_lines()[0] == "Như Điều 3"
    assert (decision.signer_authority, decision.signer_title) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert decision.status == Decision.Status.DRAFT and decision.number is None


def test_draft_refuses_nominee_not_passed_or_of_another_award_or_already_drafted():
    staff = StaffFactory()
    waiting = ready_nomination("CSTDT")  # still waiting for the council
    with pytest.raises(DomainError, match="chưa đủ điều kiện"):
        decision_create_draft(award=award("CSTDT"), nominations=[waiting], by=staff)
    other = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    with pytest.raises(DomainError, match="không phải"):
        decision_create_draft(award=award("CSTDT"), nominations=[other], by=staff)
    decision_create_draft(award=award("BKT"), nominations=[other], by=staff)
    with pytest.raises(DomainError, match="dự thảo khác"):
        decision_create_draft(award=award("BKT"), nominations=[other], by=staff)


def test_central_award_cannot_be_decided_here():
    nominee = ready_nomination("BKTTG", status=Nomination.Status.COUNCIL_PASSED)
    with pytest.raises(DomainError, match="Trung ương"):
        decision_create_draft(award=award("BKTTG"), nominations=[nominee], by=StaffFactory())


def test_sign_numbers_per_issuer_kind_year_from_01():
    first = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    second = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    third = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    staff, d1 = _draft(first)
    _s, d2 = _draft(second)
    _s, d3 = _draft(third)
    decision_sign(decision=d1, by=staff, decision_date=date(2025, 12, 30))
    decision_sign(decision=d2, by=staff, decision_date=date(2026, 1, 5))
    decision_sign(decision=d3, by=staff, decision_date=date(2026, 1, 6))
    numbers = [Decision.objects.get(pk=d.pk).number_display for d in (d1, d2, d3)]
    assert numbers == ["01/QĐ-UBND", "01/QĐ-UBND", "02/QĐ-UBND"]
    assert list(DecisionCounter.objects.order_by("year").values_list("year", "last_number")) == [(2025, 1), (2026, 2)]


def test_sign_writes_public_award_records_decides_nominations_notifies_units_and_queues_pdf():
    unit = OrgUnitFactory()
    officer = OfficerFactory(unit=unit)

    nominee = ready_nomination(
        "BKT", status=Nomination.Status.READY_FOR_DECISION, dossier=DossierFactory(unit=unit, year=2024)
    )
    staff, decision = _draft(nominee)
    decision_sign(decision=decision, by=staff, decision_date=date(2025, 3, 5))
    record = AwardRecord.objects.get(nomination=nominee)
    assert (record.decision_number, record.decision_date, record.is_public, record.source) == (
        "01/QĐ-UBND",
        date(2025, 3, 5),
        True,
        AwardRecord.Source.DECIDED,
    )
    assert record.recipient_name == nominee.nominee_name
    assert record.issuer == "Chủ tịch Ủy ban nhân dân tỉnh"
    nominee.refresh_from_db()
    assert nominee.status == Nomination.Status.DECIDED
    note = Notification.objects.get(recipient=officer)
    assert note.title.startswith("Quyết định số 01/QĐ-UBND")
    assert (
        Job.objects.filter(
            kind="awards.decision_documents", params={"decision_id": decision.pk, "signed": True}
        ).count()
        == 1
    )


def test_signed_decision_cannot_be_signed_again_or_edited():
    nominee = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    staff, decision = _draft(nominee)
    decision_sign(decision=decision, by=staff, decision_date=date(2025, 3, 5))
    with pytest.raises(DomainError, match="đã được ký"):
        decision_sign(decision=decision, by=staff, decision_date=date(2025, 3, 6))
    with pytest.raises(DomainError, match="đính chính"):
        decision_update(decision=decision, by=staff, subject="Khác")
    assert DecisionCounter.objects.get().last_number == 1


def test_sign_requires_a_signer_name():
    nominee = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    staff, decision = _draft(nominee, signer="")
    with pytest.raises(DomainError, match="người ký"):
        decision_sign(decision=decision, by=staff, decision_date=date(2025, 3, 5))
    assert DecisionCounter.objects.count() == 0


def test_revocation_is_a_new_decision_and_keeps_history():
    nominee = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    staff, decision = _draft(nominee)
    decision_sign(decision=decision, by=staff, decision_date=date(2025, 3, 5))
    line = decision.recipients.get()
    with pytest.raises(DomainError, match="lý do"):
        decision_amend_draft(old=decision, purpose="revocation", reason=" ", by=staff, recipients=[line])
    revocation = decision_amend_draft(
        old=decision, purpose="revocation", reason="Phát hiện kê khai không trung thực", by=staff, recipients=[line]
    )
    decision_sign(decision=revocation, by=staff, decision_date=date(2025, 4, 1))
    decision.refresh_from_db()
    revocation.refresh_from_db()
    # The decision stays signed; what holds of it is derived from its lines (awards.services.amendments).
    assert (decision.status, decision.effect) == (Decision.Status.SIGNED, Decision.Effect.REVOKED)
    assert revocation.amends == decision and revocation.number_display == "02/QĐ-UBND"
    record = AwardRecord.objects.get(nomination=nominee)  # kept, not deleted
    assert record.is_public is False
    assert record.history.first().history_change_reason.startswith("Hủy bỏ, thu hồi quyết định theo QĐ 02/QĐ-UBND")
    assert Decision.objects.count() == 2
    assert [e.action for e in decision.events.all()][-1] == "Đã bị hủy bỏ toàn bộ bởi Quyết định số 02/QĐ-UBND"


def test_correction_writes_the_corrected_record_and_retires_the_old_one():
    person = PersonFactory(full_name="Nguyễn Văn Thuận")
    nominee = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION, person=person)
    staff, decision = _draft(nominee)
    decision_sign(decision=decision, by=staff, decision_date=date(2025, 3, 5))
    line = decision.recipients.get()
    correction = decision_amend_draft(
        old=decision,
        purpose="correction",
        reason="Sai chức vụ",
        by=staff,
        recipients=[line],
        corrections={line.pk: {"description": "Phó Chủ tịch UBND xã"}},
    )
    decision_sign(decision=correction, by=staff, decision_date=date(2025, 3, 20))
    records = AwardRecord.objects.filter(person=person).order_by("id")
    assert [(r.decision_number, r.is_public, r.recipient_unit_name) for r in records] == [
        ("01/QĐ-UBND", False, line.description),
        ("02/QĐ-UBND", True, "Phó Chủ tịch UBND xã"),
    ]
    decision.refresh_from_db()
    assert (decision.status, decision.effect) == (Decision.Status.SIGNED, Decision.Effect.CORRECTED)


def test_only_a_signed_decision_can_be_amended():
    nominee = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    staff, decision = _draft(nominee)
    with pytest.raises(DomainError, match="đã ký"):
        decision_amend_draft(
            old=decision, purpose="revocation", reason="x", by=staff, recipients=list(decision.recipients.all())
        )


def test_a_revoked_award_no_longer_counts_for_eligibility_or_statistics():

    person = PersonFactory(full_name="Trần Thị Hồng")
    AwardRecordFactory(person=person, year=2022, decision_number="45/QĐ-UBND")
    AwardRecordFactory(person=person, year=2023, decision_number="12/QĐ-UBND")
    nominee = ready_nomination("CSTDCS", status=Nomination.Status.READY_FOR_DECISION, person=person, year=2024)
    staff, decision = _draft(nominee, code="CSTDCS")
    decision_sign(decision=decision, by=staff, decision_date=date(2025, 3, 5))

    dossier = DossierFactory(year=2024, first_received_on=date(2025, 4, 10))
    candidate = NominationFactory(dossier=dossier, award=award("CSTDT"), year=2024, person=person)

    def three_years():
        return next(f for f in evaluate(candidate).findings if f.label.startswith("3 lần liên tục"))

    assert three_years().passed is True
    assert award_records_in_scope(year=2024, unit_ids=None).filter(person=person).count() == 1
    revocation = decision_amend_draft(
        old=decision,
        purpose="revocation",
        reason="Kê khai không trung thực",
        by=staff,
        recipients=[decision.recipients.get()],
    )
    decision_sign(decision=revocation, by=staff, decision_date=date(2025, 4, 1))
    record = AwardRecord.objects.get(nomination=nominee)
    assert (record.retired_by, record.is_public) == (revocation, False)  # kept for the auditor, no longer counted
    finding = three_years()
    assert finding.passed is False
    assert finding.evidence == (
        "Chiến sĩ thi đua cơ sở: 2022 ✓ (QĐ 45/QĐ-UBND), 2023 ✓ (QĐ 12/QĐ-UBND), 2024 ✗ — chưa đủ 3 năm liên tục"
    )
    assert award_records_in_scope(year=2024, unit_ids=None).filter(person=person).count() == 0
