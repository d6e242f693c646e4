"""The digitally signed decision (issue 13 item 6): the PDF the chair signs with a token is verified with pyHanko
against trust roots in settings (here a throwaway CA made in the test) and kept with its signer and signing
time, or refused with the reason in Vietnamese and nothing stored. No network: nothing is fetched."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from awards.jobs import decision_context
from awards.models import Decision, DecisionEvent, DecisionSignature, Nomination
from awards.services import decision_create_draft, decision_sign, decision_update
from awards.services.signature import approved_pdf, decision_sign_on_server, decision_signed_pdf_upload
from awards.tests.council_factories import ready_nomination
from awards.tests.factories import award
from awards.tests.signing import TestCA, append_update, pkcs12, sign
from thiduakt.pdf import render_pdf
from thiduakt.services import DomainError
from thiduakt.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

CHAIR = "Trương Cảnh Tuyên"


@pytest.fixture
def ca(settings, tmp_path):
    authority = TestCA("CA thử nghiệm tỉnh")
    settings.SIGNATURE_TRUST_ROOTS = [authority.write(tmp_path / "ca.pem")]
    return authority


@pytest.fixture
def decision():
    staff = StaffFactory()
    nominee = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    draft = decision_create_draft(award=award("BKT"), nominations=[nominee], by=staff)
    decision_update(decision=draft, by=staff, signer_name=CHAIR)
    decision_sign(decision=draft, by=staff, decision_date=date(2025, 1, 20))
    return Decision.objects.select_related("award").get(pk=draft.pk)


def _file(data: bytes, name="QD-ky-so.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _stored(private_media) -> list:
    return [p for p in private_media.rglob("*") if p.is_file()] if private_media.exists() else []


def test_a_valid_signed_pdf_of_the_decision_is_accepted_and_its_signer_recorded(ca, decision, private_media):
    chair = ca.issue(CHAIR, serial=0x5A17)
    signed = sign(approved_pdf(decision), chair)
    staff = StaffFactory()
    kept = decision_signed_pdf_upload(decision=decision, upload=_file(signed), by=staff)
    assert kept.signer_subject == f"CN={CHAIR},O=Thử nghiệm thiduakt,C=VN"
    assert kept.signer_serial == "5A17"
    assert kept.signer_issuer == "CN=CA thử nghiệm tỉnh,O=Thử nghiệm thiduakt,C=VN"
    assert kept.signing_time is not None and kept.signature_count == 1 and kept.recorded_by == staff
    assert kept.file.read() == signed
    event = DecisionEvent.objects.filter(decision=decision).latest("pk")
    assert event.action.startswith(f"Nhận bản ký số đã xác minh: CN={CHAIR},")


def _refused(decision, data, private_media, message):
    before = DecisionEvent.objects.filter(decision=decision).count()
    with pytest.raises(DomainError) as refused:
        decision_signed_pdf_upload(decision=decision, upload=_file(data), by=None)
    assert str(refused.value) == message
    assert DecisionSignature.objects.count() == 0
    assert DecisionEvent.objects.filter(decision=decision).count() == before
    assert _stored(private_media) == []


def test_a_pdf_modified_after_signing_is_refused(ca, decision, private_media):
    signed = sign(approved_pdf(decision), ca.issue(CHAIR))
    _refused(
        decision,
        append_update(signed),
        private_media,
        "Tệp “QD-ky-so.pdf” đã bị sửa đổi sau khi ký: chữ ký số không bao trùm toàn bộ tệp.",
    )


def test_a_pdf_whose_signed_bytes_were_altered_is_refused(ca, decision, private_media):
    signed = bytearray(sign(approved_pdf(decision), ca.issue(CHAIR)))
    at = signed.index(b"/Title") if b"/Title" in signed else signed.index(b"/Producer")
    signed[at + 1] = ord("X")  # a byte inside the signed range
    with pytest.raises(DomainError) as refused:
        decision_signed_pdf_upload(decision=decision, upload=_file(bytes(signed)), by=None)
    assert "Tệp “QD-ky-so.pdf”" in str(refused.value)
    assert DecisionSignature.objects.count() == 0


def test_a_signed_pdf_whose_text_differs_from_the_approved_decision_is_refused(ca, decision, private_media):
    other = render_pdf("reports/pdf/awards/decision.html", {**decision_context(decision), "subject": "Về việc khác"})
    with pytest.raises(DomainError) as refused:
        decision_signed_pdf_upload(decision=decision, upload=_file(sign(other, ca.issue(CHAIR))), by=None)
    assert str(refused.value).startswith(
        "Tệp “QD-ky-so.pdf”: nội dung văn bản đã ký khác với quyết định đã duyệt, từ “…"
    )
    assert "Về việc khác" in str(refused.value)
    assert DecisionSignature.objects.count() == 0
    assert _stored(private_media) == []


def test_a_signer_not_chaining_to_a_trust_root_is_refused(ca, decision, private_media):
    stranger = TestCA("CA lạ").issue("Người lạ")
    _refused(
        decision,
        sign(approved_pdf(decision), stranger),
        private_media,
        "Tệp “QD-ky-so.pdf”: chứng thư số của Người lạ (cấp bởi CN=CA lạ,O=Thử nghiệm thiduakt,C=VN) không thuộc "
        "tổ chức chứng thực được tin cậy hoặc đã hết hiệu lực.",
    )


def test_an_unsigned_pdf_is_refused(ca, decision, private_media):
    _refused(decision, approved_pdf(decision), private_media, "Tệp “QD-ky-so.pdf” không có chữ ký số.")


def test_without_trust_roots_nothing_can_be_verified(settings, decision, private_media):
    settings.SIGNATURE_TRUST_ROOTS = []
    signed = sign(approved_pdf(decision), TestCA().issue(CHAIR))
    _refused(
        decision,
        signed,
        private_media,
        "Chưa cấu hình chứng thư gốc tin cậy (SIGNATURE_TRUST_ROOTS): chưa thể xác minh chữ ký số.",
    )


def test_a_draft_takes_no_signed_file_and_a_second_signed_file_is_refused(ca, decision, private_media):
    staff = StaffFactory()
    draft = decision_create_draft(
        award=award("BKT"),
        nominations=[ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)],
        by=staff,
    )
    with pytest.raises(DomainError, match="Chỉ nhận bản ký số của quyết định đã ghi nhận ký ban hành"):
        decision_signed_pdf_upload(decision=draft, upload=_file(b"%PDF-1.4\n%%EOF\n"), by=staff)
    signed = sign(approved_pdf(decision), ca.issue(CHAIR))
    decision_signed_pdf_upload(decision=decision, upload=_file(signed), by=staff)
    with pytest.raises(DomainError, match=f"Quyết định số {decision.number_display} đã có bản ký số; không thay được."):
        decision_signed_pdf_upload(decision=decision, upload=_file(signed), by=staff)
    assert DecisionSignature.objects.count() == 1
    assert len(_stored(private_media)) == 1


def test_the_server_signs_with_the_configured_pkcs12_key(ca, decision, settings, tmp_path, private_media):
    key = tmp_path / "ky-so.p12"
    key.write_bytes(pkcs12(ca.issue("Văn phòng UBND tỉnh", serial=0x77), b"mat-khau"))
    settings.SIGNATURE_PKCS12_PATH, settings.SIGNATURE_PKCS12_PASSWORD = str(key), "mat-khau"
    kept = decision_sign_on_server(decision=decision, by=None)
    assert (kept.signed_by_server, kept.signer_serial) == (True, "77")
    assert kept.signer_subject.startswith("CN=Văn phòng UBND tỉnh,")


def test_staff_upload_the_signed_pdf_on_the_decision_page_and_see_the_refusal_or_the_signer(
    ca, decision, world, private_media
):
    client = Client()
    client.force_login(world.user("staff"))
    url = f"/khen-thuong/quyet-dinh/{decision.pk}/ky-so/"
    page = client.post(url, {"file": _file(approved_pdf(decision))}, follow=True).content.decode()
    assert "Tệp “QD-ky-so.pdf” không có chữ ký số." in page
    signed = sign(approved_pdf(decision), ca.issue(CHAIR, serial=0xABC))
    page = client.post(url, {"file": _file(signed)}, follow=True).content.decode()
    assert "Chữ ký số hợp lệ: đã lưu bản quyết định đã ký số." in page
    assert "ABC" in page and CHAIR in page
    response = client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/ky-so/tai-ve/")
    assert (response["Content-Type"], b"".join(response.streaming_content)) == ("application/pdf", signed)
    client.force_login(world.user("donvi"))
    assert client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/ky-so/tai-ve/").status_code == 404


def test_the_chair_then_the_office_seal_both_verified_and_the_chair_recorded(ca, decision, private_media):
    chair = ca.issue(CHAIR, serial=0x1)
    office = ca.issue("Văn phòng UBND tỉnh Hậu Giang", serial=0x2)
    twice = sign(sign(approved_pdf(decision), chair), office, field_name="ChuKyCoQuan")
    kept = decision_signed_pdf_upload(decision=decision, upload=_file(twice), by=None)
    assert (kept.signer_serial, kept.signature_count) == ("1", 2)
    assert kept.signer_subject.startswith(f"CN={CHAIR},")
