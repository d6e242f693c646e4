"""Verdicts by the letter of the law: each condition at its boundary (docs/awards-law.md names these tests).

Luật Thi đua, khen thưởng 06/2022/QH15 (Điều 21–24, 74, 75) and NĐ 98/2023 / NĐ 152/2025 (Điều 4,
Điều 59–60), as docs/law-verdicts.md reads them.
"""

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards import reference
from awards.eligibility import Verdict, evaluate
from awards.models import (
    AchievementConfirmation,
    DisciplineRecord,
    Dossier,
    PendingMatter,
    Rule,
    RuleSet,
    TaskRating,
)
from awards.tests.factories import AwardRecordFactory, DossierFactory, InitiativeFactory, NominationFactory, award
from campaigns.tests.factories import CampaignFactory
from thiduakt.tests.factories import OrgUnitFactory, PersonFactory

pytestmark = pytest.mark.django_db


def nominate(code, *, year=2024, received=date(2024, 12, 5), dossier=None, **kwargs):
    dossier = dossier or DossierFactory(year=year, first_received_on=received)
    return NominationFactory(dossier=dossier, award=award(code), year=year, **kwargs)


def collective(code, unit, **kwargs):
    return nominate(code, nominee_kind="collective", person=None, unit=unit, **kwargs)


def household(code, name="Hộ ông Võ Văn Đức", **kwargs):
    return nominate(code, nominee_kind="household", person=None, household_name=name, **kwargs)


def title(code, year, *, person=None, unit=None, number=None):
    if unit is not None:
        return AwardRecordFactory(
            recipient_kind="collective", person=None, unit=unit, award=award(code), year=year, decision_number=number
        )
    return AwardRecordFactory(person=person, award=award(code), year=year, decision_number=number or f"{year}/QĐ")


def rate(year, rating="excellent", *, person=None, unit=None, basis=None):
    return TaskRating.objects.create(
        person=person, unit=unit, year=year, rating=rating, basis=basis or f"QĐ xếp loại {year}/QĐ-UBND"
    )


def confirm(nomination, fact, basis="Văn bản 12/UBND-VX ngày 02/12/2024", by=None):
    return AchievementConfirmation.objects.create(nomination=nomination, fact=fact, basis=basis, confirmed_by=by)


def finding(result, label_start):
    return next(f for f in result.findings if f.label.startswith(label_start))


def labels(result):
    return [f.label for f in result.findings]


# ---------------------------------------------------------------------------
# 1. Chiến sĩ thi đua cơ sở: LĐTT of the same year AND (initiative OR excellent completion) — Điều 23
# ---------------------------------------------------------------------------


def test_cstdcs_fails_without_lao_dong_tien_tien_of_the_same_year():
    person = PersonFactory()
    InitiativeFactory(person=person, year=2024)
    title("LDTT", 2023, person=person)  # the year before does not count
    result = evaluate(nominate("CSTDCS", person=person))
    ldtt = finding(result, "Đạt danh hiệu Lao động tiên tiến cùng năm")
    assert (ldtt.passed, ldtt.evidence) == (False, "Lao động tiên tiến: 2024 ✗ — chưa đạt")
    assert finding(result, "Có sáng kiến").passed is True
    assert result.verdict == Verdict.NOT_ELIGIBLE
    assert result.reasons == ["Đạt danh hiệu Lao động tiên tiến cùng năm (Luật TĐKT Điều 23 khoản 1)"]
    assert result.passed is False


def test_cstdcs_passes_with_ldtt_and_a_confirmed_excellent_completion_without_initiative():
    person = PersonFactory()
    title("LDTT", 2024, person=person, number="20/QĐ-UBND")
    rate(2024, person=person, basis="QĐ 35/QĐ-UBND ngày 20/12/2024")
    result = evaluate(nominate("CSTDCS", person=person))
    assert finding(result, "Đạt danh hiệu Lao động tiên tiến").evidence == (
        "Lao động tiên tiến: 2024 ✓ (QĐ 20/QĐ-UBND) — đạt"
    )
    excellent = finding(result, "Hoàn thành xuất sắc nhiệm vụ")
    assert (excellent.passed, excellent.group, excellent.evidence) == (
        True,
        1,
        "Xếp loại từ “Hoàn thành xuất sắc nhiệm vụ” trở lên: 2024 ✓ hoàn thành xuất sắc nhiệm vụ"
        " (QĐ 35/QĐ-UBND ngày 20/12/2024)",
    )
    assert finding(result, "Có sáng kiến").passed is False
    assert (result.verdict, result.reasons) == (Verdict.ELIGIBLE, [])


def test_cstdcs_passes_with_ldtt_and_an_initiative_without_excellent_completion():
    person = PersonFactory()
    title("LDTT", 2024, person=person)
    InitiativeFactory(person=person, year=2024)
    result = evaluate(nominate("CSTDCS", person=person))
    awaited = finding(result, "Hoàn thành xuất sắc nhiệm vụ")
    assert (awaited.passed, awaited.awaiting, awaited.mark) == (None, True, "?")
    assert result.verdict == Verdict.ELIGIBLE


def test_cstdcs_with_a_good_rating_and_no_initiative_is_not_eligible():
    person = PersonFactory()
    title("LDTT", 2024, person=person)
    rate(2024, "good", person=person, basis="QĐ 35/QĐ-UBND")
    result = evaluate(nominate("CSTDCS", person=person))
    assert finding(result, "Hoàn thành xuất sắc nhiệm vụ").evidence == (
        "Xếp loại từ “Hoàn thành xuất sắc nhiệm vụ” trở lên: 2024 ✗ hoàn thành tốt nhiệm vụ (QĐ 35/QĐ-UBND)"
    )
    assert result.verdict == Verdict.NOT_ELIGIBLE
    assert result.reasons == [
        "Nhóm lựa chọn 1: không đạt lựa chọn nào (Có sáng kiến được cơ sở công nhận trong năm (Luật TĐKT Điều 23"
        " khoản 2); Hoàn thành xuất sắc nhiệm vụ trong năm, có văn bản xác nhận (Luật TĐKT Điều 23 khoản 2))"
    ]


def test_cstdcs_excellent_completion_claimed_without_a_document_is_not_enough_evidence():
    """The summary says "hoàn thành xuất sắc nhiệm vụ" but no rating with its document is on record."""
    person = PersonFactory()
    title("LDTT", 2024, person=person)
    nomination = nominate("CSTDCS", person=person, summary="Hoàn thành xuất sắc nhiệm vụ năm 2024.")
    result = evaluate(nomination)
    assert finding(result, "Hoàn thành xuất sắc nhiệm vụ").evidence == (
        "Xếp loại từ “Hoàn thành xuất sắc nhiệm vụ” trở lên: 2024 ? chưa có văn bản xếp loại"
        " — chưa đủ căn cứ: nhập xếp loại kèm văn bản xếp loại, xác nhận"
    )
    assert result.verdict == Verdict.INSUFFICIENT
    assert result.reasons == [
        "Nhóm lựa chọn 1: chưa đạt lựa chọn nào, còn chờ căn cứ của: Hoàn thành xuất sắc nhiệm vụ trong năm, có văn"
        " bản xác nhận (Luật TĐKT Điều 23 khoản 2)"
    ]
    assert result.passed is False


def test_ldtt_needs_a_good_rating_with_its_document():
    person = PersonFactory()
    nomination = nominate("LDTT", person=person)
    assert evaluate(nomination).verdict == Verdict.INSUFFICIENT
    rating = rate(2024, "complete", person=person)
    assert evaluate(nomination).verdict == Verdict.NOT_ELIGIBLE
    rating.rating = "good"
    rating.save()
    assert evaluate(nomination).verdict == Verdict.ELIGIBLE


def test_a_task_rating_needs_its_document_and_one_recipient_and_is_once_a_year():
    person = PersonFactory()
    with pytest.raises(ValidationError) as error:
        TaskRating(person=person, year=2024, rating="excellent", basis="  ").full_clean()
    assert error.value.message_dict["basis"] == ["Ghi số, ngày của văn bản xếp loại hoặc xác nhận."]
    with pytest.raises(ValidationError) as error:
        TaskRating(person=person, unit=OrgUnitFactory(), year=2024, rating="good", basis="QĐ 1").full_clean()
    assert error.value.messages == ["Chọn đúng một đối tượng: một cá nhân hoặc một tập thể."]
    with transaction.atomic(), pytest.raises(IntegrityError):
        TaskRating.objects.create(person=person, year=2024, rating="excellent", basis="")
    rate(2024, person=person)
    with transaction.atomic(), pytest.raises(IntegrityError):
        rate(2024, "good", person=person)
    assert TaskRating.objects.count() == 1


def test_the_administrator_enters_a_task_rating_and_is_recorded_as_who_confirmed_it(world):
    person = PersonFactory()
    client = Client()
    client.force_login(world.user("admin"))
    response = client.post(
        "/admin/awards/taskrating/add/",
        {"person": person.pk, "year": 2024, "rating": "excellent", "basis": "QĐ 35/QĐ-UBND", "note": ""},
    )
    assert response.status_code == 302
    rating = TaskRating.objects.get()
    assert (rating.person, rating.rating, rating.confirmed_by) == (person, "excellent", world.user("admin"))
    assert rating.history.get().history_user == world.user("admin")
    refused = client.post("/admin/awards/taskrating/add/", {"year": 2024, "rating": "good", "basis": "QĐ 2"})
    assert "Chọn đúng một đối tượng: một cá nhân hoặc một tập thể." in refused.content.decode()
    assert TaskRating.objects.count() == 1


# ---------------------------------------------------------------------------
# 2. Chiến sĩ thi đua toàn quốc: two consecutive provincial titles, each a 3-year cycle — Điều 21, 22
# ---------------------------------------------------------------------------


def _national(person, years):
    for year in years:
        title("CSTDT", year, person=person, number=f"{year % 100}/QĐ-UBND")
    InitiativeFactory(person=person, level="national", year=2023, title="Phần mềm quản lý thi đua")
    return evaluate(nominate("CSTDTQ", person=person, received=date(2025, 3, 3)))


def test_cstdtq_two_provincial_titles_one_cycle_apart_pass():
    result = _national(PersonFactory(), [2021, 2024])
    twice = finding(result, "2 lần liên tục")
    assert (twice.passed, twice.evidence) == (
        True,
        "Chiến sĩ thi đua cấp tỉnh: 2021 ✓ (QĐ 21/QĐ-UBND), 2024 ✓ (QĐ 24/QĐ-UBND) — đủ 2 lần liên tục"
        " (mỗi lần cách nhau 3 năm)",
    )
    assert result.verdict == Verdict.ELIGIBLE


def test_cstdtq_titles_with_a_missed_cycle_between_fail():
    twice = finding(_national(PersonFactory(), [2018, 2024]), "2 lần liên tục")
    assert (twice.passed, twice.evidence) == (
        False,
        "Chiến sĩ thi đua cấp tỉnh: 2021 ✗, 2024 ✓ (QĐ 24/QĐ-UBND) — chưa đủ 2 lần liên tục (mỗi lần cách nhau 3"
        " năm); lần năm 2018 không liền với lần năm 2024 (thiếu lần năm 2021)",
    )


def test_cstdtq_titles_in_adjacent_years_fail_and_ask_to_check_the_data():
    """2023 and 2024: the 2024 title would reuse CSTĐCS 2022–2023 already counted for 2023 (Điều 5 khoản 2
    điểm c), so they are not two titles in a row; the data is flagged."""
    result = _national(PersonFactory(), [2023, 2024])
    twice = finding(result, "2 lần liên tục")
    assert (twice.passed, twice.evidence) == (
        False,
        "Chiến sĩ thi đua cấp tỉnh: 2021 ✗, 2024 ✓ (QĐ 24/QĐ-UBND) — chưa đủ 2 lần liên tục (mỗi lần cách nhau 3"
        " năm); có danh hiệu năm 2023, trong cùng chu kỳ với lần năm 2024: hai lần liền nhau phải cách nhau 3"
        " năm (mỗi lần cần một chuỗi thành tích mới, không khen hai lần cho một thành tích) — kiểm tra lại dữ liệu",
    )
    assert result.verdict == Verdict.NOT_ELIGIBLE
    # A stray title inside the cycle spoils an otherwise good pair too.
    assert finding(_national(PersonFactory(), [2021, 2023, 2024]), "2 lần liên tục").passed is False


def test_cstdt_chain_already_counted_for_the_previous_provincial_title_does_not_count_again():
    person = PersonFactory()
    for year in range(2019, 2025):
        title("CSTDCS", year, person=person, number=f"{year}/QĐ")
    title("CSTDT", 2021, person=person, number="21/QĐ-UBND")
    InitiativeFactory(person=person, level="province", year=2023)
    chain = finding(evaluate(nominate("CSTDT", year=2023, person=person)), "3 lần liên tục")
    assert (chain.passed, chain.evidence) == (
        False,
        "Chiến sĩ thi đua cơ sở: 2021 ✓ (QĐ 2021/QĐ), 2022 ✓ (QĐ 2022/QĐ), 2023 ✓ (QĐ 2023/QĐ) — chưa đủ 3 năm"
        " liên tục; chuỗi 2021–2023 đã được tính cho danh hiệu Chiến sĩ thi đua cấp tỉnh năm 2021 (QĐ"
        " 21/QĐ-UBND), cần 3 lần liên tục mới sau năm 2021",
    )
    # Three new ones after the title: 2022–2024.
    assert finding(evaluate(nominate("CSTDT", year=2024, person=person)), "3 lần liên tục").passed is True


# ---------------------------------------------------------------------------
# 3. Bằng khen of the provincial chair: every alternative of Điều 74 (1)–(4)
# ---------------------------------------------------------------------------

INDIVIDUAL_ALTERNATIVES = [
    "Có thành tích xuất sắc được bình xét trong phong trào thi đua do tỉnh phát động (Luật TĐKT Điều 74 khoản 1"
    " điểm a)",
    "Lập được nhiều thành tích hoặc thành tích đột xuất, có phạm vi ảnh hưởng trong tỉnh (Luật TĐKT Điều 74 khoản 1"
    " điểm b)",
    "Có đóng góp vào sự phát triển kinh tế - xã hội, khoa học, kỹ thuật, công tác xã hội, từ thiện nhân đạo (Luật"
    " TĐKT Điều 74 khoản 1 điểm c)",
    "02 lần liên tục đạt Chiến sĩ thi đua cơ sở (Luật TĐKT Điều 74 khoản 1 điểm d)",
    "Liên tục từ 02 năm trở lên hoàn thành xuất sắc nhiệm vụ, trong thời gian đó có 02 sáng kiến được công nhận, áp"
    " dụng hiệu quả trong phạm vi cơ sở (Luật TĐKT Điều 74 khoản 1 điểm d)",
    "Công nhân, nông dân, người lao động lập được nhiều thành tích trong lao động, sản xuất, ảnh hưởng trong cấp xã,"
    " cơ quan, đơn vị (Luật TĐKT Điều 74 khoản 1 điểm đ)",
    "Doanh nhân, trí thức, nhà khoa học có thành tích đóng góp vào sự phát triển của tỉnh được tỉnh công nhận (Luật"
    " TĐKT Điều 74 khoản 2)",
]


def test_bkt_individual_alternatives_are_one_group_and_nothing_on_record_is_not_enough_evidence():
    result = evaluate(nominate("BKT", person=PersonFactory()))
    grouped = [f for f in result.findings if f.group == 1]
    assert [f.label for f in grouped] == INDIVIDUAL_ALTERNATIVES
    assert [f.mark for f in grouped] == ["–", "?", "?", "✗", "✗", "–", "?"]
    # Nothing of the collectives' or households' conditions is shown for a person.
    assert not any("Tập thể" in label or "Hộ gia đình" in label for label in labels(result))
    assert result.verdict == Verdict.INSUFFICIENT
    assert result.reasons == [
        "Nhóm lựa chọn 1: chưa đạt lựa chọn nào, còn chờ căn cứ của: "
        + "; ".join(INDIVIDUAL_ALTERNATIVES[i] for i in (1, 2, 6))
    ]


@pytest.mark.parametrize(
    ("fact", "alternative"),
    [("sudden_achievement", 1), ("contribution", 2), ("province_recognised", 6)],
)
def test_bkt_individual_passes_on_one_confirmed_alternative(fact, alternative):
    nomination = nominate("BKT", person=PersonFactory())
    confirm(nomination, fact)
    result = evaluate(nomination)
    met = finding(result, INDIVIDUAL_ALTERNATIVES[alternative])
    assert (met.passed, met.evidence) == (True, "đã xác nhận theo Văn bản 12/UBND-VX ngày 02/12/2024")
    assert result.verdict == Verdict.ELIGIBLE


def test_bkt_campaign_alternative_needs_a_province_campaign_and_its_confirmed_result(world):
    province = CampaignFactory(name="Chung sức xây dựng nông thôn mới", launcher="provincial_chair")
    dossier = DossierFactory(campaign=province, round_kind="campaign", first_received_on=date(2024, 12, 5))
    nomination = nominate("BKT", person=PersonFactory(), dossier=dossier)
    campaign = finding(evaluate(nomination), INDIVIDUAL_ALTERNATIVES[0])
    assert (campaign.passed, campaign.evidence) == (
        None,
        "Phong trào “Chung sức xây dựng nông thôn mới”: chưa có xác nhận kèm văn bản chứng nhận, xác nhận thành"
        " tích — chưa đủ căn cứ",
    )
    staff = world.user("staff")
    staff.full_name = "Trần Văn Thẩm Định"
    staff.save()
    confirmed = confirm(nomination, "campaign_result", basis="Biên bản tổng kết phong trào ngày 28/11/2024", by=staff)
    campaign = finding(evaluate(nomination), INDIVIDUAL_ALTERNATIVES[0])
    assert (campaign.passed, campaign.evidence) == (
        True,
        "Phong trào “Chung sức xây dựng nông thôn mới”: đã xác nhận theo Biên bản tổng kết phong trào ngày"
        f" 28/11/2024 (Trần Văn Thẩm Định, {confirmed.confirmed_at:%d/%m/%Y})",
    )
    unit_campaign = CampaignFactory(name="Thi đua của xã", launcher="unit", launcher_unit=OrgUnitFactory())
    other = nominate(
        "BKT",
        person=PersonFactory(),
        dossier=DossierFactory(campaign=unit_campaign, first_received_on=date(2024, 12, 5)),
    )
    confirm(other, "campaign_result")
    refused = finding(evaluate(other), INDIVIDUAL_ALTERNATIVES[0])
    assert (refused.passed, refused.evidence) == (
        False,
        "Phong trào “Thi đua của xã” do Đơn vị phát động, không phải phong trào do tỉnh phát động.",
    )


def test_bkt_sudden_dossier_still_needs_the_achievement_confirmed():
    dossier = DossierFactory(round_kind=Dossier.RoundKind.SUDDEN, first_received_on=date(2024, 12, 5))
    nomination = nominate("BKT", person=PersonFactory(), dossier=dossier)
    sudden = finding(evaluate(nomination), INDIVIDUAL_ALTERNATIVES[1])
    assert (sudden.mark, sudden.evidence) == (
        "?",
        "Hồ sơ khen thưởng đột xuất: chưa có xác nhận kèm văn bản chứng nhận, xác nhận thành tích — chưa đủ căn cứ",
    )


@pytest.mark.parametrize(
    ("years", "passed", "evidence"),
    [
        ((2023, 2024), True, "Chiến sĩ thi đua cơ sở: 2023 ✓ (QĐ 2023/QĐ), 2024 ✓ (QĐ 2024/QĐ) — đủ 2 năm liên tục"),
        ((2022, 2023), True, "Chiến sĩ thi đua cơ sở: 2022 ✓ (QĐ 2022/QĐ), 2023 ✓ (QĐ 2023/QĐ) — đủ 2 năm liên tục"),
        (
            (2022, 2024),
            False,
            "Chiến sĩ thi đua cơ sở: 2023 ✗, 2024 ✓ (QĐ 2024/QĐ) hoặc 2022 ✓ (QĐ 2022/QĐ), 2023 ✗"
            " — chưa đủ 2 năm liên tục",
        ),
        (
            (2021, 2022),
            False,
            "Chiến sĩ thi đua cơ sở: 2023 ✗, 2024 ✗ hoặc 2022 ✓ (QĐ 2022/QĐ), 2023 ✗ — chưa đủ 2 năm liên tục",
        ),
    ],
)
def test_bkt_two_consecutive_cstdcs_ending_this_year_or_the_year_before(years, passed, evidence):
    person = PersonFactory()
    for year in years:
        title("CSTDCS", year, person=person)
    twice = finding(evaluate(nominate("BKT", person=person)), INDIVIDUAL_ALTERNATIVES[3])
    assert (twice.passed, twice.evidence) == (passed, evidence)


@pytest.mark.parametrize(
    ("excellent_years", "initiatives", "passed"),
    [((2023, 2024), (2023, 2024), True), ((2023, 2024), (2024,), False), ((2024,), (2023, 2024), None)],
)
def test_bkt_two_excellent_years_with_two_initiatives(excellent_years, initiatives, passed):
    person = PersonFactory()
    for year in excellent_years:
        rate(year, person=person)
    for year in initiatives:
        InitiativeFactory(person=person, year=year)
    result = evaluate(nominate("BKT", person=person))
    route = finding(result, INDIVIDUAL_ALTERNATIVES[4])
    assert route.passed is passed
    assert result.verdict == (Verdict.ELIGIBLE if passed else Verdict.INSUFFICIENT)


def test_bkt_one_excellent_year_and_a_low_rating_fails_the_route():
    person = PersonFactory()
    rate(2023, "good", person=person, basis="QĐ 1")
    rate(2024, person=person, basis="QĐ 2")
    InitiativeFactory(person=person, year=2023, title="Số hóa hồ sơ")
    InitiativeFactory(person=person, year=2024, title="Một cửa điện tử")
    route = finding(evaluate(nominate("BKT", person=person)), INDIVIDUAL_ALTERNATIVES[4])
    assert (route.passed, route.evidence) == (
        False,
        "✗ Hoàn thành xuất sắc nhiệm vụ 02 năm liên tục: Xếp loại từ “Hoàn thành xuất sắc nhiệm vụ” trở lên: 2023 ✗"
        " hoàn thành tốt nhiệm vụ (QĐ 1); 2024 ✓ hoàn thành xuất sắc nhiệm vụ (QĐ 2); ✓ 02 sáng kiến được công nhận"
        " trong 2 năm: Sáng kiến từ cơ sở trở lên, 2023–2024: 2/2 ✓ — “Số hóa hồ sơ” (2023, cơ sở); “Một cửa điện"
        " tử” (2024, cơ sở)",
    )


def test_bkt_worker_alternative_only_for_a_direct_worker():
    office = nominate("BKT", person=PersonFactory())
    confirm(office, "worker_achievements")
    worker_route = finding(evaluate(office), INDIVIDUAL_ALTERNATIVES[5])
    assert (worker_route.passed, worker_route.evidence) == (
        None,
        "Không phải công nhân, nông dân, người lao động trực tiếp (theo hồ sơ cá nhân).",
    )
    worker = nominate("BKT", person=PersonFactory(is_direct_worker=True))
    confirm(worker, "worker_achievements")
    assert finding(evaluate(worker), INDIVIDUAL_ALTERNATIVES[5]).passed is True
    assert evaluate(worker).verdict == Verdict.ELIGIBLE


def test_bkt_collective_needs_internal_unity_and_one_alternative():
    unit = OrgUnitFactory()
    nomination = collective("BKT", unit)
    result = evaluate(nomination)
    assert labels(result) == [
        "Không tính khen thưởng đột xuất, theo phong trào, chuyên đề (NĐ 98/2023 Điều 4 khoản 3)",
        "Nội bộ đoàn kết, gương mẫu chấp hành tốt chủ trương, chính sách, pháp luật (Luật TĐKT Điều 74 khoản 3)",
        "Tập thể có thành tích xuất sắc được bình xét trong phong trào thi đua do tỉnh phát động (Luật TĐKT Điều 74"
        " khoản 3 điểm a)",
        "Tập thể lập được thành tích xuất sắc đột xuất (Luật TĐKT Điều 74 khoản 3 điểm b)",
        "Tập thể có đóng góp vào sự phát triển kinh tế - xã hội (Luật TĐKT Điều 74 khoản 3 điểm c)",
        "02 năm liên tục hoàn thành xuất sắc nhiệm vụ hoặc đạt Tập thể lao động xuất sắc, thực hiện tốt dân chủ ở"
        " cơ sở, phong trào thi đua, chăm lo đời sống, tiết kiệm, phòng, chống tham nhũng (Luật TĐKT Điều 74 khoản"
        " 3 điểm d)",
        "Không đang bị xem xét thi hành kỷ luật, điều tra, thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo (NĐ"
        " 98/2023 Điều 4 khoản 4)",
    ]
    assert result.verdict == Verdict.INSUFFICIENT
    # Unity alone is not an achievement; unity + 2 years (one excellent, one TTLĐXS) + the practices is.
    confirm(nomination, "internal_unity")
    assert evaluate(nomination).verdict == Verdict.INSUFFICIENT
    rate(2023, unit=unit, basis="QĐ 9/QĐ-UBND")
    title("TTLDXS", 2024, unit=unit, number="77/QĐ-UBND")
    confirm(nomination, "collective_practices")
    two_years = finding(evaluate(nomination), "02 năm liên tục hoàn thành xuất sắc nhiệm vụ hoặc")
    assert two_years.passed is True
    assert two_years.evidence.startswith(
        "✓ Mỗi năm hoàn thành xuất sắc nhiệm vụ hoặc đạt Tập thể lao động xuất sắc: Xếp loại từ “Hoàn thành xuất"
        " sắc nhiệm vụ” trở lên hoặc đạt Tập thể lao động xuất sắc: 2023 ✓ hoàn thành xuất sắc nhiệm vụ (QĐ"
        " 9/QĐ-UBND); 2024 ✓ Tập thể lao động xuất sắc (QĐ 77/QĐ-UBND); ✓ Dân chủ ở cơ sở"
    )
    assert evaluate(nomination).verdict == Verdict.ELIGIBLE


def test_bkt_collective_without_internal_unity_is_not_enough_evidence_even_with_an_alternative():
    nomination = collective("BKT", OrgUnitFactory())
    confirm(nomination, "sudden_achievement")
    result = evaluate(nomination)
    assert result.verdict == Verdict.INSUFFICIENT
    assert result.reasons == [
        "Nội bộ đoàn kết, gương mẫu chấp hành tốt chủ trương, chính sách, pháp luật (Luật TĐKT Điều 74 khoản 3):"
        " chưa có căn cứ"
    ]
    confirm(nomination, "internal_unity")
    assert evaluate(nomination).verdict == Verdict.ELIGIBLE


def test_bkt_collective_is_not_barred_by_a_members_discipline():
    unit = OrgUnitFactory()
    DisciplineRecord.objects.create(person=PersonFactory(unit=unit), level="warning", year=2024)
    nomination = collective("BKT", unit)
    confirm(nomination, "internal_unity")
    confirm(nomination, "contribution")
    result = evaluate(nomination)
    assert not any(label.startswith("Không bị kỷ luật") for label in labels(result))
    assert result.verdict == Verdict.ELIGIBLE


def test_bkt_household_needs_its_contribution_confirmed():
    nomination = household("BKT", summary="Hiến 1.200 m² đất làm đường giao thông nông thôn.")
    result = evaluate(nomination)
    assert labels(result) == [
        "Không tính khen thưởng đột xuất, theo phong trào, chuyên đề (NĐ 98/2023 Điều 4 khoản 3)",
        "Hộ gia đình gương mẫu chấp hành tốt chủ trương, chính sách, pháp luật, có nhiều đóng góp về công sức, đất"
        " đai và tài sản cho địa phương, xã hội (Luật TĐKT Điều 74 khoản 4)",
    ]
    assert result.verdict == Verdict.INSUFFICIENT
    confirm(nomination, "household_contribution", basis="Xác nhận của UBND xã Đông Phú ngày 01/11/2024")
    assert evaluate(nomination).verdict == Verdict.ELIGIBLE


def test_a_confirmation_needs_its_document_and_is_once_per_fact():
    nomination = nominate("BKT", person=PersonFactory())
    with pytest.raises(ValidationError) as error:
        AchievementConfirmation(nomination=nomination, fact="contribution", basis=" ").full_clean()
    assert error.value.message_dict["basis"] == ["Ghi số, ngày của văn bản chứng nhận, xác nhận."]
    confirm(nomination, "contribution")
    with transaction.atomic(), pytest.raises(IntegrityError):
        confirm(nomination, "contribution", basis="Văn bản khác")
    assert AchievementConfirmation.objects.count() == 1


def test_the_administrator_confirms_an_achievement_on_the_nomination_page(world):
    nomination = nominate("BKT", person=PersonFactory())
    client = Client()
    client.force_login(world.user("admin"))
    url = f"/admin/awards/nomination/{nomination.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "dossier": nomination.dossier_id,
        "nominee_kind": "individual",
        "person": nomination.person_id,
        "award": nomination.award_id,
        "year": 2024,
        "summary": nomination.summary,
        "household_name": "",
        "confirmations-TOTAL_FORMS": "1",
        "confirmations-INITIAL_FORMS": "0",
        "confirmations-MIN_NUM_FORMS": "0",
        "confirmations-MAX_NUM_FORMS": "1000",
        "confirmations-0-fact": "contribution",
        "confirmations-0-basis": "Văn bản 3/SKHĐT ngày 01/12/2024",
        "confirmations-0-note": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    confirmation = AchievementConfirmation.objects.get()
    assert (confirmation.fact, confirmation.confirmed_by) == ("contribution", world.user("admin"))
    assert evaluate(nomination).verdict == Verdict.ELIGIBLE


# ---------------------------------------------------------------------------
# 4. A verdict needs at least one applicable condition met
# ---------------------------------------------------------------------------


def test_a_household_with_nothing_on_record_is_not_enough_evidence_for_giay_khen():
    """Under the old rule set every rule was "not applicable" to a household and the verdict passed."""
    result = evaluate(household("GK"))
    assert result.verdict == Verdict.INSUFFICIENT
    assert result.verdict_label == "Chưa đủ căn cứ"
    assert result.reasons == [
        "Nhóm lựa chọn 1: chưa đạt lựa chọn nào, còn chờ căn cứ của: Hộ gia đình có đóng góp về công sức, đất đai,"
        " tài sản (Luật TĐKT Điều 75)"
    ]
    assert result.passed is False


def test_only_bars_passing_is_not_an_achievement():
    """Huân chương Lao động hạng Ba: no condition of the Law is encoded, only what bars it."""
    result = evaluate(nominate("HCLD3", person=PersonFactory()))
    assert [f.mark for f in result.findings] == ["–", "✓", "✓"]
    assert result.verdict == Verdict.INSUFFICIENT
    assert result.reasons == [
        "Không có điều kiện nào về thành tích được đáp ứng theo dữ liệu hiện có (bộ tiêu chuẩn không có điều kiện"
        " kiểm tra được từ dữ liệu, hoặc mọi điều kiện đều không áp dụng cho đối tượng này)."
    ]


def test_a_group_whose_alternatives_do_not_apply_is_not_enough_evidence():
    """A rule set whose only alternatives (an initiative, a campaign result) do not concern a collective
    outside any campaign: before, a group of "not applicable" passed."""
    rule_set = RuleSet.objects.create(award=award("GK"), name="Thử", legal_basis="QĐ thử", valid_from=date(2030, 1, 1))
    Rule.objects.create(rule_set=rule_set, kind="initiative", group=1, description="Sáng kiến", order=1)
    Rule.objects.create(
        rule_set=rule_set,
        kind="confirmed",
        group=1,
        params={"fact": "campaign_result", "applies_if": "campaign"},
        description="Phong trào",
        order=2,
    )
    result = evaluate(collective("GK", OrgUnitFactory(), year=2030, received=date(2030, 1, 5)))
    assert [f.mark for f in result.findings] == ["–", "–"]
    assert (result.verdict, result.reasons) == (
        Verdict.INSUFFICIENT,
        ["Nhóm lựa chọn 1: không có lựa chọn nào áp dụng cho đối tượng này"],
    )


def test_the_verdict_is_shown_in_vietnamese_with_its_reasons(world):
    nomination = household("GK", dossier=DossierFactory(status="submitted", first_received_on=date(2024, 12, 5)))
    client = Client()
    client.force_login(world.user("staff"))
    page = client.get(reverse("awards:nomination_detail", args=[nomination.pk])).content.decode()
    assert 'data-verdict="insufficient"' in page
    assert '<span class="badge text-bg-warning">Chưa đủ căn cứ</span>' in page
    assert "còn chờ căn cứ của: Hộ gia đình có đóng góp về công sức, đất đai, tài sản (Luật TĐKT Điều 75)" in page
    assert "chọn theo ngày tiếp nhận hồ sơ lần đầu: 05/12/2024" in page
    confirm(nomination, "household_contribution")
    page = client.get(reverse("awards:nomination_detail", args=[nomination.pk])).content.decode()
    assert '<span class="badge text-bg-success">Đủ điều kiện theo dữ liệu hiện có</span>' in page


# ---------------------------------------------------------------------------
# 5. Discipline bars during its execution period; a pending matter suspends
# ---------------------------------------------------------------------------


def _ldtt_2025(person):
    rate(2025, "good", person=person)
    return nominate("LDTT", year=2025, person=person, received=date(2025, 12, 5))


def test_a_discipline_served_into_the_year_bars_its_titles():
    person = PersonFactory()
    DisciplineRecord.objects.create(
        person=person,
        level="warning",
        year=2024,
        decision_number="15/QĐ-KL",
        effective_from=date(2024, 10, 1),
        served_until=date(2025, 9, 30),
    )
    result = evaluate(_ldtt_2025(person))
    bar = finding(result, "Không bị kỷ luật")
    assert (bar.passed, bar.evidence) == (
        False,
        f"Có kỷ luật đang thi hành trong thời gian tính thành tích (2025) ✗ — {person.full_name}: cảnh cáo (QĐ"
        " 15/QĐ-KL), thi hành từ 01/10/2024 đến 30/09/2025; thành tích chỉ được tính từ 01/10/2025",
    )
    assert result.verdict == Verdict.NOT_ELIGIBLE


def test_a_discipline_served_before_the_year_does_not_bar():
    person = PersonFactory()
    DisciplineRecord.objects.create(
        person=person, level="warning", year=2024, effective_from=date(2024, 1, 2), served_until=date(2024, 12, 31)
    )
    bar = finding(evaluate(_ldtt_2025(person)), "Không bị kỷ luật")
    assert (bar.passed, bar.evidence) == (
        True,
        "Không có kỷ luật từ mức khiển trách trở lên đang thi hành trong thời gian tính thành tích (2025) ✓",
    )


def test_a_discipline_without_its_end_lasts_twelve_months():
    person = PersonFactory()
    DisciplineRecord.objects.create(person=person, level="reprimand", year=2024, effective_from=date(2024, 3, 1))
    bar = finding(evaluate(_ldtt_2025(person)), "Không bị kỷ luật")
    assert (bar.passed, bar.evidence) == (
        False,
        f"Có kỷ luật đang thi hành trong thời gian tính thành tích (2025) ✗ — {person.full_name}: khiển trách, thi"
        " hành từ 01/03/2024 đến 28/02/2025 (chưa ghi ngày chấp hành xong: tính 12 tháng); thành tích chỉ được tính"
        " từ 01/03/2025",
    )


def test_a_discipline_of_the_year_before_without_dates_is_not_enough_evidence():
    person = PersonFactory()
    DisciplineRecord.objects.create(person=person, level="reprimand", year=2024, decision_number="3/QĐ-KL")
    nomination = _ldtt_2025(person)
    result = evaluate(nomination)
    bar = finding(result, "Không bị kỷ luật")
    assert (bar.passed, bar.mark, bar.evidence) == (
        None,
        "?",
        f"Chưa đủ căn cứ ? — {person.full_name}: khiển trách (QĐ 3/QĐ-KL) năm 2024 chưa ghi ngày có hiệu lực, ngày"
        " chấp hành xong: không biết đã chấp hành xong trước 01/01/2025 chưa",
    )
    assert result.verdict == Verdict.INSUFFICIENT
    DisciplineRecord.objects.update(year=2023)  # decided in 2023: served by the end of 2024 at the latest
    assert evaluate(nomination).verdict == Verdict.ELIGIBLE


def test_a_discipline_bars_a_provincial_title_whose_chain_it_falls_in():
    person = PersonFactory()
    for year in (2022, 2023, 2024):
        title("CSTDCS", year, person=person)
    InitiativeFactory(person=person, level="province", year=2024)
    nomination = nominate("CSTDT", person=person)
    assert evaluate(nomination).verdict == Verdict.ELIGIBLE
    DisciplineRecord.objects.create(
        person=person, level="reprimand", year=2022, effective_from=date(2022, 2, 1), served_until=date(2022, 7, 31)
    )
    result = evaluate(nomination)
    assert finding(result, "Không bị kỷ luật").evidence.startswith(
        "Có kỷ luật đang thi hành trong thời gian tính thành tích (2022–2024) ✗"
    )
    assert result.verdict == Verdict.NOT_ELIGIBLE


def test_a_members_reprimand_does_not_bar_ttldtt_but_a_warning_served_into_the_year_does():
    unit = OrgUnitFactory()
    members = [PersonFactory(unit=unit) for _ in range(10)]
    for person in members[:7]:
        title("LDTT", 2025, person=person)
    DisciplineRecord.objects.create(
        person=members[0], level="reprimand", year=2025, effective_from=date(2025, 2, 1), served_until=date(2026, 1, 31)
    )
    nomination = collective("TTLDTT", unit, year=2025, received=date(2025, 12, 5))
    assert evaluate(nomination).verdict == Verdict.ELIGIBLE
    DisciplineRecord.objects.create(
        person=members[1], level="warning", year=2024, effective_from=date(2024, 6, 1), served_until=date(2025, 5, 31)
    )
    result = evaluate(nomination)
    assert finding(result, "Không bị kỷ luật").evidence == (
        "Có kỷ luật đang thi hành trong thời gian tính thành tích (2025) ✗ — "
        f"{members[1].full_name}: cảnh cáo, thi hành từ 01/06/2024 đến 31/05/2025; thành tích chỉ được tính từ"
        " 01/06/2025"
    )
    assert result.verdict == Verdict.NOT_ELIGIBLE


def _open_matter(day, *, person=None, unit=None, **kwargs):
    return PendingMatter.objects.create(
        person=person,
        unit=unit,
        kind="complaint",
        started_on=day,
        basis="Đơn tố cáo ngày " + f"{day:%d/%m/%Y}",
        **kwargs,
    )


@pytest.mark.parametrize("code", ["LDTT", "CSTDCS", "CSTDT", "CSTDTQ", "BKT", "BKTTG", "GK", "HCLD3"])
def test_a_pending_matter_suspends_every_award_of_a_person(code):
    person = PersonFactory()
    today = timezone.localdate()
    _open_matter(today - timedelta(days=1), person=person)
    result = evaluate(nominate(code, person=person))
    pending = finding(result, "Không đang bị xem xét")
    assert (pending.passed, pending.suspends) == (False, True)
    assert pending.evidence == (
        f"Đang có việc chưa kết luận tại ngày {today:%d/%m/%Y} ✗ — Có đơn thư khiếu nại, tố cáo đang được giải quyết"
        f" từ {today - timedelta(days=1):%d/%m/%Y} (Đơn tố cáo ngày {today - timedelta(days=1):%d/%m/%Y}): chưa khen"
        " thưởng cho đến khi có kết luận"
    )
    assert (result.verdict, result.verdict_label) == (Verdict.SUSPENDED, "Tạm dừng xét")
    assert result.reasons[0] == pending.label


def test_a_matter_closed_without_wrongdoing_no_longer_suspends():
    person = PersonFactory()
    rate(2024, "good", person=person)
    today = timezone.localdate()
    matter = _open_matter(today - timedelta(days=30), person=person)
    nomination = nominate("LDTT", person=person)
    assert evaluate(nomination).verdict == Verdict.SUSPENDED
    matter.ended_on, matter.outcome = today, PendingMatter.Outcome.NO_VIOLATION  # closed today: resumes today
    matter.save()
    result = evaluate(nomination)
    assert finding(result, "Không đang bị xem xét").evidence == (
        f"Không có việc đang xem xét kỷ luật, điều tra, thanh tra, khiếu nại, tố cáo tại ngày {today:%d/%m/%Y} ✓;"
        f" đã kết luận không có sai phạm: có đơn thư khiếu nại, tố cáo đang được giải quyết ({today:%d/%m/%Y})"
    )
    assert result.verdict == Verdict.ELIGIBLE


def test_a_matter_starting_tomorrow_does_not_suspend_yet_and_a_fault_found_fails():
    person = PersonFactory()
    rate(2024, "good", person=person)
    today = timezone.localdate()
    _open_matter(today + timedelta(days=1), person=person)
    nomination = nominate("LDTT", person=person)
    assert evaluate(nomination).verdict == Verdict.ELIGIBLE
    _open_matter(date(2024, 3, 1), person=person, ended_on=date(2024, 9, 1), outcome="violation")
    result = evaluate(nomination)
    assert finding(result, "Không đang bị xem xét").evidence == (
        "Có kết luận có sai phạm ✗ — Có đơn thư khiếu nại, tố cáo đang được giải quyết (Đơn tố cáo ngày 01/03/2024)"
        " kết luận ngày 01/09/2024"
    )
    assert result.verdict == Verdict.NOT_ELIGIBLE


def test_a_collectives_own_pending_matter_suspends_it():
    unit = OrgUnitFactory()
    nomination = collective("BKT", unit)
    confirm(nomination, "internal_unity")
    confirm(nomination, "contribution")
    assert evaluate(nomination).verdict == Verdict.ELIGIBLE
    PendingMatter.objects.create(unit=unit, kind="inspection", started_on=date(2024, 11, 1), basis="QĐ thanh tra 5")
    assert evaluate(nomination).verdict == Verdict.SUSPENDED


def test_a_pending_matter_is_a_dated_record_with_its_basis_and_a_conclusion_when_closed():
    person = PersonFactory()
    with pytest.raises(ValidationError) as error:
        PendingMatter(
            person=person, kind="investigation", started_on=date(2024, 5, 1), ended_on=date(2024, 4, 1), basis="  "
        ).full_clean()
    assert error.value.message_dict == {
        "basis": ["Ghi số, ngày của văn bản căn cứ."],
        "ended_on": ["Ngày kết thúc không được trước ngày bắt đầu."],
        "outcome": ["Việc đã kết thúc phải có kết luận."],
    }
    with pytest.raises(ValidationError) as error:
        PendingMatter(
            person=person, kind="investigation", started_on=date(2024, 5, 1), outcome="no_violation", basis="QĐ 1"
        ).full_clean()
    assert error.value.message_dict == {"ended_on": ["Có kết luận thì phải ghi ngày kết thúc."]}
    with transaction.atomic(), pytest.raises(IntegrityError):
        PendingMatter.objects.create(
            person=person, kind="press", started_on=date(2024, 5, 1), ended_on=date(2024, 6, 1), basis="Báo"
        )
    assert PendingMatter.objects.count() == 0


def test_the_administrator_records_a_pending_matter(world):
    person = PersonFactory()
    client = Client()
    client.force_login(world.user("admin"))
    response = client.post(
        "/admin/awards/pendingmatter/add/",
        {
            "person": person.pk,
            "kind": "discipline_review",
            "started_on": "02/12/2026",
            "basis": "TB 4/TB-UBKT",
            "ended_on": "",
            "outcome": "",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    matter = PendingMatter.objects.get()
    assert (matter.person, matter.started_on, matter.recorded_by) == (person, date(2026, 12, 2), world.user("admin"))
    assert client.get("/admin/awards/pendingmatter/").status_code == 200
    assert client.get("/admin/awards/disciplinerecord/add/").status_code == 200


# ---------------------------------------------------------------------------
# 6. Which rule set: NĐ 98/2023 for dossiers received up to 30/06/2025, NĐ 152/2025 from 01/07/2025
# ---------------------------------------------------------------------------

ND98_BASIS = (
    "Nghị định số 98/2023/NĐ-CP, Điều 4 (hồ sơ tiếp nhận đến hết 30/06/2025: Nghị định số 152/2025/NĐ-CP, Điều 59"
    " khoản 2, Điều 60 khoản 3)"
)
ND152_BASIS = "Nghị định số 152/2025/NĐ-CP, Điều 4 (hồ sơ tiếp nhận từ 01/07/2025: Điều 59 khoản 1)"


@pytest.mark.parametrize(
    ("received", "decree", "basis"),
    [
        (date(2025, 6, 30), "NĐ 98/2023", ND98_BASIS),
        (date(2025, 7, 1), "NĐ 152/2025", ND152_BASIS),
    ],
)
def test_the_rule_set_is_the_one_in_force_on_the_dossiers_first_receipt(received, decree, basis):
    result = evaluate(nominate("CSTDCS", year=2024, person=PersonFactory(), received=received))
    assert result.rule_set.name == f"Tiêu chuẩn Chiến sĩ thi đua cơ sở ({decree})"
    assert result.rule_set.legal_basis == f"Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 23; {basis}"
    assert (result.judged_on, result.judged_by) == (received, "ngày tiếp nhận hồ sơ lần đầu")
    assert finding(result, "Không bị kỷ luật").label.endswith(f"({decree} Điều 4 khoản 4)")


def test_a_dossier_returned_and_sent_again_after_the_switch_keeps_the_first_receipts_rule_set():
    dossier = DossierFactory(year=2024, first_received_on=date(2025, 6, 30), received_on=date(2025, 7, 3))
    result = evaluate(nominate("BKT", person=PersonFactory(), dossier=dossier))
    assert (result.judged_on, result.rule_set.valid_from, result.rule_set.valid_to) == (
        date(2025, 6, 30),
        date(2024, 1, 1),
        date(2025, 6, 30),
    )


def test_a_draft_is_judged_by_todays_rule_set_and_says_so():
    result = evaluate(nominate("BKT", person=PersonFactory(), dossier=DossierFactory(year=2024)))
    assert (result.judged_on, result.judged_by) == (timezone.localdate(), "hôm nay (hồ sơ chưa được tiếp nhận)")
    assert result.rule_set.valid_from == (
        date(2025, 7, 1) if timezone.localdate() >= date(2025, 7, 1) else date(2024, 1, 1)
    )


def test_the_nd91_set_still_judges_dossiers_received_before_2024():
    result = evaluate(nominate("BKT", year=2023, person=PersonFactory(), received=date(2023, 12, 31)))
    assert (result.rule_set.legal_basis, result.rule_set.valid_to) == (
        "Nghị định số 91/2017/NĐ-CP, Điều 39",
        date(2023, 12, 31),
    )


def test_every_award_has_the_two_decrees_rule_sets_back_to_back_and_every_rule_cites_its_article():
    for code in [
        "LDTT",
        "CSTDCS",
        "CSTDT",
        "CSTDTQ",
        "TTLDTT",
        "TTLDXS",
        "CTDT",
        "CTDCP",
        "BKT",
        "BKTTG",
        "GK",
        "HCLD3",
    ]:
        sets = list(award(code).rule_sets.filter(valid_from__gte=date(2024, 1, 1)).order_by("valid_from"))
        assert [(s.valid_from, s.valid_to) for s in sets] == [
            (date(2024, 1, 1), date(2025, 6, 30)),
            (date(2025, 7, 1), None),
        ], code
        assert sets[0].legal_basis.endswith(ND98_BASIS) and sets[1].legal_basis.endswith(ND152_BASIS), code
        first, second = ([(r.order, r.kind, r.group, r.params) for r in s.rules.all()] for s in sets)
        assert first == second, code  # the Law's conditions are the same under both decrees
        for rule in sets[0].rules.all():
            assert "Điều" in rule.description or "[giả định" in rule.description, (code, rule.description)


# ---------------------------------------------------------------------------
# The rules kept from before, each at its boundary, under the new verdict
# ---------------------------------------------------------------------------

NO_COUNT_CODES = ["CSTDT", "CSTDTQ", "CTDT", "CTDCP", "BKT", "BKTTG", "HCLD3"]


@pytest.mark.parametrize("code", NO_COUNT_CODES)
def test_sudden_and_campaign_awards_do_not_count_towards_merit_awards(code):
    kwargs = {"person": PersonFactory()}
    if not award(code).for_individual:
        kwargs = {"nominee_kind": "collective", "person": None, "unit": OrgUnitFactory()}
    note = finding(evaluate(nominate(code, **kwargs)), "Không tính khen thưởng")
    assert (note.passed, note.evidence) == (
        None,
        "Không tính các khen thưởng loại: đột xuất, theo phong trào, chuyên đề",
    )
    assert note.label.endswith("(NĐ 98/2023 Điều 4 khoản 3)")


def test_a_campaign_cstdcs_does_not_count_for_bang_khen():
    person = PersonFactory()
    AwardRecordFactory(person=person, award=award("CSTDCS"), year=2023, award_type="campaign")
    title("CSTDCS", 2024, person=person)
    twice = finding(evaluate(nominate("BKT", person=person)), INDIVIDUAL_ALTERNATIVES[3])
    assert twice.passed is False
    assert twice.evidence.startswith("Chiến sĩ thi đua cơ sở: 2023 ✗, 2024 ✓")


def test_cstdtq_needs_a_national_initiative():
    person = PersonFactory()
    for year in (2021, 2024):
        title("CSTDT", year, person=person)
    InitiativeFactory(person=person, level="province", year=2024)
    result = evaluate(nominate("CSTDTQ", person=person))
    assert finding(result, "Có sáng kiến").evidence.startswith("Sáng kiến từ toàn quốc trở lên, 2019–2024: 0/1 ✗")
    assert result.verdict == Verdict.NOT_ELIGIBLE


INDIVIDUAL_BARRED = ["LDTT", "CSTDCS", "CSTDT", "CSTDTQ", "BKT", "BKTTG", "GK", "HCLD3"]


@pytest.mark.parametrize("code", INDIVIDUAL_BARRED)
def test_a_discipline_being_served_bars_every_award_of_a_person(code):
    person = PersonFactory()
    DisciplineRecord.objects.create(
        person=person, level="reprimand", year=2024, effective_from=date(2024, 5, 2), served_until=date(2025, 5, 1)
    )
    result = evaluate(nominate(code, person=person))
    bar = finding(result, "Không bị kỷ luật")
    assert bar.passed is False
    assert bar.label.endswith("(NĐ 98/2023 Điều 4 khoản 4)")
    assert result.verdict == Verdict.NOT_ELIGIBLE


@pytest.mark.parametrize("code", ["TTLDTT", "TTLDXS", "CTDT", "CTDCP"])
def test_a_members_warning_bars_the_collective_titles_and_a_reprimand_does_not(code):
    unit = OrgUnitFactory()
    member = PersonFactory(unit=unit)
    DisciplineRecord.objects.create(
        person=member, level="reprimand", year=2024, effective_from=date(2024, 3, 1), served_until=date(2025, 2, 28)
    )
    nomination = collective(code, unit)
    assert finding(evaluate(nomination), "Không bị kỷ luật").passed is True
    DisciplineRecord.objects.create(
        person=member, level="warning", year=2024, effective_from=date(2024, 3, 1), served_until=date(2025, 2, 28)
    )
    assert finding(evaluate(nomination), "Không bị kỷ luật").passed is False


@pytest.mark.parametrize("code", ["TTLDTT", "TTLDXS", "CTDT", "CTDCP", "BKT", "GK"])
def test_a_pending_matter_suspends_every_award_of_a_collective(code):
    unit = OrgUnitFactory()
    PendingMatter.objects.create(unit=unit, kind="investigation", started_on=date(2024, 10, 1), basis="QĐ 12/QĐ-CQĐT")
    result = evaluate(collective(code, unit))
    assert finding(result, "Không đang bị xem xét").suspends is True
    assert result.verdict == Verdict.SUSPENDED


def test_ctdcp_needs_the_provinces_flag_of_the_year():
    unit = OrgUnitFactory()
    nomination = collective("CTDCP", unit)
    flag = finding(evaluate(nomination), "Đã đạt Cờ thi đua")
    assert (flag.passed, flag.evidence) == (False, "Cờ thi đua của Ủy ban nhân dân tỉnh: 2024 ✗ — chưa đạt")
    title("CTDT", 2024, unit=unit, number="2150/QĐ-UBND")
    assert evaluate(nomination).verdict == Verdict.ELIGIBLE


def test_bkttg_needs_a_bang_khen_of_the_year_before():
    person = PersonFactory()
    title("BKT", 2024, person=person)
    nomination = nominate("BKTTG", person=person)
    assert finding(evaluate(nomination), "Đã được tặng Bằng khen").evidence == (
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh: 2023 ✗ — chưa đạt"
    )
    title("BKT", 2023, person=person, number="1008/QĐ-UBND")
    assert evaluate(nomination).verdict == Verdict.ELIGIBLE


def test_giay_khen_for_a_person_a_collective_and_a_household():
    person = PersonFactory()
    rate(2024, "good", person=person)
    individual = nominate("GK", person=person)
    assert evaluate(individual).verdict == Verdict.INSUFFICIENT
    confirm(individual, "sudden_achievement")
    assert evaluate(individual).verdict == Verdict.ELIGIBLE
    # A campaign of the unit counts for Giấy khen (not only the province's).
    unit = OrgUnitFactory()
    campaign = CampaignFactory(launcher="unit", launcher_unit=unit)
    team = collective("GK", unit, dossier=DossierFactory(campaign=campaign, first_received_on=date(2024, 12, 5)))
    rate(2024, "good", unit=unit)
    confirm(team, "campaign_result")
    assert evaluate(team).reasons == ["Nội bộ đoàn kết (Luật TĐKT Điều 75): chưa có căn cứ"]
    confirm(team, "internal_unity")
    assert evaluate(team).verdict == Verdict.ELIGIBLE
    family = household("GK")
    confirm(family, "household_contribution")
    assert evaluate(family).verdict == Verdict.ELIGIBLE


# ---------------------------------------------------------------------------
# docs/awards-law.md: every rule has its row (article, data row, test)
# ---------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
DATA_ROW = re.compile(r"`([A-Z0-9]+)` ((?:\d\d/\d\d/\d{4}(?: \+ )?)+) #(\d+) `([a-z_]+)`")


def _law_section() -> str:
    text = (ROOT / "docs" / "awards-law.md").read_text()
    start = text.index("## Điều kiện (verdicts)")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def test_the_law_table_covers_every_rule():
    section = _law_section()
    documented = set()
    for code, days, order, kind in DATA_ROW.findall(section):
        for day in days.split(" + "):
            documented.add((code, datetime.strptime(day, "%d/%m/%Y").date(), int(order), kind))
    expected = {
        (code, start, order, rule["kind"])
        for code, _name, _basis, start, _end, rules in reference.RULE_SETS
        for order, rule in enumerate(rules, start=1)
    }
    assert expected - documented == set(), "rules without a row in docs/awards-law.md"
    assert documented - expected == set(), "rows of docs/awards-law.md that are no rule"
    tests = set()
    for path in (ROOT / "awards" / "tests").glob("test_*.py"):
        tests |= set(re.findall(r"^def (test_\w+)", path.read_text(), flags=re.MULTILINE))
    named = set(re.findall(r"`(test_\w+)`", section))
    assert named - tests == set(), "tests named in docs/awards-law.md that do not exist"
    for line in section.splitlines():
        if DATA_ROW.search(line):
            assert re.search(r"`test_\w+`", line), line
