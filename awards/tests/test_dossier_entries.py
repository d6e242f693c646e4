"""Dossier entries checked for meaning: dates against their neighbours, votes against attendance, birth years,
the year a new dossier is for, quotas at the moment a nominee is proposed, and a nominee's file removable."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from awards.forms import DossierCreateForm, DossierEditForm, NominationAddForm, default_dossier_year
from awards.models import Attachment, DossierEvent, Nomination
from awards.services import attachment_add, dossier_create_draft, dossier_submit, dossier_update, nomination_add
from awards.services.dossiers import nominee_person_create
from awards.tests.factories import award
from awards.tests.helpers import complete_dossier, pdf
from campaigns.models import AwardQuota, Participant
from campaigns.tests.factories import CampaignFactory
from thiduakt.models import OrgUnit
from thiduakt.services import DomainError

TODAY = timezone.localdate()


def _letter(**changes):
    data = {
        "title": "",
        "letter_number": "15/TTr-UBND",
        "letter_date": "01/12/2024",
        "council_meeting_date": "28/11/2024",
        "council_members_total": "9",
        "council_members_present": "7",
        "council_votes_for": "7",
    }
    return {**data, **changes}


@pytest.mark.django_db
def test_letter_dated_in_the_future_is_refused(world):
    future = TODAY + timedelta(days=14)
    dossier = dossier_create_draft(unit=world.chau_thanh, round_kind="yearly", year=2024, by=None, nominees=[])
    form = DossierEditForm(_letter(letter_date=future.strftime("%d/%m/%Y")), instance=dossier)
    assert not form.is_valid()
    assert form.errors["letter_date"] == [
        f"Ngày {future:%d/%m/%Y} chưa đến: không được sau hôm nay ({TODAY:%d/%m/%Y})."
    ]
    with pytest.raises(DomainError, match="chưa đến"):
        dossier_update(dossier=dossier, by=None, letter_date=future)
    dossier.refresh_from_db()
    assert dossier.letter_date is None


@pytest.mark.django_db
def test_unit_meeting_after_its_own_letter_is_refused(world):
    dossier = dossier_create_draft(unit=world.chau_thanh, round_kind="yearly", year=2024, by=None, nominees=[])
    form = DossierEditForm(_letter(council_meeting_date="02/12/2024"), instance=dossier)
    assert not form.is_valid()
    assert form.errors["council_meeting_date"] == [
        "Ngày 02/12/2024 muộn hơn ngày tờ trình của đơn vị (01/12/2024): không được sau 01/12/2024."
    ]
    with pytest.raises(DomainError, match="muộn hơn ngày tờ trình"):
        dossier_update(dossier=dossier, by=None, letter_date=date(2024, 12, 1), council_meeting_date=date(2024, 12, 2))
    assert DossierEditForm(_letter(council_meeting_date="01/12/2024"), instance=dossier).is_valid()


@pytest.mark.django_db
def test_more_votes_for_than_members_present_is_refused(world):
    dossier = dossier_create_draft(unit=world.chau_thanh, round_kind="yearly", year=2024, by=None, nominees=[])
    form = DossierEditForm(_letter(council_votes_for="8"), instance=dossier)
    assert not form.is_valid()
    assert form.errors["council_votes_for"] == ["Số phiếu đồng ý không thể lớn hơn số thành viên dự họp."]
    with pytest.raises(DomainError, match="dự họp"):
        dossier_update(
            dossier=dossier, by=None, council_members_total=9, council_members_present=7, council_votes_for=8
        )


@pytest.mark.django_db
def test_birth_year_to_come_is_refused(world):
    next_year = TODAY.year + 1
    form = NominationAddForm(
        {
            "kind": "individual",
            "new_full_name": "Trần Văn Bé",
            "new_gender": "male",
            "new_birth_year": str(next_year),
            "award": award("GK").pk,
            "summary": "Thành tích",
        },
        unit=world.chau_thanh,
    )
    assert not form.is_valid()
    assert form.errors["new_birth_year"] == [f"Năm {next_year} không hợp lệ: phải trong khoảng 1900 – {TODAY.year}."]
    with pytest.raises(DomainError, match=f"Năm {next_year} không hợp lệ"):
        nominee_person_create(
            full_name="Trần Văn Bé", gender="male", birth_year=next_year, position="", unit=world.chau_thanh, by=None
        )


def test_new_dossier_is_for_this_year_and_never_for_next_year():
    assert default_dossier_year(date(2026, 12, 1)) == 2026
    assert default_dossier_year(date(2027, 1, 15)) == 2026
    assert default_dossier_year(date(2027, 3, 31)) == 2026
    assert default_dossier_year(date(2027, 4, 1)) == 2027
    form = DossierCreateForm()
    years = [value for value, _label in form.fields["year"].choices]
    assert years[0] == TODAY.year and TODAY.year + 1 not in years
    assert form.fields["year"].initial == default_dossier_year()


def _campaign_with_quota(world):
    campaign = CampaignFactory()
    Participant.objects.create(campaign=campaign, unit=world.nga_bay)
    AwardQuota.objects.create(campaign=campaign, award=award("BKT"), recipient="collective", max_per_unit=1)
    dossier = dossier_create_draft(
        unit=world.nga_bay, round_kind="yearly", year=TODAY.year, by=None, nominees=[], campaign=campaign
    )
    collectives = list(OrgUnit.objects.exclude(pk=world.nga_bay.pk).order_by("pk")[:2])
    return dossier, collectives


@pytest.mark.django_db
def test_unit_cannot_propose_beyond_the_campaign_quota(world):
    dossier, (first, second) = _campaign_with_quota(world)
    officer = world.user("donvi2")
    nomination_add(dossier=dossier, kind="collective", award="BKT", unit=first, by=officer, summary="Tốt")
    with pytest.raises(DomainError) as refused:
        nomination_add(dossier=dossier, kind="collective", award="BKT", unit=second, by=officer, summary="Tốt")
    assert str(refused.value) == (
        "Vượt chỉ tiêu khen thưởng: Chỉ tiêu của phong trào: Chỉ tiêu phong trào: đơn vị đã đề nghị 2/1 ✗."
    )
    assert list(dossier.nominations.values_list("unit_id", flat=True)) == [first.pk]


@pytest.mark.django_db
def test_staff_exceed_a_quota_only_with_a_reason_kept_in_the_history(world):
    dossier, (first, second) = _campaign_with_quota(world)
    staff = world.user("staff")
    nomination_add(dossier=dossier, kind="collective", award="BKT", unit=first, by=staff, summary="Tốt")
    with pytest.raises(DomainError, match="cần ghi lý do"):
        nomination_add(dossier=dossier, kind="collective", award="BKT", unit=second, by=staff, summary="Tốt")
    assert dossier.nominations.count() == 1
    nomination = nomination_add(
        dossier=dossier,
        kind="collective",
        award="BKT",
        unit=second,
        by=staff,
        summary="Tốt",
        quota_reason="Đơn vị dẫn đầu cụm, UBND tỉnh cho phép tại Công văn 12/UBND",
    )
    event = DossierEvent.objects.get(nomination=nomination, action__startswith="Đề nghị vượt chỉ tiêu")
    assert event.reason == "Đơn vị dẫn đầu cụm, UBND tỉnh cho phép tại Công văn 12/UBND"
    assert event.by == staff


@pytest.mark.django_db
def test_quota_is_checked_again_when_the_dossier_is_sent(world):
    """Two dossiers of one unit each within the quota alone: the second one sent is refused."""
    officer = world.user("donvi2")
    campaign = CampaignFactory()
    Participant.objects.create(campaign=campaign, unit=world.nga_bay)
    AwardQuota.objects.create(campaign=campaign, award=award("BKT"), recipient="collective", max_per_unit=1)
    units = list(OrgUnit.objects.exclude(pk=world.nga_bay.pk).order_by("pk")[:2])
    dossiers = []
    for unit in units:
        dossier = complete_dossier(
            unit=world.nga_bay,
            by=officer,
            year=TODAY.year,
            nominees=[{"kind": "collective", "unit": unit, "award": "BKT", "summary": "Tốt"}],
        )
        dossier.campaign = campaign
        dossier.save()
        dossiers.append(dossier)
    # Each nominee went in before the campaign link existed, so only sending can see the excess: neither goes.
    for dossier in dossiers:
        with pytest.raises(DomainError, match=r"Vượt chỉ tiêu khen thưởng: .* 2/1 ✗"):
            dossier_submit(dossier=dossier, by=officer)
        dossier.refresh_from_db()
        assert dossier.status == "draft"


@pytest.mark.django_db
def test_unit_officer_sees_verdict_and_quota_use_before_sending(world):
    dossier, (first, _second) = _campaign_with_quota(world)
    officer = world.user("donvi2")
    nomination = nomination_add(dossier=dossier, kind="collective", award="BKT", unit=first, by=officer, summary="x")
    client = Client()
    client.force_login(officer)
    page = client.get(f"/khen-thuong/ho-so/{dossier.pk}/").content.decode()
    assert 'data-testid="nominee-preview"' in page
    assert "Chỉ tiêu phong trào: đơn vị đã đề nghị 1/1 ✓" in page
    detail = client.get(f"/khen-thuong/de-nghi/{nomination.pk}/").content.decode()
    assert "Kiểm tra sơ bộ điều kiện và chỉ tiêu" in detail
    assert 'data-testid="eligibility-verdict"' in detail
    assert 'data-testid="duplicates"' not in detail


@pytest.mark.django_db
def test_a_file_attached_to_a_nominee_can_be_removed(world):
    officer = world.user("donvi")
    dossier = dossier_create_draft(
        unit=world.chau_thanh,
        round_kind="yearly",
        year=2024,
        by=officer,
        nominees=[{"kind": "household", "household_name": "Hộ ông Võ Văn Đức", "award": "GK", "summary": "Tốt"}],
    )
    nomination = dossier.nominations.get()
    attachment = attachment_add(
        dossier=dossier, nomination=nomination, kind="achievement_report", upload=pdf("bao-cao.pdf"), by=officer
    )
    client = Client()
    client.force_login(officer)
    page = client.get(f"/khen-thuong/ho-so/{dossier.pk}/").content.decode()
    assert f'action="/khen-thuong/tai-lieu/{attachment.pk}/xoa/"' in page
    assert 'data-testid="nominee-attachment-delete"' in page
    response = client.post(f"/khen-thuong/tai-lieu/{attachment.pk}/xoa/")
    assert response.status_code == 302
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert dossier.events.filter(action="Xóa tài liệu: bao-cao.pdf").count() == 1
    assert Nomination.objects.filter(pk=nomination.pk).exists()


@pytest.mark.django_db
def test_same_person_same_award_in_a_second_draft_is_refused_naming_the_first(world):
    officer = world.user("donvi")
    person = nominee_person_create(
        full_name="Huỳnh Thị Hạnh", gender="female", birth_year=1980, position="", unit=world.chau_thanh, by=None
    )
    first = dossier_create_draft(unit=world.chau_thanh, round_kind="yearly", year=2024, by=officer, nominees=[])
    second = dossier_create_draft(unit=world.chau_thanh, round_kind="yearly", year=2024, by=officer, nominees=[])
    nomination_add(dossier=first, kind="individual", award="GK", person=person, by=officer, summary="x")
    with pytest.raises(DomainError) as refused:
        nomination_add(dossier=second, kind="individual", award="GK", person=person, by=officer, summary="x")
    assert "Huỳnh Thị Hạnh" in str(refused.value) and "Châu Thành" in str(refused.value)
    assert second.nominations.count() == 0


def _nominees(world, n):
    from thiduakt.tests.factories import PersonFactory  # noqa: PLC0415 -- only here

    return [
        {"kind": "individual", "person": PersonFactory(unit=world.chau_thanh), "award": "BKT", "summary": "Tốt"}
        for _ in range(n)
    ]


@pytest.mark.django_db
def test_a_document_sent_for_a_nominee_taken_out_in_another_tab_is_refused_with_the_reason(world):
    """A returned dossier keeps a nominee taken out as withdrawn; a draft never sent deletes it. Either way the
    page opened before says why the document was not taken, and nothing is stored."""
    from awards.services import dossier_return, nomination_remove  # noqa: PLC0415 -- only here

    donvi = world.user("donvi")
    sent = complete_dossier(unit=world.chau_thanh, by=donvi, nominees=_nominees(world, 2))
    dossier_submit(dossier=sent, by=donvi)
    dossier_return(dossier=sent, by=world.user("staff"), reason="Bổ sung bản thành tích")
    draft = dossier_create_draft(
        unit=world.chau_thanh, round_kind="yearly", year=2024, by=donvi, nominees=_nominees(world, 2)
    )
    client = Client()
    client.force_login(donvi)
    told = []
    for dossier in (sent, draft):
        nominee = dossier.nominations.order_by("id").first()
        page = client.get(f"/khen-thuong/ho-so/{dossier.pk}/").content.decode()
        assert f'<option value="{nominee.pk}">' in page
        nomination_remove(nomination=nominee, by=donvi)  # in another tab
        before = Attachment.objects.filter(dossier=dossier).count()
        response = client.post(
            f"/khen-thuong/ho-so/{dossier.pk}/tai-lieu/",
            {"kind": "achievement_report", "nomination": nominee.pk, "file": pdf("thanh-tich.pdf")},
            follow=True,
        )
        told.append([str(m) for m in response.context["messages"]])
        assert Attachment.objects.filter(dossier=dossier).count() == before
        assert f'<option value="{nominee.pk}">' not in response.content.decode()  # no longer offered
    withdrawn = sent.nominations.order_by("id").first().nominee_name
    assert told == [
        [f"{withdrawn} đã được rút khỏi hồ sơ; không tải tài liệu cho đối tượng này."],
        ["Đối tượng này không còn trong hồ sơ (đã bị bỏ ở một trang khác); hãy tải lại trang."],
    ]
