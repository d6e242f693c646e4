"""The unit registry as of a date: the 2025 reorganisation of Hậu Giang into thành phố Cần Thơ.

The test world is the province as the seed articles show it; each test here applies the reorganisation of the
demo (``thiduakt.demo.seed_reorganisation``) inside its own transaction.
"""

import re
import subprocess
from datetime import date

import pytest
from django.template import Context, Template
from django.utils import timezone

from awards import demo as awards_demo
from awards.jobs import certificates_context, decision_context
from awards.models import AwardRecord, Decision, Dossier, Meeting, Nomination
from awards.services import decision_create_draft, decision_sign, decision_update, member_seat
from awards.tests.council_factories import ready_nomination
from awards.tests.factories import award
from campaigns import demo as campaigns_demo
from campaigns.models import Campaign, ProgressReport
from thiduakt import demo
from thiduakt.models import OfficeHolder, OrgUnit, Person, Succession, User
from thiduakt.pdf import render_pdf
from thiduakt.selectors import (
    issuer_as_of,
    reword_area,
    successors_of,
    unit_closure_note,
    unit_label,
    units_as_of,
)
from thiduakt.services import DomainError, unit_reorganise
from thiduakt.tests.factories import OrgUnitFactory, StaffFactory

pytestmark = pytest.mark.django_db

LAST_HG_DAY, FIRST_CITY_DAY = date(2025, 6, 30), date(2025, 7, 1)


@pytest.fixture
def merged(world):
    demo.seed_reorganisation()
    return {u.code: u for u in OrgUnit.objects.all()}


def _codes(units) -> list[str]:
    return [u.code for u in units]


def _pdf_text(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True)
    return re.sub(r"\s+", " ", out.stdout.decode("utf-8"))


# ---------------------------------------------------------------------------
# The registry: units, successors, the issuer
# ---------------------------------------------------------------------------


def test_units_in_force_switch_on_the_first_of_july_2025(merged):
    before = set(units_as_of(LAST_HG_DAY).values_list("code", flat=True))
    after = set(units_as_of(FIRST_CITY_DAY).values_list("code", flat=True))
    assert {"HG", "HG.CT", "HG.CT.NS", "HG.SNV"} <= before
    assert not {"CTH", "CTH.X.CHAUTHANH"} & before
    assert {"CTH", "CTH.X.CHAUTHANH", "CTH.P.NGABAY", "CTH.SNV", "HG.DHG"} <= after
    assert not {c for c in after if c.startswith("HG.")} - {"HG.DHG"}  # only the enterprise stays open
    during_2025 = set(units_as_of(date(2025, 1, 1), until=date(2025, 12, 31)).values_list("code", flat=True))
    assert {"HG.CT", "CTH.X.CHAUTHANH"} <= during_2025


def test_closed_units_keep_their_history_and_point_at_their_successors(merged):
    ct = merged["HG.CT"]
    assert (ct.valid_to, ct.merged_into.code) == (LAST_HG_DAY, "CTH.X.CHAUTHANH")
    rows = {s.successor.code: (s.share, s.clause, s.effective_on) for s in ct.successions.select_related("successor")}
    assert rows == {
        "CTH.X.CHAUTHANH": ("part", "Điều 1 khoản 55", FIRST_CITY_DAY),
        "CTH.X.PHUHUU": ("part", "Điều 1 khoản 57", FIRST_CITY_DAY),
        "CTH.X.DONGPHUOC": ("part", "Điều 1 khoản 56", FIRST_CITY_DAY),
    }
    assert (
        ct.successions.first().legal_basis
        == "Nghị quyết số 1668/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội"
    )
    assert ct.history.first().history_change_reason.startswith("Sắp xếp đơn vị hành chính theo Nghị quyết số 1668")
    # History stays attached: people of the old district are still its people; the enterprise moved under the city.
    assert ct.people.filter(full_name="Nguyễn Văn Bình").exists()
    assert merged["HG.DHG"].valid_to is None and merged["HG.DHG"].parent.code == "CTH"
    # The demo officers work for the successors of their units from 01/07/2025.
    assert dict(
        User.objects.filter(username__in=["donvi", "donvi2", "staff"]).values_list("username", "unit__code")
    ) == {
        "donvi": "CTH.X.CHAUTHANH",
        "donvi2": "CTH.P.NGABAY",
        "staff": "CTH.SNV.TDKT",
    }


def test_successors_of_a_split_district_a_merged_commune_and_a_closed_division(merged):
    after = date(2026, 1, 1)
    assert _codes(successors_of(merged["HG.CT"], after)) == ["CTH.X.CHAUTHANH", "CTH.X.DONGPHUOC", "CTH.X.PHUHUU"]
    assert _codes(successors_of(merged["HG.CT"], LAST_HG_DAY)) == ["HG.CT"]  # still in force that day
    assert _codes(successors_of(merged["HG.CT.NS"], after)) == ["CTH.X.CHAUTHANH"]
    assert _codes(successors_of(merged["HG.NB.DT"], after)) == ["CTH.P.DAITHANH"]  # a xã went into a phường
    assert _codes(successors_of(merged["HG.VT.P5"], after)) == ["CTH.P.VITAN"]  # by the resolution, not the plan
    assert successors_of(merged["HG.CT.PNV"], after) == []  # closed with its district, no successor
    assert successors_of(merged["CTH.X.CHAUTHANH"], date(2025, 1, 1)) == []  # did not exist yet
    assert _codes(successors_of(merged["HG"], after)) == ["CTH"]


def test_the_demo_invents_no_commune_xa_hoa_binh_is_xa_hoa_an(merged):
    assert not OrgUnit.objects.filter(name__icontains="Hòa Bình").exists()
    old = merged["HG.PH.HA"]
    assert (old.name, old.parent.code) == ("Ủy ban nhân dân xã Hòa An", "HG.PH")
    assert _codes(successors_of(old, date(2026, 1, 1))) == ["CTH.X.HOAAN"]
    assert old.successions.get().clause == "Điều 1 khoản 59"


def test_successors_are_followed_through_a_later_reorganisation():
    a, b = OrgUnitFactory(name="Xã A"), OrgUnitFactory(name="Xã B", valid_from=date(2025, 7, 1))
    c = OrgUnitFactory(name="Xã C", valid_from=date(2027, 1, 1))
    unit_reorganise(unit=a, successors=[{"unit": b}], on=date(2025, 7, 1), legal_basis="NQ 1", by=None, reason="Lần 1")
    unit_reorganise(unit=b, successors=[{"unit": c}], on=date(2027, 1, 1), legal_basis="NQ 2", by=None, reason="Lần 2")
    a.refresh_from_db()
    assert successors_of(a, date(2026, 1, 1)) == [b]
    assert successors_of(a, date(2027, 1, 1)) == [c]


def test_reorganise_refuses_bad_input_and_writes_nothing():
    old, new = OrgUnitFactory(name="Xã Cũ"), OrgUnitFactory(name="Xã Mới", valid_from=date(2025, 7, 1))
    cases = [
        ({"reason": " "}, "Cần ghi lý do sắp xếp đơn vị."),
        ({"legal_basis": ""}, "Cần ghi căn cứ (nghị quyết, quyết định) của việc sắp xếp."),
        ({"on": date(2025, 6, 1)}, "Đơn vị kế thừa Xã Mới không hoạt động vào ngày 01/06/2025."),
        ({"successors": [{"unit": old}]}, "Một đơn vị không thể kế thừa chính nó."),
        ({"seat": OrgUnitFactory(name="Xã Khác")}, "Đơn vị nhận trụ sở phải là một trong các đơn vị kế thừa."),
    ]
    for change, message in cases:
        arguments = {
            "unit": old,
            "successors": [{"unit": new}],
            "on": date(2025, 7, 1),
            "legal_basis": "NQ 1668",
            "by": None,
            "reason": "Sắp xếp",
            **change,
        }
        with pytest.raises(DomainError) as refused:
            unit_reorganise(**arguments)
        assert str(refused.value) == message
    old.refresh_from_db()
    assert (old.valid_to, old.merged_into, Succession.objects.count()) == (None, None, 0)
    unit_reorganise(unit=old, successors=[{"unit": new}], on=date(2025, 7, 1), legal_basis="NQ", by=None, reason="x")
    with pytest.raises(DomainError, match="đã ngừng hoạt động từ sau ngày 30/06/2025"):
        unit_reorganise(unit=old, successors=[], on=date(2026, 1, 1), legal_basis="NQ", by=None, reason="x")


def test_issuer_as_of_a_date_is_hau_giang_until_june_and_can_tho_from_july_2025(merged):
    before, after = issuer_as_of(date(2025, 6, 15)), issuer_as_of(date(2025, 7, 15))
    assert (before.header, before.place, before.authority) == (
        "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG",
        "Hậu Giang",
        "Chủ tịch Ủy ban nhân dân tỉnh",
    )
    assert (before.chair.full_name, before.signer_authority, before.signer_title, before.signer_name) == (
        "Trần Quốc Trung",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Văn Thắng",
    )
    assert (after.header, after.name_line, after.place, after.authority, after.interior_department) == (
        "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ",
        "THÀNH PHỐ CẦN THƠ",
        "Cần Thơ",
        "Chủ tịch Ủy ban nhân dân thành phố",
        "Sở Nội vụ thành phố Cần Thơ",
    )
    assert (after.chair.full_name, after.signer_name) == ("Phạm Minh Khoa", "Võ Thị Thanh Tâm")
    OfficeHolder.objects.filter(unit=after.unit, signs_documents=True).update(valid_to=date(2025, 9, 30))
    assert issuer_as_of(date(2025, 10, 1)).signer is None
    assert issuer_as_of(date(2003, 1, 1)) is None  # nothing in the registry that day


def test_generic_provincial_wording_follows_the_issuer_and_proper_names_stay():
    text = (
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh; Chánh Văn phòng UBND tỉnh, Quỹ Thi đua, khen thưởng của tỉnh; "
        "Ủy ban nhân dân tỉnh Hậu Giang; Chiến sĩ thi đua cấp tỉnh"
    )
    assert reword_area(text, to_area_type="thành phố") == (
        "Bằng khen của Chủ tịch Ủy ban nhân dân thành phố; Chánh Văn phòng UBND thành phố, Quỹ Thi đua, khen "
        "thưởng của thành phố; Ủy ban nhân dân tỉnh Hậu Giang; Chiến sĩ thi đua cấp tỉnh"
    )
    back = "Ủy ban nhân dân thành phố, Ủy ban nhân dân thành phố Ngã Bảy"
    assert reword_area(back, to_area_type="tỉnh", from_area_type="thành phố") == (
        "Ủy ban nhân dân tỉnh, Ủy ban nhân dân thành phố Ngã Bảy"
    )


def test_closed_units_are_marked_where_shown(merged):
    ct = OrgUnit.objects.prefetch_related("successions__successor").select_related("merged_into").get(code="HG.CT")
    assert unit_label(ct) == (
        "Ủy ban nhân dân huyện Châu Thành (đã sáp nhập vào Ủy ban nhân dân xã Châu Thành, "
        "Ủy ban nhân dân xã Đông Phước, Ủy ban nhân dân xã Phú Hữu)"
    )
    assert unit_closure_note(merged["HG.CT.NS"]) == "đã sáp nhập vào Ủy ban nhân dân xã Châu Thành"
    assert unit_closure_note(merged["HG.CT.PNV"]) == "ngừng hoạt động từ 01/07/2025"
    assert unit_label(merged["CTH.X.CHAUTHANH"]) == "Ủy ban nhân dân xã Châu Thành"
    rendered = Template("{% load registry %}{{ unit|unit_label }}|{% issuer_as_of day as i %}{{ i.place }}").render(
        Context({"unit": merged["HG.NB.LH"], "day": date(2025, 7, 2)})
    )
    assert rendered == "Ủy ban nhân dân phường Lái Hiếu (đã sáp nhập vào Ủy ban nhân dân phường Ngã Bảy)|Cần Thơ"


def test_reorganisation_is_idempotent(merged):
    counts = (OrgUnit.objects.count(), Succession.objects.count(), OfficeHolder.objects.count())
    reorganised = OrgUnit.history.filter(history_change_reason__startswith="Sắp xếp").count()
    demo.seed_reorganisation()
    demo.seed()  # the province's own step again: the officers stay with the successors
    assert (OrgUnit.objects.count(), Succession.objects.count(), OfficeHolder.objects.count()) == counts
    assert OrgUnit.objects.get(code="HG.CT").valid_to == LAST_HG_DAY
    assert User.objects.get(username="donvi").unit.code == "CTH.X.CHAUTHANH"
    assert OrgUnit.objects.get(code="HG.DHG").parent.code == "CTH"
    assert OrgUnit.history.filter(history_change_reason__startswith="Sắp xếp").count() == reorganised
    assert reorganised == len(demo.REORGANISATION)


# ---------------------------------------------------------------------------
# Documents take their issuer, place and signer from the registry by their date
# ---------------------------------------------------------------------------


def _signed(day: date, signer: str | None = None) -> Decision:
    staff = StaffFactory()
    nominee = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    decision = decision_create_draft(award=award("BKT"), nominations=[nominee], by=staff)
    if signer is not None:
        decision_update(decision=decision, by=staff, signer_name=signer)
    decision_sign(decision=decision, by=staff, decision_date=day)
    return Decision.objects.select_related("award").get(pk=decision.pk)


def test_a_decision_of_15_june_2025_is_hau_giangs_and_one_of_15_july_2025_is_can_thos(merged, private_media):
    june, july = _signed(date(2025, 6, 15)), _signed(date(2025, 7, 15))
    june_text = _pdf_text(render_pdf("reports/pdf/awards/decision.html", decision_context(june)))
    july_text = _pdf_text(render_pdf("reports/pdf/awards/decision.html", decision_context(july)))
    assert "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG" in june_text
    assert "Hậu Giang, ngày 15 tháng 6 năm 2025" in june_text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" in june_text and "Nguyễn Văn Thắng" in june_text
    assert "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in june_text
    assert "Cần Thơ" not in june_text
    assert "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ" in july_text
    assert "Cần Thơ, ngày 15 tháng 7 năm 2025" in july_text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ" in july_text and "Võ Thị Thanh Tâm" in july_text
    assert "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân thành phố" in july_text
    assert "DANH SÁCH ĐƯỢC TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ" in july_text
    assert "Quỹ Thi đua, khen thưởng của thành phố" in july_text
    assert "Hậu Giang" not in july_text
    certificate = _pdf_text(render_pdf("reports/pdf/awards/certificates.html", certificates_context(july)))
    assert "BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ" in certificate
    assert "Cần Thơ, ngày 15 tháng 7 năm 2025" in certificate
    assert AwardRecord.objects.get(decision_number=july.number_display, decision_date=july.decision_date).issuer == (
        "Chủ tịch Ủy ban nhân dân thành phố"
    )


def test_signing_after_the_merger_switches_a_hau_giang_draft_and_its_signer_and_says_so(merged):
    decision = _signed(date(2025, 7, 15), signer="Nguyễn Văn Thắng")  # drafted with the Hậu Giang vice-chair
    assert (decision.issuer_name, decision.place, decision.signer_name) == (
        "THÀNH PHỐ CẦN THƠ",
        "Cần Thơ",
        "Võ Thị Thanh Tâm",
    )
    event = decision.events.get(to_status="signed")
    assert event.reason == (
        "Theo danh mục đơn vị ngày 15/07/2025: ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ; người ký Võ Thị Thanh Tâm "
        "(Nguyễn Văn Thắng không còn giữ chức vụ)"
    )
    # A signer the registry does not know is the staff's record of who signed: kept as typed.
    other = _signed(date(2025, 7, 16), signer="Lê Văn Ký")
    assert (other.signer_name, other.place) == ("Lê Văn Ký", "Cần Thơ")


def test_a_signer_out_of_office_with_nobody_in_office_that_day_is_refused(merged):
    OfficeHolder.objects.filter(unit__code="CTH", signs_documents=True).update(valid_to=date(2025, 7, 31))
    staff = StaffFactory()
    nominee = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    decision = decision_create_draft(award=award("BKT"), nominations=[nominee], by=staff)
    decision_update(decision=decision, by=staff, signer_name="Võ Thị Thanh Tâm")
    with pytest.raises(DomainError) as refused:
        decision_sign(decision=decision, by=staff, decision_date=date(2025, 8, 5))
    assert str(refused.value) == (
        "Võ Thị Thanh Tâm không giữ chức vụ tại Ủy ban nhân dân thành phố Cần Thơ ngày 05/08/2025; hãy sửa người ký."
    )
    decision.refresh_from_db()
    assert (decision.status, decision.number) == (Decision.Status.DRAFT, None)


def test_a_draft_takes_the_issuer_and_signer_in_force_today(merged):
    staff = StaffFactory()
    nominee = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    draft = decision_create_draft(award=award("BKT"), nominations=[nominee], by=staff)
    assert (draft.issuer_parent, draft.issuer_name, draft.place, draft.issuer) == (
        "ỦY BAN NHÂN DÂN",
        "THÀNH PHỐ CẦN THƠ",
        "Cần Thơ",
        "Chủ tịch Ủy ban nhân dân thành phố",
    )
    assert (draft.signer_authority, draft.signer_title, draft.signer_name) == (
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Võ Thị Thanh Tâm",
    )
    assert draft.subject == "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân thành phố"
    assert "Chánh Văn phòng Ủy ban nhân dân thành phố" in draft.executors
    # Signed with an earlier date, the draft becomes Hậu Giang's again, wording and signer included.
    decision_sign(decision=draft, by=staff, decision_date=date(2025, 3, 5))
    draft.refresh_from_db()
    assert (draft.issuer_name, draft.place, draft.signer_name, draft.subject) == (
        "TỈNH HẬU GIANG",
        "Hậu Giang",
        "Nguyễn Văn Thắng",
        "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    )


# ---------------------------------------------------------------------------
# The demo after the reorganisation
# ---------------------------------------------------------------------------


def test_demo_decisions_and_council_follow_the_date_of_the_merger(merged, private_media):
    awards_demo.seed()
    signed = Decision.objects.get(status=Decision.Status.SIGNED)  # signed 01/07/2025: the city's first day
    assert (signed.decision_date, signed.issuer_name, signed.place, signed.issuer, signed.signer_name) == (
        date(2025, 7, 1),
        "THÀNH PHỐ CẦN THƠ",
        "Cần Thơ",
        "Chủ tịch Ủy ban nhân dân thành phố",
        "Võ Thị Thanh Tâm",
    )
    closed = Meeting.objects.get(status=Meeting.Status.CLOSED)  # 20/06/2025: Hậu Giang's council
    voting = Meeting.objects.get(status=Meeting.Status.VOTING)  # 28/11/2025: the city's
    assert (closed.term.name, closed.term.valid_to) == (awards_demo.TERM_NAME, LAST_HG_DAY)
    assert (voting.term.name, voting.term.valid_from) == (awards_demo.CITY_TERM_NAME, FIRST_CITY_DAY)
    assert voting.location == "Phòng họp số 1, UBND thành phố"
    assert member_seat(user=User.objects.get(username="hoidong"), meeting=voting) is not None
    assert set(voting.items.values_list("nomination__dossier__unit__code", flat=True)) == {
        "CTH.X.CHAUTHANH",
        "CTH.P.NGABAY",
    }
    # This year's round is submitted by the units in force today, the officers' own.
    this_round = Dossier.objects.filter(year=timezone.localdate().year - 1, title__startswith="Đề nghị Bằng khen")
    assert set(this_round.values_list("unit__code", flat=True)) == {"CTH.X.CHAUTHANH", "CTH.P.NGABAY"}
    # History of 2024 stays with Hậu Giang's bodies; a record of 20/12/2025 is the commune's.
    chau = Person.objects.get(full_name="Lê Minh Châu")
    issuers = dict(AwardRecord.objects.filter(person=chau, award__code="CSTDCS").values_list("year", "issuer"))
    assert issuers[2024] == "UBND huyện Châu Thành" and issuers[2025] == "UBND xã Châu Thành"
    flag = AwardRecord.objects.get(unit__code="HG.CT", award__code="CTDT")
    assert flag.issuer == "Chủ tịch UBND tỉnh"
    counts = {m.__name__: m.objects.count() for m in (AwardRecord, Dossier, Nomination, Decision, Meeting)}
    awards_demo.seed()
    assert {m.__name__: m.objects.count() for m in (AwardRecord, Dossier, Nomination, Decision, Meeting)} == counts


def test_a_campaign_running_across_the_merger_reports_from_the_units_in_force(merged):
    campaigns_demo.seed()
    campaign = Campaign.objects.get(name__startswith="Hậu Giang hưởng ứng phong trào 500 ngày đêm")
    sent = {
        (r.due.label, r.unit.code)
        for r in ProgressReport.objects.filter(campaign=campaign).select_related("due", "unit")
        if r.unit.code in {"HG.CT", "CTH.X.CHAUTHANH", "HG.SXD", "CTH.SXD"}
    }
    assert ("Quý 2/2025", "HG.CT") in sent and ("Quý 3/2025", "CTH.X.CHAUTHANH") in sent
    assert ("Quý 2/2025", "HG.SXD") in sent and ("Quý 3/2025", "CTH.SXD") in sent
    assert ("Quý 3/2025", "HG.CT") not in sent
    roles = dict(
        campaign.participants.filter(unit__code__in=["CTH.SXD", "CTH.X.CHAUTHANH"]).values_list("unit__code", "role")
    )
    assert roles == {"CTH.SXD": "host", "CTH.X.CHAUTHANH": "participant"}
