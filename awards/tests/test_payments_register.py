"""Money and register (issue 13 item 7): the reward payment list of a decision for the finance office (xlsx and
PDF: recipient, coefficient, base salary of the decision's date, amount, source of funds), and the certificate
register (sổ vàng) by persistent number, filtered by year and exported as xlsx."""

import io
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from awards.models import AwardRecord, Decision, Nomination
from awards.services import decision_amend_draft, decision_create_draft, decision_sign, decision_update
from awards.services.payments import fund_basis_on, payment_list, register_entries
from awards.tests.council_factories import ready_nomination
from awards.tests.factories import award
from thiduakt.services import DomainError
from thiduakt.tests.factories import OrgUnitFactory, PersonFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _signed(day: date) -> Decision:
    """A Bằng khen decision for one collective and one person, signed on ``day``."""
    staff = StaffFactory()
    nominees = [
        ready_nomination(
            "BKT",
            status=Nomination.Status.READY_FOR_DECISION,
            nominee_kind="collective",
            person=None,
            unit=OrgUnitFactory(name="Trường Tiểu học Vị Thanh"),
        ),
        ready_nomination(
            "BKT",
            status=Nomination.Status.READY_FOR_DECISION,
            person=PersonFactory(full_name="Nguyễn Thị Lan", gender="female", position="Giáo viên"),
        ),
    ]
    draft = decision_create_draft(award=award("BKT"), nominations=nominees, by=staff)
    decision_update(decision=draft, by=staff, signer_name="Trương Cảnh Tuyên")
    decision_sign(decision=draft, by=staff, decision_date=day)
    return Decision.objects.select_related("award").get(pk=draft.pk)


def test_the_payment_list_of_a_decision_under_nd152_gives_exact_amounts_and_the_provinces_fund():
    decision = _signed(date(2025, 7, 1))
    payments = payment_list(decision)
    assert payments.base_salary == 2_340_000
    assert [
        (line.kind, line.recipient, line.coefficient, line.base_salary, line.amount) for line in payments.lines
    ] == [
        ("Tập thể", "Trường Tiểu học Vị Thanh", Decimal("3.00"), 2_340_000, 7_020_000),
        ("Cá nhân", "Bà Nguyễn Thị Lan", Decimal("1.50"), 2_340_000, 3_510_000),
    ]
    assert payments.total == 10_530_000
    # The demo world of the tests keeps UBND tỉnh Hậu Giang as the issuer after 01/07/2025.
    assert payments.fund == "Quỹ thi đua, khen thưởng của tỉnh Hậu Giang"
    assert payments.fund_basis == "khoản 4 Điều 11 Luật Thi đua, khen thưởng; Nghị định số 152/2025/NĐ-CP"


def test_the_payment_list_under_nd98_takes_its_coefficients_and_article():
    decision = _signed(date(2025, 1, 20))
    payments = payment_list(decision)
    assert [line.amount for line in payments.lines] == [4_680_000, 2_340_000]  # 2,0 and 1,0 × 2 340 000
    assert payments.fund == "Quỹ thi đua, khen thưởng của tỉnh Hậu Giang"
    assert payments.fund_basis == "khoản 4 Điều 11 Luật Thi đua, khen thưởng; Điều 52 Nghị định số 98/2023/NĐ-CP"
    assert fund_basis_on(date(2025, 6, 30)) == payments.fund_basis


def test_a_draft_has_no_payment_list():
    staff = StaffFactory()
    draft = decision_create_draft(
        award=award("BKT"),
        nominations=[ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)],
        by=staff,
    )
    with pytest.raises(DomainError, match="Danh sách chi tiền thưởng chỉ lập cho quyết định đã ký"):
        payment_list(draft)


def test_a_correction_pays_only_the_difference_and_a_revocation_recovers_what_was_paid():
    decision = _signed(date(2025, 7, 1))
    staff = StaffFactory()
    person_line = decision.recipients.get(recipient_kind="individual")
    correction = decision_amend_draft(
        old=decision,
        purpose="correction",
        reason="Sai chức vụ",
        by=staff,
        recipients=[person_line],
        corrections={person_line.pk: {"description": "Hiệu trưởng"}},
    )
    decision_update(decision=correction, by=staff, signer_name="Trương Cảnh Tuyên")
    decision_sign(decision=correction, by=staff, decision_date=date(2025, 7, 10))
    corrected = payment_list(Decision.objects.get(pk=correction.pk))
    assert [(line.amount, line.note) for line in corrected.lines] == [
        (0, f"Đã chi theo Quyết định số {decision.number_display}; chỉ chi phần chênh lệch")
    ]
    assert corrected.total == 0
    original = payment_list(decision)
    correction.refresh_from_db()
    assert original.lines[1].note == f"Đã được đính chính, hủy bỏ theo Quyết định số {correction.number_display}"
    assert original.total == 10_530_000  # what was paid stays as it was paid

    other = _signed(date(2025, 7, 11))  # signing dates follow each other in the series
    collective = other.recipients.get(recipient_kind="collective")
    revocation = decision_amend_draft(
        old=other, purpose="revocation", reason="Khai man thành tích", by=staff, recipients=[collective]
    )
    decision_update(decision=revocation, by=staff, signer_name="Trương Cảnh Tuyên")
    decision_sign(decision=revocation, by=staff, decision_date=date(2025, 7, 15))
    recovered = payment_list(Decision.objects.get(pk=revocation.pk))
    assert [(line.recipient, line.amount) for line in recovered.lines] == [("Trường Tiểu học Vị Thanh", -7_020_000)]
    assert recovered.lines[0].note == f"Thu hồi tiền thưởng đã nhận theo Quyết định số {other.number_display}"


def test_the_payment_list_downloads_as_xlsx_with_numbers_and_as_pdf(world):
    decision = _signed(date(2025, 7, 1))
    client = Client()
    client.force_login(world.user("staff"))
    response = client.post(f"/khen-thuong/quyet-dinh/{decision.pk}/chi-thuong.xlsx")  # a form: it may start a job
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][:7] == [
        "TT",
        "Đối tượng",
        "Họ tên, tên tập thể",
        "Chức vụ, đơn vị, địa chỉ",
        "Hệ số",
        "Mức lương cơ sở (đồng)",
        "Số tiền (đồng)",
    ]
    assert [r[4:7] for r in rows[1:3]] == [[3, 2_340_000, 7_020_000], [1.5, 2_340_000, 3_510_000]]
    assert rows[1][7] == (
        "Quỹ thi đua, khen thưởng của tỉnh Hậu Giang "
        "(khoản 4 Điều 11 Luật Thi đua, khen thưởng; Nghị định số 152/2025/NĐ-CP)"
    )
    assert rows[3][2] == "Tổng cộng" and rows[3][6] == 10_530_000
    pdf = client.post(f"/khen-thuong/quyet-dinh/{decision.pk}/chi-thuong.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(
        subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf.content, capture_output=True, check=True)
        .stdout.decode()
        .split()
    )
    assert "DANH SÁCH CHI TIỀN THƯỞNG" in text, text
    assert f"Kèm theo Quyết định số {decision.number_display} ngày 01/07/2025" in text, text
    assert "Bà Nguyễn Thị Lan" in text and "3.510.000" in text and "7.020.000" in text and "10.530.000" in text
    assert "Mức lương cơ sở áp dụng: 2.340.000 đồng" in text
    client.force_login(world.user("donvi"))
    assert client.post(f"/khen-thuong/quyet-dinh/{decision.pk}/chi-thuong.xlsx").status_code == 404


def test_the_register_lists_every_certificate_by_its_number_filtered_by_year_and_exports_xlsx(
    world, django_assert_max_num_queries
):
    first = _signed(date(2024, 12, 20))
    second = _signed(date(2025, 7, 1))
    # Both are 01/QĐ-UBND (numbers restart each year); the register numbers do not.
    assert first.number_display == second.number_display == "01/QĐ-UBND"
    old = AwardRecord.objects.filter(decision_date=first.decision_date).order_by("register_number")
    new = AwardRecord.objects.filter(decision_date=second.decision_date).order_by("register_number")
    assert old[0].register == new[0].register == "BKT/UBND/TỈNH HẬU GIANG"  # one register, numbers run on
    assert [r.register_number for r in new] == [old[1].register_number + 1, old[1].register_number + 2]
    assert [e.pk for e in register_entries(year=2024, register=old[0].register)] == [r.pk for r in old]
    assert [e.pk for e in register_entries(year=2025)] == [r.pk for r in new]
    assert register_entries(year=2023).count() == 0
    client = Client()
    client.force_login(world.user("staff"))
    with django_assert_max_num_queries(12):
        page = client.get("/khen-thuong/so-vang/?year=2025").content.decode()
    for record in [*old, *new]:
        assert record.recipient_name in page
    response = client.get("/khen-thuong/so-vang/xuat.xlsx", {"year": 2025, "register": new[0].register})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Sổ", "Số vào sổ", "Khen thưởng")
    assert [(r[1], r[3], r[6], r[7].date(), r[9]) for r in rows[1:]] == [
        (rec.register_number, rec.recipient_name, second.number_display, date(2025, 7, 1), "Còn hiệu lực")
        for rec in new
    ]
    client.force_login(world.user("donvi"))
    assert client.get("/khen-thuong/so-vang/").status_code == 404
