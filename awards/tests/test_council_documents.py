"""The official documents: decision with annex, certificates, meeting packet, minutes (PDF through thiduakt.pdf)."""

import re
import subprocess
from datetime import date

import pytest

from awards.jobs import decision_context
from awards.models import Decision, Nomination, PublicComment
from awards.services import (
    AGREE,
    agenda_add,
    ballot_cast,
    decision_create_draft,
    decision_sign,
    decision_update,
    meeting_close,
    meeting_open_ballot,
)
from awards.tests.council_factories import council, meeting_for, ready_nomination
from awards.tests.factories import DossierFactory, award
from thiduakt.models import Job
from thiduakt.services import job_create, job_run
from thiduakt.tests.factories import OrgUnitFactory, PersonFactory, StaffFactory

pytestmark = pytest.mark.django_db

NAMES = ["Nguyễn Văn Bình", "Trần Thị Ánh", "Đặng Quốc Huy"]


def _text(path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", " ", out.stdout.decode("utf-8"))


def _fonts(path) -> set[str]:
    """Font names in the PDF (subset prefix removed); every one must be embedded."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert all("yes" in row[-5:-3] for row in rows), out
    return {row[0].split("+")[-1] for row in rows}


def _pages(path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def _signed_decision(private_media):
    staff = StaffFactory()
    dossier = DossierFactory(year=2024)
    nominees = [
        ready_nomination(
            "BKT",
            status=Nomination.Status.READY_FOR_DECISION,
            dossier=dossier,
            person=PersonFactory(full_name=name, position="Chuyên viên", gender="female" if "Thị" in name else "male"),
        )
        for name in NAMES
    ]
    collective = OrgUnitFactory(name="Phòng Nội vụ huyện Châu Thành")
    nominees.append(
        ready_nomination(
            "BKT",
            status=Nomination.Status.READY_FOR_DECISION,
            dossier=dossier,
            nominee_kind="collective",
            person=None,
            unit=collective,
        )
    )
    decision = decision_create_draft(award=award("BKT"), nominations=nominees, by=staff)
    decision_update(decision=decision, by=staff, signer_name="Trương Cảnh Tuyên")
    decision_sign(decision=decision, by=staff, decision_date=date(2025, 1, 20))
    return staff, Decision.objects.get(pk=decision.pk)


def test_decision_context_groups_collectives_first_and_sorts_people_by_given_name(private_media):
    _staff, decision = _signed_decision(private_media)
    context = decision_context(decision)
    assert [heading for heading, _lines in context["groups"]] == ["I. TẬP THỂ", "II. CÁ NHÂN"]
    people = context["groups"][1][1]
    assert [line.split(",")[0] for line in people] == ["Bà Trần Thị Ánh", "Ông Nguyễn Văn Bình", "Ông Đặng Quốc Huy"]
    assert context["articles"][0] == (
        "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 01 tập thể và 03 cá nhân (có danh sách kèm theo), "
        "đã có thành tích xuất sắc trong phong trào thi đua năm 2024."
    )
    assert context["articles"][1].startswith("Tiền thưởng theo quy định:")
    # Signed 20/01/2025, under NĐ 98/2023 Điều 58 (1,0 and 2,0): (3 × 1,0 + 2,0) × 2 340 000.
    assert "tổng cộng 11.700.000 đồng" in context["articles"][1]
    assert context["annex_note"] == (
        "(Kèm theo Quyết định số 01/QĐ-UBND ngày 20 tháng 01 năm 2025 của Chủ tịch Ủy ban nhân dân tỉnh Hậu Giang)"
    )


def test_signed_decision_pdf_has_title_number_names_annex_and_only_the_bundled_font(private_media):
    _staff, decision = _signed_decision(private_media)
    job = Job.objects.get(kind="awards.decision_documents")
    job_run(job_id=job.pk)
    decision.refresh_from_db()
    assert decision.pdf_file.name.endswith("QD-01-QĐ-UBND.pdf")
    path = decision.pdf_file.path
    text = _text(path)
    assert "QUYẾT ĐỊNH" in text
    assert "Số: 01/QĐ-UBND" in text
    assert "Hậu Giang, ngày 20 tháng 01 năm 2025" in text
    assert "DANH SÁCH ĐƯỢC TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" in text
    assert (
        "(Kèm theo Quyết định số 01/QĐ-UBND ngày 20 tháng 01 năm 2025 của Chủ tịch Ủy ban nhân dân tỉnh Hậu Giang)"
    ) in text
    for recipient in decision.recipients.all():
        assert recipient.recipient_name in text
    assert text.index("I. TẬP THỂ") < text.index("II. CÁ NHÂN")
    assert text.index("Trần Thị Ánh") < text.index("Nguyễn Văn Bình") < text.index("Đặng Quốc Huy")
    assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text and "Trương Cảnh Tuyên" in text
    assert "Nơi nhận:" in text
    assert {name.split("-")[0] for name in _fonts(path)} == {"Tinos"}
    certificates = decision.certificates_file.path
    assert _pages(certificates) == 4
    cert_text = _text(certificates)
    for name in [*NAMES, "Phòng Nội vụ huyện Châu Thành"]:
        assert name in cert_text
    assert {f.split("-")[0] for f in _fonts(certificates)} == {"Tinos"}


def test_signed_decision_pdf_is_rendered_once_and_kept(private_media):
    staff, decision = _signed_decision(private_media)
    job_run(job_id=Job.objects.get(kind="awards.decision_documents").pk)
    decision.refresh_from_db()
    first_name, first_bytes = decision.pdf_file.name, decision.pdf_file.read()
    again = job_create(kind="awards.decision_documents", requested_by=staff, params={"decision_id": decision.pk})
    job_run(job_id=again.pk)
    decision.refresh_from_db()
    assert decision.pdf_file.name == first_name
    assert decision.pdf_file.open("rb").read() == first_bytes
    assert decision.events.filter(action="Lưu bản PDF của quyết định đã ký").count() == 1


def test_draft_decision_preview_is_marked_draft_and_not_kept(private_media):
    staff = StaffFactory()
    nominee = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    decision = decision_create_draft(award=award("BKT"), nominations=[nominee], by=staff)
    job = job_create(kind="awards.decision_documents", requested_by=staff, params={"decision_id": decision.pk})
    job = job_run(job_id=job.pk)
    assert job.status == Job.Status.DONE
    text = _text(job.result_file.path)
    assert "DỰ THẢO" in text and nominee.nominee_name in text
    decision.refresh_from_db()
    assert decision.pdf_file.name == ""


def test_meeting_packet_and_minutes(private_media):
    staff = StaffFactory()
    term, members = council(5)
    nominee = ready_nomination("CSTDT", summary="Có sáng kiến cải cách thủ tục hành chính cấp tỉnh.")
    PublicComment.objects.create(nomination=nominee, author_name="Trần Văn Dân", body="Đồng tình đề nghị khen thưởng.")
    meeting = meeting_for(term, by=staff)
    agenda_add(meeting=meeting, nominations=[nominee], by=staff)
    packet = job_run(
        job_id=job_create(kind="awards.meeting_packet", requested_by=staff, params={"meeting_id": meeting.pk}).pk
    )
    text = _text(packet.result_file.path)
    assert "TÀI LIỆU PHIÊN HỌP" in text
    assert nominee.nominee_name in text
    assert "Có sáng kiến cải cách thủ tục hành chính cấp tỉnh." in text
    assert "(Trần Văn Dân): Đồng tình đề nghị khen thưởng." in text  # the public comments
    assert "3 lần liên tục đạt Chiến sĩ thi đua cơ sở" in text  # part 1's eligibility findings
    early = job_run(
        job_id=job_create(kind="awards.meeting_minutes", requested_by=staff, params={"meeting_id": meeting.pk}).pk
    )
    assert (early.status, early.message) == (Job.Status.FAILED, "Chỉ lập biên bản sau khi đóng bỏ phiếu.")
    meeting_open_ballot(meeting=meeting, by=staff)
    item = meeting.items.get()
    for member in members:
        ballot_cast(meeting=meeting, user=member.user, choices={item.pk: AGREE})
    meeting_close(meeting=meeting, by=staff)
    minutes = job_run(
        job_id=job_create(kind="awards.meeting_minutes", requested_by=staff, params={"meeting_id": meeting.pk}).pk
    )
    text = _text(minutes.result_file.path)
    assert "BIÊN BẢN" in text
    assert "Tổng số thành viên Hội đồng: 5; có mặt: 5; vắng mặt: 0" in text
    assert "cần 5 phiếu đồng ý" in text
    assert "Đạt" in text


def test_signing_while_a_preview_waits_queues_its_own_documents_job(private_media):
    staff = StaffFactory()
    nominee = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    decision = decision_create_draft(award=award("BKT"), nominations=[nominee], by=staff)
    decision_update(decision=decision, by=staff, signer_name="Trương Cảnh Tuyên")
    preview = job_create(kind="awards.decision_documents", requested_by=staff, params={"decision_id": decision.pk})
    decision_sign(decision=decision, by=staff, decision_date=date(2025, 1, 20))
    signed = Job.objects.exclude(pk=preview.pk).get(kind="awards.decision_documents")
    assert signed.params == {"decision_id": decision.pk, "signed": True}
    job_run(job_id=signed.pk)
    decision.refresh_from_db()
    assert decision.pdf_file.name != ""
