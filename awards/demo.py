"""Demo data of awards: award history of past years (some nominees qualify, some miss a year),
initiatives, published awards for the lookup, dossiers from several units in every state; then the
provincial council, a closed meeting with results, a signed decision with its PDFs, and an open meeting
on which ``hoidong`` can vote.

Dates decide who is who: a record, dossier or meeting dated from 01/07/2025 belongs to the bodies in force
then (thành phố Cần Thơ and its communes once ``thiduakt.demo.seed_reorganisation`` has run, as in
``seed_demo``), one dated before to Hậu Giang's; the registry answers (``thiduakt.selectors``).

Idempotent: records are keyed by recipient, award, year and decision number; dossiers by title and year;
council objects by their natural key (a meeting or decision that exists is left as it is: votes and
numbers are final).
"""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils import timezone

from awards import services
from awards.jobs import certificates_pdf, decision_pdf
from awards.models import (
    Award,
    AwardRecord,
    CouncilMember,
    CouncilTerm,
    Decision,
    Dossier,
    Initiative,
    Meeting,
    Nomination,
    RecipientKind,
)
from awards.workdays import add_working_days
from thiduakt.models import OrgUnit, Person, User
from thiduakt.selectors import issuer_as_of, successors_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _person(name):
    return Person.objects.get(full_name=name)


def _unit(code):
    return OrgUnit.objects.get(code=code)


def _unit_on(code, day):
    """The unit of ``code`` on ``day``, or the one carrying it on then (the seat of a closed district)."""
    old = _unit(code)
    return next(iter(successors_of(old, day)), old)


def _local_issuer(code, day):
    """ "UBND huyện Châu Thành" for a decision of the unit of ``code`` on ``day``; its successor's after a merger."""
    return _unit_on(code, day).name.replace("Ủy ban nhân dân", "UBND", 1)


def _provincial_issuer(day):
    """ "Chủ tịch UBND tỉnh" on ``day``, "Chủ tịch UBND thành phố" once the city carries the province on."""
    issuer = issuer_as_of(day)
    return f"Chủ tịch UBND {issuer.area_type if issuer else 'tỉnh'}"


def _area_label(unit):
    """ "huyện Châu Thành", "xã Châu Thành": how a dossier title names its unit."""
    return unit.name.removeprefix("Ủy ban nhân dân ")


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
    """Four years of history: Châu qualifies for the provincial title, Diễm misses a year, etc.

    Records are dated 20/12 of their year: from 2025 a district's titles are the commune's that carries it on.
    """
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

    def ct(year):
        return _local_issuer("HG.CT", date(year, 12, 20))

    def nb(year):
        return _local_issuer("HG.NB", date(year, 12, 20))

    def province(year):
        return _provincial_issuer(date(year, 12, 20))

    for year in (y - 3, y - 2, y - 1, y):
        _record(person=chau, award="CSTDCS", year=year, number=f"{40 + year % 100}/QĐ-UBND", issuer=ct(year))
        _record(person=anh, award="LDTT", year=year, number=f"{20 + year % 100}/QĐ-UBND", issuer=ct(year))
        _record(person=chau, award="LDTT", year=year, number=f"{20 + year % 100}/QĐ-UBND", issuer=ct(year))
    for year in (y - 2, y):  # misses y - 1
        _record(person=diem, award="CSTDCS", year=year, number=f"{45 + year % 100}/QĐ-UBND", issuer=ct(year))
    for year in (y - 2, y - 1):
        _record(person=huy, award="CSTDCS", year=year, number=f"{45 + year % 100}/QĐ-UBND", issuer=ct(year))
        _record(person=loc, award="CSTDCS", year=year, number=f"{12 + year % 100}/QĐ-UBND", issuer=nb(year))
        _record(person=oanh, award="CSTDCS", year=year, number=f"{88 + year % 100}/QĐ-SYT", issuer="Sở Y tế")
    _record(person=mai, award="CSTDCS", year=y - 1, number=f"{12 + (y - 1) % 100}/QĐ-UBND", issuer=nb(y - 1))
    # A campaign Bằng khen does not count towards merit awards.
    _record(person=mai, award="BKT", year=y - 2, number="1008/QĐ-UBND", issuer=province(y - 2), kind="campaign")
    _record(person=phuc, award="BKT", year=y - 3, number="163/QĐ-UBND", issuer=province(y - 3))
    _record(person=phuc, award="BKTTG", year=y - 1, number="1208/QĐ-TTg", issuer="Thủ tướng Chính phủ")
    _record(unit=_unit("HG.CT"), award="CTDT", year=y - 1, number="2150/QĐ-UBND", issuer=province(y - 1))
    _record(unit=_unit("HG.NB"), award="CTDT", year=y - 2, number="2144/QĐ-UBND", issuer=province(y - 2))
    _record(
        household="Hộ ông Võ Văn Đức",
        award="BKT",
        year=y - 1,
        number="905/QĐ-UBND",
        kind="sudden",
        issuer=province(y - 1),
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


def _seeded(title, year, nominees):
    """The demo dossier already written: by its title, or by one of its nominees for the same award and year
    (a database seeded before the reorganisation has it under the old unit and the old wording)."""
    existing = Dossier.objects.filter(title=title, year=year).first()
    if existing:
        return existing
    same = Q(pk__in=[])
    for n in nominees:
        key = {"person": n["person"]} if n.get("person") else {"unit": n["unit"]} if n.get("unit") else {}
        key = key or {"household_name": n.get("household_name", "")}
        same |= Q(award__code=n["award"], **key)
    nomination = Nomination.objects.filter(same, year=year).select_related("dossier").first()
    return nomination.dossier if nomination else None


def _dossier(*, unit, title, year, by, nominees, complete=True, round_kind="yearly"):
    existing = _seeded(title, year, nominees)
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


# Staff pass nominees whose achievements the demo holds no record of: the check says "chưa đủ căn cứ",
# so the appraisal carries a justification (shown to the council).
JUSTIFIED = "Đủ tiêu chuẩn: thành tích đã được đơn vị xác nhận bằng văn bản kèm hồ sơ, Sở Nội vụ đã đối chiếu."


def _take_if_late(dossier, staff):
    """A demo round seeded after its deadline: staff accept the late dossier, as they must, with a reason."""
    dossier.refresh_from_db()
    if dossier.late_pending:
        services.dossier_accept_late(
            dossier=dossier, by=staff, reason="Dữ liệu mẫu: đợt xét được nhập sau hạn gửi hồ sơ của năm."
        )


def _dossiers(y):
    """This year's round: dossiers submitted lately, so by the units in force today (the successors of Hậu
    Giang's after 01/07/2025: donvi then works for xã Châu Thành, donvi2 for phường Ngã Bảy)."""
    staff = User.objects.get(username="staff")
    donvi, donvi2 = User.objects.get(username="donvi"), User.objects.get(username="donvi2")
    ind = RecipientKind.INDIVIDUAL
    today = timezone.localdate()

    def unit_now(code):
        return _unit_on(code, today)

    # Châu Thành: a draft still missing documents.
    _dossier(
        unit=unit_now("HG.CT"),
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
        unit=unit_now("HG.CT"),
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
        unit=unit_now("HG.NB"),
        title=f"Đề nghị Bằng khen của {_provincial_issuer(today)} năm {y}",
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
        unit=unit_now("HG.SYT"),
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
        _take_if_late(dossier, staff)
        services.dossier_mark_complete(dossier=dossier, by=staff)
    # Dược Hậu Giang: appraised; the Huân chương candidate is in its public comment window.
    dossier, created = _dossier(
        unit=unit_now("HG.DHG"),
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
        _take_if_late(dossier, staff)
        nomination = services.nomination_appraise(
            nomination=dossier.nominations.get(), by=staff, accept=True, reason=JUSTIFIED
        )
        services.disclosure_open(nomination=nomination, by=staff)
    # Sở Nội vụ: appraised, one nominee ready for decision, one rejected.
    dossier, created = _dossier(
        unit=unit_now("HG.SNV"),
        title=f"Đề nghị khen thưởng Sở Nội vụ năm {y}",
        year=y,
        by=None,
        nominees=[
            {
                "kind": "collective",
                "unit": unit_now("HG.SNV.TDKT"),
                "award": "BKT",
                "summary": "Tham mưu tốt công tác thi đua, khen thưởng của tỉnh.",
            },
            {"kind": ind, "person": _person("Triệu Đức Hạnh"), "award": "BKT", "summary": "Giám đốc Sở."},
        ],
    )
    if created:
        services.dossier_submit(dossier=dossier, by=None)
        _take_if_late(dossier, staff)
        services.dossier_mark_complete(dossier=dossier, by=staff)
        first, second = dossier.nominations.order_by("id")
        services.nomination_appraise(nomination=first, by=staff, accept=True, reason=JUSTIFIED)
        services.nomination_appraise(
            nomination=second, by=staff, accept=False, reason="Chưa đủ 2 năm liên tục Chiến sĩ thi đua cơ sở."
        )


# ---------------------------------------------------------------------------
# The provincial council, its meetings and a signed decision
# ---------------------------------------------------------------------------


TERM_NAME = "Hội đồng Thi đua - Khen thưởng tỉnh Hậu Giang nhiệm kỳ 2021 - 2026"
# From 01/07/2025 the city's council (its composition is an assumption: docs/domain-notes.md).
CITY_TERM_NAME = "Hội đồng Thi đua - Khen thưởng thành phố Cần Thơ nhiệm kỳ 2025 - 2026"
CLOSED_TITLE = "Phiên họp xét khen thưởng 6 tháng đầu năm 2025"
OPEN_TITLE = "Phiên họp bất thường xét danh hiệu Chiến sĩ thi đua cấp tỉnh"
SIGNER = "Nguyễn Văn Thắng"  # the signer when the registry names none for the decision's day
CLOSED_ON, DECIDED_ON, OPEN_ON = date(2025, 6, 20), date(2025, 7, 1), date(2025, 11, 28)

# username, full name, role, position (hoidong — Đinh Ngọc Hải — sits as a member)
MEMBERS = [
    ("hd.chutich", "Trần Quốc Trung", "chair", "Chủ tịch UBND tỉnh"),
    ("hd.phochutich", "Nguyễn Văn Thắng", "vice_chair", "Phó Chủ tịch UBND tỉnh"),
    ("hd.pct2", "Triệu Đức Hạnh", "vice_chair", "Giám đốc Sở Nội vụ"),
    ("hd.thuky", "Nguyễn Thị Kiều Oanh", "secretary", "Trưởng ban Thi đua - Khen thưởng"),
    ("hd.uv1", "Võ Thành Hiếu", "member", "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh"),
    ("hd.uv2", "Huỳnh Thị Thu Trang", "member", "Chủ tịch Liên đoàn Lao động tỉnh"),
    ("hd.uv3", "Lê Văn Tâm", "member", "Giám đốc Sở Tài chính"),
    ("hd.uv4", "Phạm Minh Khôi", "member", "Giám đốc Sở Giáo dục và Đào tạo"),
    ("hd.uv5", "Đoàn Thị Bích Thủy", "member", "Giám đốc Sở Y tế"),
    ("hd.uv6", "Nguyễn Hoàng Phúc", "member", "Bí thư Tỉnh Đoàn"),
    ("hd.uv7", "Trần Thanh Liêm", "member", "Chủ tịch Hội Nông dân tỉnh"),
    ("hd.uv8", "Mã Văn Đông", "member", "Chánh Văn phòng UBND tỉnh"),
]

# name, gender, birth year, position, unit code
NOMINEES = [
    ("Lê Thị Thu Hà", "female", 1982, "Hiệu trưởng Trường THCS Ngã Sáu", "HG.CT.NS"),
    ("Phan Văn Tài", "male", 1976, "Trưởng phòng Kinh tế huyện Châu Thành", "HG.CT"),
    ("Nguyễn Thị Hồng Nhung", "female", 1985, "Bác sĩ Trung tâm Y tế thành phố Ngã Bảy", "HG.NB"),
    ("Trịnh Văn Sơn", "male", 1979, "Phó Chủ tịch UBND phường Lái Hiếu", "HG.NB.LH"),
    ("Hồ Thị Kim Cương", "female", 1988, "Giáo viên Trường Tiểu học Mái Dầm", "HG.CT.MD"),
]


# The city's council from 01/07/2025: fictional names, as for Hậu Giang (docs/reorganisation-2025.md §3).
CITY_MEMBERS = [
    ("ct.chutich", "Phạm Minh Khoa", "chair", "Chủ tịch UBND thành phố"),
    ("ct.phochutich", "Võ Thị Thanh Tâm", "vice_chair", "Phó Chủ tịch UBND thành phố"),
    ("ct.pct2", "Đoàn Văn Lợi", "vice_chair", "Giám đốc Sở Nội vụ"),
    ("ct.thuky", "Lưu Thị Ngọc Hân", "secretary", "Trưởng phòng Thi đua - Khen thưởng"),
    ("ct.uv1", "Kha Văn Phước", "member", "Chủ tịch Ủy ban MTTQ Việt Nam thành phố"),
    ("ct.uv2", "Quách Thị Mỹ Duyên", "member", "Chủ tịch Liên đoàn Lao động thành phố"),
    ("ct.uv3", "Tăng Văn Hùng", "member", "Giám đốc Sở Tài chính"),
    ("ct.uv4", "Âu Thị Kim Loan", "member", "Giám đốc Sở Giáo dục và Đào tạo"),
    ("ct.uv5", "Giang Minh Trí", "member", "Giám đốc Sở Y tế"),
    ("ct.uv6", "Thái Hoàng Nam", "member", "Bí thư Thành Đoàn"),
    ("ct.uv7", "Diệp Văn Sang", "member", "Chánh Văn phòng UBND thành phố"),
]


def _council_users(rows, unit):
    members = []
    for username, full_name, role, position in rows:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"full_name": full_name, "is_council_member": True, "unit": unit, "email": ""},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        members.append((user, role, position))
    hoidong = User.objects.get(username="hoidong")
    members.insert(4, (hoidong, "member", "Phó Giám đốc Sở Nội vụ"))
    return members


def _council_term(name, rows, *, body, valid_from, valid_to):
    term, _created = CouncilTerm.objects.get_or_create(
        name=name, defaults={"valid_from": valid_from, "valid_to": valid_to}
    )
    if term.valid_to != valid_to and not term.meetings.filter(date__gt=valid_to).exists():
        term.valid_to = valid_to  # the province's council ended with the province (seeded before: 31/12/2026)
        term.save(update_fields=["valid_to"])
    for order, (user, role, position) in enumerate(_council_users(rows, body)):
        CouncilMember.objects.get_or_create(
            term=term, user=user, defaults={"role": role, "position": position, "order": order}
        )
    return term


def _council_terms() -> dict[str, CouncilTerm]:
    """The provincial council, and from 01/07/2025 the city's when the registry has the city."""
    province = _unit("HG")
    terms = {
        "HG": _council_term(
            TERM_NAME,
            MEMBERS,
            body=province,
            valid_from=date(2021, 1, 1),
            valid_to=province.valid_to or date(2026, 12, 31),
        )
    }
    city = OrgUnit.objects.filter(code="CTH").first()
    if city is not None:
        terms["CTH"] = _council_term(
            CITY_TERM_NAME, CITY_MEMBERS, body=city, valid_from=city.valid_from, valid_to=date(2026, 12, 31)
        )
    return terms


def _term_on(terms, day) -> CouncilTerm:
    """The council of the province-level body in force on ``day``."""
    issuer = issuer_as_of(day)
    return terms.get(issuer.unit.code if issuer else "HG", terms["HG"])


def _council_nominee(name, gender, birth_year, position, unit_code):
    person, _created = Person.objects.get_or_create(
        full_name=name,
        birth_year=birth_year,
        defaults={"gender": gender, "position": position, "unit": OrgUnit.objects.get(code=unit_code)},
    )
    return person


def _appraised_dossier(unit_code: str, year: int, title: str) -> Dossier:
    unit = OrgUnit.objects.get(code=unit_code)
    dossier = Dossier.objects.filter(unit=unit, year=year, title=title).first()
    if dossier is None:
        dossier = Dossier(
            unit=unit,
            round_kind=Dossier.RoundKind.YEARLY,
            year=year,
            title=title,
            status=Dossier.Status.APPRAISED,
            letter_number=f"{year % 100 + 30}/TTr-UBND",
            letter_date=date(year, 12, 5),
            received_on=date(year, 12, 8),
            first_received_on=date(year, 12, 8),
            complete_on=date(year, 12, 8),
        )
        dossier.save()
    return dossier


def _ready_nomination(*, dossier, award_code, year, summary, person=None, unit=None) -> Nomination | None:
    """The demo nominee, or None when another demo already proposed the same nominee for that award and year."""
    award = Award.objects.get(code=award_code)
    mine = Nomination.objects.filter(dossier=dossier, award=award, person=person, unit=unit).first()
    if mine:
        return mine
    taken = Nomination.objects.filter(award=award, year=year).exclude(status__in=["rejected", "withdrawn"])
    if taken.filter(Q(person=person) if person else Q(unit=unit)).exists():
        return None
    nomination = Nomination(
        dossier=dossier,
        nominee_kind=RecipientKind.INDIVIDUAL if person else RecipientKind.COLLECTIVE,
        person=person,
        unit=unit,
        award=award,
        year=year,
        summary=summary,
        status=Nomination.Status.READY_FOR_COUNCIL,
        appraisal_reason="Đủ điều kiện theo kết quả kiểm tra tự động.",
    )
    nomination.save()
    return nomination


def _closed_meeting(term, staff):
    meeting = Meeting.objects.filter(title=CLOSED_TITLE).first()
    if meeting is not None:
        return meeting
    ct = _appraised_dossier("HG.CT", 2024, "Đề nghị xét danh hiệu thi đua năm 2024 (huyện Châu Thành)")
    nb = _appraised_dossier("HG.NB", 2024, "Đề nghị xét danh hiệu thi đua năm 2024 (thành phố Ngã Bảy)")
    summaries = "Ba năm liền Chiến sĩ thi đua cơ sở; sáng kiến được Hội đồng khoa học tỉnh công nhận."
    people = [_council_nominee(*row) for row in NOMINEES]
    nominations = [
        _ready_nomination(dossier=ct, award_code="CSTDT", year=2024, summary=summaries, person=people[0]),
        _ready_nomination(dossier=ct, award_code="CSTDT", year=2024, summary=summaries, person=people[1]),
        _ready_nomination(dossier=nb, award_code="CSTDT", year=2024, summary=summaries, person=people[2]),
        _ready_nomination(
            dossier=nb,
            award_code="CTDT",
            year=2024,
            summary="Đơn vị dẫn đầu Khối thi đua phường, thị trấn năm 2024.",
            unit=OrgUnit.objects.get(code="HG.NB.LH"),
        ),
    ]
    nominations = [n for n in nominations if n is not None and n.status == Nomination.Status.READY_FOR_COUNCIL]
    if not nominations:
        return None
    meeting = services.meeting_create(
        term=term,
        title=CLOSED_TITLE,
        date=CLOSED_ON,
        kind=Meeting.Kind.REGULAR,
        by=staff,
        location="Hội trường UBND tỉnh",
    )
    services.agenda_add(meeting=meeting, nominations=nominations, by=staff)
    seats = list(term.members.select_related("user").order_by("order"))
    absent = seats[-2:]
    services.attendance_set(meeting=meeting, absent_member_ids={s.pk for s in absent}, by=staff)
    services.meeting_open_ballot(meeting=meeting, by=staff)
    items = list(meeting.items.select_related("nomination").order_by("order"))
    recused = {(r.item_id, r.member_id) for item in items for r in item.recusals.all()}
    # Phan Văn Tài (second nominee) gets 11 of 13: below the 90 % bar (11.7) and fails.
    second = next((i.pk for i in items if i.nomination.person_id == people[1].pk), None)
    for index, seat in enumerate(seats[:-2]):
        choices = {}
        for item in items:
            if (item.pk, seat.pk) in recused:
                continue
            choices[item.pk] = services.DISAGREE if item.pk == second and index < 2 else services.AGREE
        if choices:
            services.ballot_cast(meeting=meeting, user=seat.user, choices=choices)
    # The two absent members sent written ballots, recorded by the secretary.
    tallies = {}
    for item in items:
        eligible = [s for s in absent if (item.pk, s.pk) not in recused]
        tallies[item.pk] = (len(eligible), 0)
    services.ballot_record_paper(meeting=meeting, members=absent, tallies=tallies, by=staff)
    services.meeting_close(meeting=meeting, by=staff)
    return meeting


def _signed_decision(staff):
    """The decision on the nominees the council passed on 20/06/2025, signed on 01/07/2025: by the body in
    force that day (the city, once the registry has the reorganisation), with its signer."""
    award = Award.objects.get(code="CSTDT")
    decision = (
        Decision.objects.filter(
            award=award, purpose="award", recipients__nomination__agenda_items__meeting__title=CLOSED_TITLE
        )
        .distinct()
        .first()
    )
    if decision is None:
        passed = list(Nomination.objects.filter(award=award, status=Nomination.Status.COUNCIL_PASSED, year=2024))
        if not passed:
            return None
        issuer = issuer_as_of(DECIDED_ON)
        decision = services.decision_create_draft(award=award, nominations=passed, by=staff)
        services.decision_update(
            decision=decision,
            by=staff,
            signer_name=(issuer.signer_name if issuer else "") or SIGNER,
            # The Sở Nội vụ's proposal the decision cites ("Xét đề nghị … tại Tờ trình số …").
            proposal_number="95/TTr-SNV",
            proposal_date=date(2025, 6, 25),
        )
        decision = services.decision_sign(decision=decision, by=staff, decision_date=DECIDED_ON)
    decision = Decision.objects.select_related("award").get(pk=decision.pk)
    if not decision.pdf_file:
        services.decision_documents_store(
            decision=decision,
            decision_pdf=decision_pdf(decision),
            certificates_pdf=certificates_pdf(decision),
        )
    return decision


def _open_meeting(term, staff):
    meeting = Meeting.objects.filter(title=OPEN_TITLE).first()
    if meeting is not None:
        return meeting
    # Dossiers of December 2025: by the units in force then (xã Châu Thành, phường Ngã Bảy after the merger).
    received = date(2025, 12, 8)
    ct_unit, nb_unit = _unit_on("HG.CT", received), _unit_on("HG.NB", received)
    title = "Đề nghị xét Chiến sĩ thi đua cấp tỉnh năm 2025 ({})"
    ct = _appraised_dossier(ct_unit.code, 2025, title.format(_area_label(ct_unit)))
    nb = _appraised_dossier(nb_unit.code, 2025, title.format(_area_label(nb_unit)))
    summary = "Hoàn thành xuất sắc nhiệm vụ; sáng kiến áp dụng hiệu quả trong toàn tỉnh."
    nominations = [
        _ready_nomination(
            dossier=nb, award_code="CSTDT", year=2025, summary=summary, person=_council_nominee(*NOMINEES[3])
        ),
        _ready_nomination(
            dossier=ct, award_code="CSTDT", year=2025, summary=summary, person=_council_nominee(*NOMINEES[4])
        ),
    ]
    nominations = [n for n in nominations if n is not None and n.status == Nomination.Status.READY_FOR_COUNCIL]
    if not nominations:
        return None
    issuer = issuer_as_of(OPEN_ON)
    meeting = services.meeting_create(
        term=term,
        title=OPEN_TITLE,
        date=OPEN_ON,
        kind=Meeting.Kind.EXTRAORDINARY,
        by=staff,
        location=f"Phòng họp số 1, UBND {issuer.area_type if issuer else 'tỉnh'}",
    )
    services.agenda_add(meeting=meeting, nominations=nominations, by=staff)
    services.meeting_open_ballot(meeting=meeting, by=staff)
    # Some members have voted already; hoidong has not.
    items = list(meeting.items.all())
    for seat in term.members.select_related("user").exclude(user__username="hoidong").order_by("order")[:6]:
        services.ballot_cast(meeting=meeting, user=seat.user, choices={i.pk: "agree" for i in items})
    return meeting


def _council() -> str:
    """The council with its meetings and the signed decision; returns the line the command prints."""
    staff = User.objects.get(username="staff")
    terms = _council_terms()
    closed = _closed_meeting(_term_on(terms, CLOSED_ON), staff)
    decision = _signed_decision(staff)
    opened = _open_meeting(_term_on(terms, OPEN_ON), staff)
    return "  hội đồng: {} thành viên; phiên đã họp: {}; quyết định: {}; phiên đang bỏ phiếu: {}".format(
        _term_on(terms, timezone.localdate()).members.count(),
        closed.title if closed else "—",
        decision.number_display if decision else "—",
        opened.title if opened else "—",
    )


def seed(stdout=None) -> None:
    y = timezone.localdate().year - 1  # the yearly review under way is last year's
    _history(y)
    _dossiers(y)
    council = _council()
    if stdout:
        stdout.write(
            f"  khen thưởng: {AwardRecord.objects.count()} khen thưởng đã nhận, "
            f"{Dossier.objects.count()} hồ sơ, {Nomination.objects.count()} đề nghị"
        )
        stdout.write(council)
