"""Demo data of awards part 2: the provincial council, a closed meeting with results, a signed decision
with its PDFs, and an open meeting on which ``hoidong`` can vote.

Idempotent: every object is found by its natural key first; a meeting or
decision that already exists is left as it is (votes and numbers are final).
"""

from datetime import date

from django.db.models import Q

from awards.council_models import CouncilMember, CouncilTerm, Decision, Meeting
from awards.models import Award, Dossier, Nomination, RecipientKind
from thiduakt.models import OrgUnit, Person, User

TERM_NAME = "Hội đồng Thi đua - Khen thưởng tỉnh Hậu Giang nhiệm kỳ 2021 - 2026"
CLOSED_TITLE = "Phiên họp xét khen thưởng 6 tháng đầu năm 2025"
OPEN_TITLE = "Phiên họp bất thường xét danh hiệu Chiến sĩ thi đua cấp tỉnh"
SIGNER = "Nguyễn Văn Thắng"

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


def _users():
    members = []
    for username, full_name, role, position in MEMBERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "is_council_member": True,
                "unit": OrgUnit.objects.get(code="HG"),
                "email": "",
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        members.append((user, role, position))
    hoidong = User.objects.get(username="hoidong")
    members.insert(4, (hoidong, "member", "Phó Giám đốc Sở Nội vụ"))
    return members


def _term():
    term, _created = CouncilTerm.objects.get_or_create(
        name=TERM_NAME, defaults={"valid_from": date(2021, 1, 1), "valid_to": date(2026, 12, 31)}
    )
    for order, (user, role, position) in enumerate(_users()):
        CouncilMember.objects.get_or_create(
            term=term, user=user, defaults={"role": role, "position": position, "order": order}
        )
    return term


def _person(name, gender, birth_year, position, unit_code):
    person, _created = Person.objects.get_or_create(
        full_name=name,
        birth_year=birth_year,
        defaults={"gender": gender, "position": position, "unit": OrgUnit.objects.get(code=unit_code)},
    )
    return person


def _dossier(unit_code: str, year: int, title: str) -> Dossier:
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


def _nomination(*, dossier, award_code, year, summary, person=None, unit=None) -> Nomination | None:
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
    from awards.council_services import (
        AGREE,
        DISAGREE,
        agenda_add,
        attendance_set,
        ballot_cast,
        ballot_record_paper,
        meeting_close,
        meeting_create,
        meeting_open_ballot,
    )

    meeting = Meeting.objects.filter(term=term, title=CLOSED_TITLE).first()
    if meeting is not None:
        return meeting
    ct = _dossier("HG.CT", 2024, "Đề nghị xét danh hiệu thi đua năm 2024 (huyện Châu Thành)")
    nb = _dossier("HG.NB", 2024, "Đề nghị xét danh hiệu thi đua năm 2024 (thành phố Ngã Bảy)")
    summaries = "Ba năm liền Chiến sĩ thi đua cơ sở; sáng kiến được Hội đồng khoa học tỉnh công nhận."
    people = [_person(*row) for row in NOMINEES]
    nominations = [
        _nomination(dossier=ct, award_code="CSTDT", year=2024, summary=summaries, person=people[0]),
        _nomination(dossier=ct, award_code="CSTDT", year=2024, summary=summaries, person=people[1]),
        _nomination(dossier=nb, award_code="CSTDT", year=2024, summary=summaries, person=people[2]),
        _nomination(
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
    meeting = meeting_create(
        term=term,
        title=CLOSED_TITLE,
        date=date(2025, 6, 20),
        kind=Meeting.Kind.REGULAR,
        by=staff,
        location="Hội trường UBND tỉnh",
    )
    agenda_add(meeting=meeting, nominations=nominations, by=staff)
    seats = list(term.members.select_related("user").order_by("order"))
    absent = seats[-2:]
    attendance_set(meeting=meeting, absent_member_ids={s.pk for s in absent}, by=staff)
    meeting_open_ballot(meeting=meeting, by=staff)
    items = list(meeting.items.select_related("nomination").order_by("order"))
    recused = {(r.item_id, r.member_id) for item in items for r in item.recusals.all()}
    # Phan Văn Tài (second nominee) gets 11 of 13: below the 90 % bar (11.7) and fails.
    second = next((i.pk for i in items if i.nomination.person_id == people[1].pk), None)
    for index, seat in enumerate(seats[:-2]):
        choices = {}
        for item in items:
            if (item.pk, seat.pk) in recused:
                continue
            choices[item.pk] = DISAGREE if item.pk == second and index < 2 else AGREE
        if choices:
            ballot_cast(meeting=meeting, user=seat.user, choices=choices)
    # The two absent members sent written ballots, recorded by the secretary.
    tallies = {}
    for item in items:
        eligible = [s for s in absent if (item.pk, s.pk) not in recused]
        tallies[item.pk] = (len(eligible), 0)
    ballot_record_paper(meeting=meeting, members=absent, tallies=tallies, by=staff)
    meeting_close(meeting=meeting, by=staff)
    return meeting


def _signed_decision(staff, stdout=None):
    from awards.council_jobs import certificates_context, decision_context
    from awards.council_services import (
        decision_create_draft,
        decision_documents_store,
        decision_sign,
        decision_update,
    )
    from reports.pdf import render_pdf

    award = Award.objects.get(code="CSTDT")
    decision = Decision.objects.filter(award=award, signer_name=SIGNER, purpose="award").first()
    if decision is None:
        passed = list(Nomination.objects.filter(award=award, status=Nomination.Status.COUNCIL_PASSED, year=2024))
        if not passed:
            return None
        decision = decision_create_draft(award=award, nominations=passed, by=staff)
        decision_update(decision=decision, by=staff, signer_name=SIGNER)
        decision = decision_sign(decision=decision, by=staff, decision_date=date(2025, 7, 1))
    decision = Decision.objects.select_related("award").get(pk=decision.pk)
    if not decision.pdf_file:
        decision_documents_store(
            decision=decision,
            decision_pdf=render_pdf("reports/pdf/awards/decision.html", decision_context(decision)),
            certificates_pdf=render_pdf("reports/pdf/awards/certificates.html", certificates_context(decision)),
        )
    return decision


def _open_meeting(term, staff):
    from awards.council_services import agenda_add, ballot_cast, meeting_create, meeting_open_ballot

    meeting = Meeting.objects.filter(term=term, title=OPEN_TITLE).first()
    if meeting is not None:
        return meeting
    ct = _dossier("HG.CT", 2025, "Đề nghị xét Chiến sĩ thi đua cấp tỉnh năm 2025 (huyện Châu Thành)")
    nb = _dossier("HG.NB", 2025, "Đề nghị xét Chiến sĩ thi đua cấp tỉnh năm 2025 (thành phố Ngã Bảy)")
    summary = "Hoàn thành xuất sắc nhiệm vụ; sáng kiến áp dụng hiệu quả trong toàn tỉnh."
    nominations = [
        _nomination(dossier=nb, award_code="CSTDT", year=2025, summary=summary, person=_person(*NOMINEES[3])),
        _nomination(dossier=ct, award_code="CSTDT", year=2025, summary=summary, person=_person(*NOMINEES[4])),
    ]
    nominations = [n for n in nominations if n is not None and n.status == Nomination.Status.READY_FOR_COUNCIL]
    if not nominations:
        return None
    meeting = meeting_create(
        term=term,
        title=OPEN_TITLE,
        date=date(2025, 11, 28),
        kind=Meeting.Kind.EXTRAORDINARY,
        by=staff,
        location="Phòng họp số 1, UBND tỉnh",
    )
    agenda_add(meeting=meeting, nominations=nominations, by=staff)
    meeting_open_ballot(meeting=meeting, by=staff)
    # Some members have voted already; hoidong has not.
    items = list(meeting.items.all())
    for seat in term.members.select_related("user").exclude(user__username="hoidong").order_by("order")[:6]:
        ballot_cast(meeting=meeting, user=seat.user, choices={i.pk: "agree" for i in items})
    return meeting


def seed(stdout=None) -> None:
    staff = User.objects.get(username="staff")
    term = _term()
    closed = _closed_meeting(term, staff)
    decision = _signed_decision(staff)
    opened = _open_meeting(term, staff)
    if stdout:
        stdout.write(
            "  hội đồng: {} thành viên; phiên đã họp: {}; quyết định: {}; phiên đang bỏ phiếu: {}".format(
                term.members.count(),
                closed.title if closed else "—",
                decision.number_display if decision else "—",
                opened.title if opened else "—",
            )
        )
