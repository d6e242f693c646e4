"""Each rule kind, passing and failing; rule sets judged by the day the dossier was received."""

from datetime import date

import pytest

from awards.eligibility import duplicate_findings, evaluate, rule_set_for
from awards.models import AwardRecord, AwardType, DisciplineRecord, Initiative, Nomination, Rule, RuleSet, TaskRating
from awards.tests.factories import AwardRecordFactory, DossierFactory, InitiativeFactory, NominationFactory, award
from campaigns.models import AwardQuota, Participant
from campaigns.tests.factories import CampaignFactory
from thiduakt.tests.factories import OrgUnitFactory, PersonFactory


def nominate(code, *, year=2024, received=date(2024, 12, 5), **kwargs):
    dossier = kwargs.pop("dossier", None) or DossierFactory(year=year, first_received_on=received)
    return NominationFactory(dossier=dossier, award=award(code), year=year, **kwargs)


def finding(result, kind_label_start):
    return next(f for f in result.findings if f.label.startswith(kind_label_start))


@pytest.mark.django_db
def test_consecutive_titles_pass_with_three_years_and_show_decisions():
    person = PersonFactory()
    for year, number in [(2022, "45/QĐ-UBND"), (2023, "12/QĐ-UBND"), (2024, "88/QĐ-UBND")]:
        AwardRecordFactory(person=person, year=year, decision_number=number)
    InitiativeFactory(person=person, level=Initiative.Level.PROVINCE, year=2023)
    result = evaluate(nominate("CSTDT", person=person))
    f = finding(result, "3 lần liên tục")
    assert f.passed is True
    assert f.evidence == (
        "Chiến sĩ thi đua cơ sở: 2022 ✓ (QĐ 45/QĐ-UBND), 2023 ✓ (QĐ 12/QĐ-UBND), 2024 ✓ (QĐ 88/QĐ-UBND)"
        " — đủ 3 năm liên tục"
    )
    assert result.passed is True


@pytest.mark.django_db
def test_consecutive_titles_fail_when_a_year_is_missing():
    person = PersonFactory()
    AwardRecordFactory(person=person, year=2022, decision_number="45/QĐ-UBND")
    AwardRecordFactory(person=person, year=2023, decision_number="")
    result = evaluate(nominate("CSTDT", person=person))
    f = finding(result, "3 lần liên tục")
    assert f.passed is False
    assert f.evidence == "Chiến sĩ thi đua cơ sở: 2022 ✓ (QĐ 45/QĐ-UBND), 2023 ✓, 2024 ✗ — chưa đủ 3 năm liên tục"
    assert result.passed is False


@pytest.mark.django_db
def test_sudden_and_campaign_awards_do_not_count():
    person = PersonFactory()
    AwardRecordFactory(person=person, award=award("CSTDCS"), year=2022)
    AwardRecordFactory(person=person, award=award("CSTDCS"), year=2023, award_type=AwardType.CAMPAIGN)
    AwardRecordFactory(person=person, award=award("CSTDCS"), year=2024)
    result = evaluate(nominate("CSTDT", person=person))
    assert finding(result, "3 lần liên tục").passed is False
    assert "2023 ✗" in finding(result, "3 lần liên tục").evidence
    excluded = finding(result, "Không tính")
    assert (excluded.passed, excluded.evidence) == (
        None,
        "Không tính các khen thưởng loại: đột xuất, theo phong trào, chuyên đề",
    )


@pytest.mark.django_db
def test_initiative_level_pass_and_fail():
    person = PersonFactory()
    InitiativeFactory(person=person, level=Initiative.Level.UNIT, year=2024, title="Số hóa hồ sơ")
    passing = evaluate(nominate("CSTDCS", person=person))
    assert finding(passing, "Có sáng kiến").passed is True
    assert finding(passing, "Có sáng kiến").evidence == (
        "Sáng kiến từ cơ sở trở lên, 2024: 1/1 ✓ — “Số hóa hồ sơ” (2024, cơ sở)"
    )
    # A unit-level initiative is not enough for the provincial title.
    failing = evaluate(nominate("CSTDT", person=person))
    assert finding(failing, "Có sáng kiến").passed is False
    assert finding(failing, "Có sáng kiến").evidence.startswith("Sáng kiến từ cấp tỉnh trở lên, 2022–2024: 0/1 ✗")


@pytest.mark.django_db
def test_member_share_pass_and_fail():
    collective = OrgUnitFactory()
    members = [PersonFactory(unit=collective) for _ in range(10)]
    for person in members[:7]:
        AwardRecordFactory(person=person, award=award("LDTT"), year=2024)
    kwargs = {"nominee_kind": "collective", "person": None, "unit": collective}
    passing = evaluate(nominate("TTLDTT", **kwargs))
    f = finding(passing, "Ít nhất 70%")
    assert (f.passed, f.evidence) == (True, "Lao động tiên tiến năm 2024: 7/10 thành viên (70%) ✓ — cần ≥ 70%")
    AwardRecord.objects.filter(person=members[0]).delete()
    Nomination.objects.all().delete()
    failing = evaluate(nominate("TTLDTT", **kwargs))
    assert finding(failing, "Ít nhất 70%").passed is False
    # "At least one Chiến sĩ thi đua cơ sở" (a count, not a share).
    Nomination.objects.all().delete()
    xs = evaluate(nominate("TTLDXS", **kwargs))
    assert finding(xs, "Có cá nhân").passed is False
    AwardRecordFactory(person=members[9], award=award("CSTDCS"), year=2024)
    Nomination.objects.all().delete()
    assert finding(evaluate(nominate("TTLDXS", **kwargs)), "Có cá nhân").passed is True


@pytest.mark.django_db
def test_no_discipline_pass_and_fail_for_person_and_collective():
    person = PersonFactory()
    assert finding(evaluate(nominate("LDTT", person=person)), "Không bị kỷ luật").passed is True
    DisciplineRecord.objects.create(person=person, level="reprimand", year=2024, decision_number="7/QĐ-KL")
    Nomination.objects.all().delete()
    f = finding(evaluate(nominate("LDTT", person=person)), "Không bị kỷ luật")
    assert f.passed is False
    # NĐ 98/152 Điều 4 khoản 4: the execution period bars, not the calendar year (without dates, its year).
    assert f.evidence == (
        f"Có kỷ luật đang thi hành trong thời gian tính thành tích (2024) ✗ — {person.full_name}: khiển trách"
        " (QĐ 7/QĐ-KL) năm 2024 (chưa ghi ngày thi hành)"
    )
    # For a collective the threshold is a warning: a reprimand of a member does not count.
    kwargs = {"nominee_kind": "collective", "person": None, "unit": person.unit}
    assert finding(evaluate(nominate("TTLDTT", **kwargs)), "Không bị kỷ luật").passed is True
    DisciplineRecord.objects.create(person=person, level="warning", year=2024)
    Nomination.objects.filter(nominee_kind="collective").delete()
    assert finding(evaluate(nominate("TTLDTT", **kwargs)), "Không bị kỷ luật").passed is False


@pytest.mark.django_db
def test_quota_per_unit_pass_and_fail():
    unit = OrgUnitFactory()
    collective_a, collective_b = OrgUnitFactory(), OrgUnitFactory()
    first = nominate(
        "CTDT", dossier=DossierFactory(unit=unit), nominee_kind="collective", person=None, unit=collective_a
    )
    assert finding(evaluate(first), "Mỗi đơn vị").passed is True
    assert finding(evaluate(first), "Mỗi đơn vị").evidence == "Chỉ tiêu của đơn vị năm 2024: đã đề nghị 1/1 ✓"
    second = nominate(
        "CTDT", dossier=DossierFactory(unit=unit), nominee_kind="collective", person=None, unit=collective_b
    )
    assert finding(evaluate(second), "Mỗi đơn vị").passed is False
    assert finding(evaluate(second), "Mỗi đơn vị").evidence == "Chỉ tiêu của đơn vị năm 2024: đã đề nghị 2/1 ✗"


@pytest.mark.django_db
def test_quota_per_campaign_from_the_campaign_plan():

    campaign = CampaignFactory()
    units = [OrgUnitFactory() for _ in range(10)]
    for unit in units:
        Participant.objects.create(campaign=campaign, unit=unit)
    AwardQuota.objects.create(
        campaign=campaign, award=award("GK"), recipient="individual", max_per_unit=1, max_percent=20
    )
    rule_set = RuleSet.objects.create(award=award("GK"), name="PT", legal_basis="KH 04", valid_from=date(2030, 1, 1))
    Rule.objects.create(rule_set=rule_set, kind="quota", params={"scope": "campaign"}, description="Chỉ tiêu PT")
    received = date(2030, 3, 2)
    first = nominate(
        "GK", year=2030, dossier=DossierFactory(unit=units[0], year=2030, campaign=campaign, first_received_on=received)
    )
    f = finding(evaluate(first), "Chỉ tiêu PT")
    assert (f.passed, f.evidence) == (
        True,
        "Chỉ tiêu phong trào: đơn vị đã đề nghị 1/1 ✓; toàn phong trào 1/2 (20% của 10 đơn vị tham gia) ✓",
    )
    nominate("GK", year=2030, dossier=first.dossier)
    nominate("GK", year=2030, dossier=DossierFactory(unit=units[1], year=2030, campaign=campaign))
    f = finding(evaluate(first), "Chỉ tiêu PT")
    assert (f.passed, f.evidence) == (
        False,
        "Chỉ tiêu phong trào: đơn vị đã đề nghị 2/1 ✗; toàn phong trào 3/2 (20% của 10 đơn vị tham gia) ✗",
    )


@pytest.mark.django_db
def test_quota_per_campaign_with_params_and_without_campaign():
    rule_set = RuleSet.objects.create(award=award("GK"), name="Thử", legal_basis="Thử", valid_from=date(2030, 1, 1))
    Rule.objects.create(rule_set=rule_set, kind="quota", params={"scope": "campaign", "max": 1}, description="Chỉ tiêu")
    nomination = nominate("GK", year=2030, received=date(2030, 3, 1))
    f = finding(evaluate(nomination), "Chỉ tiêu")
    assert (f.passed, f.evidence) == (None, "Hồ sơ không thuộc phong trào thi đua nào.")


@pytest.mark.django_db
def test_dated_rule_sets_judge_the_same_nominee_differently():
    """BKT: before 2024 two years of Lao động tiên tiến were enough; from 2024 the 2022 law asks more."""
    person = PersonFactory()
    for year in (2022, 2023):
        AwardRecordFactory(person=person, award=award("LDTT"), year=year)
    before = evaluate(nominate("BKT", person=person, received=date(2023, 12, 8)))
    assert before.rule_set.legal_basis == "Nghị định số 91/2017/NĐ-CP, Điều 39"
    assert before.passed is True
    Nomination.objects.all().delete()
    after = evaluate(nominate("BKT", person=person, received=date(2024, 1, 2)))
    assert after.rule_set.legal_basis == (
        "Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 74; Nghị định số 98/2023/NĐ-CP, Điều 4 (hồ sơ tiếp nhận"
        " đến hết 30/06/2025: Nghị định số 152/2025/NĐ-CP, Điều 59 khoản 2, Điều 60 khoản 3)"
    )
    assert after.passed is False
    # Alternatives (group 1): two years of excellent completion with two initiatives in them (Điều 74
    # khoản 1 điểm d); the initiatives alone are not enough.
    InitiativeFactory(person=person, year=2023)
    InitiativeFactory(person=person, year=2024)
    assert evaluate(Nomination.objects.get()).passed is False
    for year in (2023, 2024):
        TaskRating.objects.create(person=person, year=year, rating="excellent", basis=f"QĐ {year}/QĐ-UBND")
    assert evaluate(Nomination.objects.get()).passed is True


@pytest.mark.django_db
def test_new_rule_combining_existing_kinds_needs_no_code():
    """An admin adds a rule set from 2025 asking 5 years of Lao động tiên tiến for Giấy khen."""
    person = PersonFactory()
    for year in range(2021, 2025):
        AwardRecordFactory(person=person, award=award("LDTT"), year=year, decision_number=f"{year - 2020}/QĐ-UBND")
    rule_set = RuleSet.objects.create(award=award("GK"), name="Mới", legal_basis="QĐ thử", valid_from=date(2025, 1, 1))
    Rule.objects.create(
        rule_set=rule_set,
        kind="consecutive_titles",
        params={"award": "LDTT", "years": 5, "include_current": False},
        description="5 năm Lao động tiên tiến",
    )
    assert rule_set_for(award("GK"), date(2024, 12, 31)).valid_from == date(2024, 1, 1)
    result = evaluate(nominate("GK", year=2025, person=person, received=date(2025, 1, 10)))
    assert result.rule_set == rule_set
    assert result.findings[0].evidence == (
        "Lao động tiên tiến: 2020 ✗, 2021 ✓ (QĐ 1/QĐ-UBND), 2022 ✓ (QĐ 2/QĐ-UBND), 2023 ✓ (QĐ 3/QĐ-UBND), "
        "2024 ✓ (QĐ 4/QĐ-UBND) — chưa đủ 5 năm liên tục"
    )
    assert result.passed is False


@pytest.mark.django_db
def test_duplicate_findings_same_name_and_birth_year_elsewhere():
    twin_a = PersonFactory(full_name="Nguyễn Văn Trùng", birth_year=1980)
    twin_b = PersonFactory(full_name="Nguyen Van Trung", birth_year=1980)
    first = nominate("BKT", person=twin_a)
    nominate("BKT", person=twin_b)
    AwardRecordFactory(person=twin_a, award=award("BKT"), year=2024, decision_number="9/QĐ-UBND")
    found = duplicate_findings(first)
    assert len(found) == 2
    assert found[0].startswith("Cũng được đề nghị trong hồ sơ của Ủy ban nhân dân xã Thử Nghiệm")
    assert found[1] == "Đã được tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2024 (QĐ 9/QĐ-UBND)"


@pytest.mark.django_db
def test_campaign_plan_quota_is_shown_even_without_a_rule():

    campaign = CampaignFactory()
    unit = OrgUnitFactory()
    Participant.objects.create(campaign=campaign, unit=unit)
    AwardQuota.objects.create(campaign=campaign, award=award("BKT"), recipient="individual", max_per_unit=1)
    dossier = DossierFactory(unit=unit, campaign=campaign, first_received_on=date(2024, 12, 5))
    first = nominate("BKT", dossier=dossier)
    nominate("BKT", dossier=dossier)
    f = finding(evaluate(first), "Chỉ tiêu của phong trào")
    assert (f.passed, f.evidence) == (False, "Chỉ tiêu phong trào: đơn vị đã đề nghị 2/1 ✗")
    assert evaluate(first).passed is False
