"""Demo data of awards: award history of past years (some nominees qualify, some miss a year),
initiatives, published awards for the lookup, and dossiers from several units in every state.

Idempotent: records are keyed by recipient, award, year and decision number; dossiers by unit and title.
"""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from awards import services
from awards.models import Award, AwardRecord, Dossier, Initiative, Nomination, RecipientKind
from awards.workdays import add_working_days
from thiduakt.models import OrgUnit, Person, User

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _person(name):
    return Person.objects.get(full_name=name)


def _unit(code):
    return OrgUnit.objects.get(code=code)


def _record(*, award, year, number, person=None, unit=None, household="", issuer="", public=True, kind="merit"):
    recipient_kind = (
        RecipientKind.INDIVIDUAL if person else RecipientKind.COLLECTIVE if unit else RecipientKind.HOUSEHOLD
    )
    record, _ = AwardRecord.objects.get_or_create(
        person=person,
        unit=unit,
        household_name=household,
        award=Award.objects.get(code=award),
        year=year,
        decision_number=number,
        defaults={
            "recipient_kind": recipient_kind,
            "decision_date": date(year, 12, 20),
            "issuer": issuer,
            "award_type": kind,
            "source": AwardRecord.Source.IMPORTED,
            "is_public": public,
            "recipient_unit_name": (person.unit.name if person and person.unit_id else ""),
        },
    )
    return record


def _history(y):
    """Four years of history: Châu qualifies for the provincial title, Diễm misses a year, etc."""
    ct = "UBND huyện Châu Thành"
    chau, diem, huy, anh = (
        _person("Lê Minh Châu"),
        _person("Phạm Thị Diễm"),
        _person("Đặng Quốc Huy"),
        _person("Trần Thị Anh"),
    )
    loc, mai, oanh, phuc = (
        _person("Bùi Văn Lộc"),
        _person("Dương Thị Mai"),
        _person("Tạ Thị Oanh"),
        _person("Mai Văn Phúc"),
    )
    for year in (y - 3, y - 2, y - 1, y):
        _record(person=chau, award="CSTDCS", year=year, number=f"{40 + year % 100}/QĐ-UBND", issuer=ct)
        _record(person=anh, award="LDTT", year=year, number=f"{20 + year % 100}/QĐ-UBND", issuer=ct)
        _record(person=chau, award="LDTT", year=year, number=f"{20 + year % 100}/QĐ-UBND", issuer=ct)
    for year in (y - 2, y):  # misses y - 1
        _record(person=diem, award="CSTDCS", year=year, number=f"{45 + year % 100}/QĐ-UBND", issuer=ct)
    for year in (y - 2, y - 1):
        _record(person=huy, award="CSTDCS", year=year, number=f"{45 + year % 100}/QĐ-UBND", issuer=ct)
        _record(person=loc, award="CSTDCS", year=year, number=f"{12 + year % 100}/QĐ-UBND", issuer="UBND TP. Ngã Bảy")
        _record(person=oanh, award="CSTDCS", year=year, number=f"{88 + year % 100}/QĐ-SYT", issuer="Sở Y tế")
    _record(person=mai, award="CSTDCS", year=y - 1, number=f"{12 + (y - 1) % 100}/QĐ-UBND", issuer="UBND TP. Ngã Bảy")
    # A campaign Bằng khen does not count towards merit awards.
    _record(person=mai, award="BKT", year=y - 2, number="1008/QĐ-UBND", issuer="Chủ tịch UBND tỉnh", kind="campaign")
    _record(person=phuc, award="BKT", year=y - 3, number="163/QĐ-UBND", issuer="Chủ tịch UBND tỉnh")
    _record(person=phuc, award="BKTTG", year=y - 1, number="1208/QĐ-TTg", issuer="Thủ tướng Chính phủ")
    _record(unit=_unit("HG.CT"), award="CTDT", year=y - 1, number="2150/QĐ-UBND", issuer="Chủ tịch UBND tỉnh")
    _record(unit=_unit("HG.NB"), award="CTDT", year=y - 2, number="2144/QĐ-UBND", issuer="Chủ tịch UBND tỉnh")
    _record(
        household="Hộ ông Võ Văn Đức",
        award="BKT",
        year=y - 1,
        number="905/QĐ-UBND",
        kind="sudden",
        issuer="Chủ tịch UBND tỉnh",
    )
    Initiative.objects.get_or_create(
        person=chau,
        title="Số hóa quy trình xét khen thưởng cấp huyện",
        defaults={"level": Initiative.Level.PROVINCE, "year": y - 1, "decision_number": "12/QĐ-SKHCN"},
    )
    Initiative.objects.get_or_create(
        person=diem,
        title="Phương pháp dạy đọc cho học sinh dân tộc Khmer",
        defaults={"level": Initiative.Level.UNIT, "year": y, "decision_number": "7/QĐ-PGD"},
    )


def _upload(name):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _dossier(*, unit, title, year, by, nominees, complete=True, round_kind="yearly"):
    existing = Dossier.objects.filter(unit=unit, title=title).first()
    if existing:
        return existing, False
    dossier = services.dossier_create_draft(
        unit=unit, round_kind=round_kind, year=year, by=by, title=title, nominees=nominees
    )
    if complete:
        services.dossier_update(
            dossier=dossier,
            by=by,
            letter_number=f"{dossier.pk:02d}/TTr-{unit.code.split('.')[-1]}",
            letter_date=timezone.localdate() - timezone.timedelta(days=14),
            council_meeting_date=timezone.localdate() - timezone.timedelta(days=18),
            council_members_total=9,
            council_members_present=9,
            council_votes_for=9,
        )
        services.attachment_add(dossier=dossier, kind="request_letter", upload=_upload("to-trinh.pdf"), by=by)
        services.attachment_add(dossier=dossier, kind="council_minutes", upload=_upload("bien-ban.pdf"), by=by)
        for nomination in dossier.nominations.select_related("award"):
            for kind in nomination.award.required_document_kinds:
                if kind not in ("request_letter", "council_minutes"):
                    services.attachment_add(
                        dossier=dossier, nomination=nomination, kind=kind, upload=_upload(f"{kind}.pdf"), by=by
                    )
    return dossier, True


def _dossiers(y):
    staff = User.objects.get(username="staff")
    donvi, donvi2 = User.objects.get(username="donvi"), User.objects.get(username="donvi2")
    ind = RecipientKind.INDIVIDUAL

    # Châu Thành: a draft still missing documents.
    _dossier(
        unit=_unit("HG.CT"),
        title=f"Đề nghị Bằng khen tổng kết năm {y}",
        year=y,
        by=donvi,
        complete=False,
        nominees=[
            {"kind": ind, "person": _person("Đặng Quốc Huy"), "award": "BKT", "summary": "Hai năm liên tục CSTĐCS."},
            {
                "kind": "household",
                "household_name": "Hộ bà Huỳnh Thị Hạnh",
                "award": "BKT",
                "summary": "Hiến 1.200 m² đất làm đường giao thông nông thôn.",
            },
        ],
    )
    # Châu Thành: submitted some days ago, overdue for the 5-day completeness check.
    dossier, created = _dossier(
        unit=_unit("HG.CT"),
        title=f"Đề nghị Chiến sĩ thi đua cấp tỉnh năm {y}",
        year=y,
        by=donvi,
        nominees=[
            {
                "kind": ind,
                "person": _person("Lê Minh Châu"),
                "award": "CSTDT",
                "summary": "Ba năm liên tục Chiến sĩ thi đua cơ sở; sáng kiến cấp tỉnh về số hóa.",
            },
            {
                "kind": ind,
                "person": _person("Phạm Thị Diễm"),
                "award": "CSTDT",
                "summary": "Giáo viên dạy giỏi cấp tỉnh.",
            },
        ],
    )
    if created:
        services.dossier_submit(dossier=dossier, by=donvi)
        received = timezone.localdate() - timezone.timedelta(days=12)
        Dossier.objects.filter(pk=dossier.pk).update(
            received_on=received, first_received_on=received, due_on=add_working_days(received, 5)
        )
    # Ngã Bảy: returned for supplement.
    dossier, created = _dossier(
        unit=_unit("HG.NB"),
        title=f"Đề nghị Bằng khen của Chủ tịch UBND tỉnh năm {y}",
        year=y,
        by=donvi2,
        nominees=[
            {"kind": ind, "person": _person("Bùi Văn Lộc"), "award": "BKT", "summary": "Hai năm liên tục CSTĐCS."},
            {"kind": ind, "person": _person("Dương Thị Mai"), "award": "BKT", "summary": "Công nhân giỏi."},
        ],
    )
    if created:
        services.dossier_submit(dossier=dossier, by=donvi2)
        services.dossier_return(
            dossier=dossier, by=staff, reason="Biên bản họp Hội đồng chưa ghi số phiếu của từng đối tượng; bổ sung."
        )
    # Sở Y tế: resubmitted after a return, complete, appraisal clock running.
    dossier, created = _dossier(
        unit=_unit("HG.SYT"),
        title=f"Đề nghị khen thưởng ngành Y tế năm {y}",
        year=y,
        by=None,
        nominees=[
            {
                "kind": ind,
                "person": _person("Tạ Thị Oanh"),
                "award": "BKT",
                "summary": "Bác sĩ tuyến huyện, hai năm liên tục CSTĐCS.",
            }
        ],
    )
    if created:
        services.dossier_submit(dossier=dossier, by=None)
        services.dossier_return(dossier=dossier, by=staff, reason="Thiếu xác nhận của Trung tâm Y tế huyện.")
        services.dossier_submit(dossier=dossier, by=None)
        services.dossier_mark_complete(dossier=dossier, by=staff)
    # Dược Hậu Giang: appraised; the Huân chương candidate is in its public comment window.
    dossier, created = _dossier(
        unit=_unit("HG.DHG"),
        title=f"Đề nghị Huân chương Lao động hạng Ba năm {y}",
        year=y,
        by=None,
        nominees=[
            {
                "kind": ind,
                "person": _person("Mai Văn Phúc"),
                "award": "HCLD3",
                "summary": "Kỹ sư, nhiều sáng kiến cải tiến dây chuyền sản xuất thuốc.",
            }
        ],
    )
    if created:
        services.dossier_submit(dossier=dossier, by=None)
        nomination = services.nomination_appraise(
            nomination=dossier.nominations.get(), by=staff, accept=True, reason="Đủ tiêu chuẩn."
        )
        services.disclosure_open(nomination=nomination, by=staff)
    # Sở Nội vụ: appraised, one nominee ready for decision, one rejected.
    dossier, created = _dossier(
        unit=_unit("HG.SNV"),
        title=f"Đề nghị khen thưởng Sở Nội vụ năm {y}",
        year=y,
        by=None,
        nominees=[
            {
                "kind": "collective",
                "unit": _unit("HG.SNV.TDKT"),
                "award": "BKT",
                "summary": "Tham mưu tốt công tác thi đua, khen thưởng của tỉnh.",
            },
            {"kind": ind, "person": _person("Triệu Đức Hạnh"), "award": "BKT", "summary": "Giám đốc Sở."},
        ],
    )
    if created:
        services.dossier_submit(dossier=dossier, by=None)
        services.dossier_mark_complete(dossier=dossier, by=staff)
        first, second = dossier.nominations.order_by("id")
        services.nomination_appraise(nomination=first, by=staff, accept=True, reason="Đủ tiêu chuẩn.")
        services.nomination_appraise(
            nomination=second, by=staff, accept=False, reason="Chưa đủ 2 năm liên tục Chiến sĩ thi đua cơ sở."
        )


def seed(stdout=None) -> None:
    y = timezone.localdate().year - 1  # the yearly review under way is last year's
    _history(y)
    _dossiers(y)
    from awards import council_demo  # issue 5: council, meetings and decisions

    council_demo.seed(stdout)
    if stdout:
        stdout.write(
            f"  khen thưởng: {AwardRecord.objects.count()} khen thưởng đã nhận, "
            f"{Dossier.objects.count()} hồ sơ, {Nomination.objects.count()} đề nghị"
        )
