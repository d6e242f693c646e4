"""Amendments per line (issue 13 item 2): corrections and revocations act on award lines, a decision is amended
many times, each by a new decision; what holds is derived from the lines; the nominee, the dossier history and
the unit see it; money is shown as the difference, never paid twice."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from awards import selectors
from awards.jobs import decision_context
from awards.models import AwardRecord, Decision, DossierEvent, Nomination
from awards.services import decision_amend_draft, decision_create_draft, decision_sign, decision_update
from awards.services.amendments import CORRECTED, HOLDS, REVOKED, line_state, line_states, payment_total
from awards.tests.council_factories import ready_nomination
from awards.tests.factories import DossierFactory, award
from thiduakt import write_cache
from thiduakt.models import Notification
from thiduakt.services import DomainError
from thiduakt.tests.factories import OfficerFactory, OrgUnitFactory, PersonFactory, StaffFactory

pytestmark = pytest.mark.django_db

SIGNER = "Nguyễn Văn Thắng"


def _person(name: str, dossier=None) -> Nomination:
    return ready_nomination(
        "BKT",
        status=Nomination.Status.READY_FOR_DECISION,
        person=PersonFactory(full_name=name),
        dossier=dossier or DossierFactory(year=2024),
    )


def _collective(dossier=None) -> Nomination:
    return ready_nomination(
        "CTDT",
        status=Nomination.Status.READY_FOR_DECISION,
        nominee_kind="collective",
        person=None,
        unit=OrgUnitFactory(),
        dossier=dossier or DossierFactory(year=2024),
    )


def _signed(*nominees, code="BKT", day=date(2025, 3, 5)):
    staff = StaffFactory()
    decision = decision_create_draft(award=award(code), nominations=list(nominees), by=staff)
    decision_update(decision=decision, by=staff, signer_name=SIGNER)
    decision_sign(decision=decision, by=staff, decision_date=day)
    return staff, Decision.objects.select_related("award").get(pk=decision.pk)


def _amend(old, purpose, lines, *, staff, day, reason="Lý do đính chính, hủy bỏ", corrections=None):
    amendment = decision_amend_draft(
        old=old, purpose=purpose, reason=reason, by=staff, recipients=lines, corrections=corrections
    )
    decision_sign(decision=amendment, by=staff, decision_date=day)
    return Decision.objects.select_related("award", "amends").get(pk=amendment.pk)


def _lines(decision):
    """The lines in the order their nominees were created (the tests name them in that order)."""
    return list(decision.recipients.order_by("nomination_id", "pk"))


def test_correcting_one_line_leaves_the_other_revocable_and_the_decision_says_what_holds():
    staff, decision = _signed(_person("Nguyễn Văn Thuận"), _person("Lê Thị Mai"))
    first, second = _lines(decision)
    correction = _amend(
        decision,
        Decision.Purpose.CORRECTION,
        [first],
        staff=staff,
        day=date(2025, 3, 20),
        corrections={first.pk: {"description": "Phó Chủ tịch UBND xã"}},
    )
    decision.refresh_from_db()
    assert (decision.status, decision.effect) == (Decision.Status.SIGNED, Decision.Effect.PARTLY_CORRECTED)
    assert decision.get_effect_display() == "Đã đính chính một phần"
    assert correction.subject == "Về việc đính chính Quyết định số 01/QĐ-UBND ngày 05/03/2025"
    # On main this was refused: the whole decision was "Đã được đính chính".
    revocation = _amend(decision, Decision.Purpose.REVOCATION, [second], staff=staff, day=date(2025, 4, 1))
    decision.refresh_from_db()
    assert revocation.number_display == "03/QĐ-UBND"
    assert decision.effect == Decision.Effect.PARTLY_REVOKED
    assert decision.get_effect_display() == "Đã bị hủy bỏ một phần"
    # The corrected line can still be revoked later, by a third amendment of the same decision.
    _amend(decision, Decision.Purpose.REVOCATION, [first], staff=staff, day=date(2025, 4, 2))
    decision.refresh_from_db()
    correction.refresh_from_db()
    assert decision.effect == Decision.Effect.REVOKED
    assert decision.get_effect_display() == "Đã bị hủy bỏ toàn bộ"
    assert correction.effect == Decision.Effect.REVOKED
    assert [e.action for e in decision.events.order_by("pk") if " bởi Quyết định số " in e.action] == [
        "Đã đính chính một phần bởi Quyết định số 02/QĐ-UBND",
        "Đã bị hủy bỏ một phần bởi Quyết định số 03/QĐ-UBND",
        "Đã bị hủy bỏ toàn bộ bởi Quyết định số 04/QĐ-UBND",
    ]
    assert AwardRecord.objects.filter(is_public=True).count() == 0


def test_a_revoked_line_cannot_be_revoked_again_and_two_drafts_of_one_line_are_refused():
    staff, decision = _signed(_person("Nguyễn Văn Thuận"), _person("Lê Thị Mai"))
    first, second = _lines(decision)
    decision_amend_draft(old=decision, purpose="revocation", reason="Gian dối", by=staff, recipients=[first])
    with pytest.raises(DomainError, match="Nguyễn Văn Thuận đã có trong một dự thảo đính chính, hủy bỏ chưa ký"):
        decision_amend_draft(old=decision, purpose="correction", reason="Sai tên", by=staff, recipients=[first])
    # The other line is free: a second draft on it is allowed at the same time.
    other = decision_amend_draft(old=decision, purpose="revocation", reason="Gian dối", by=staff, recipients=[second])
    decision_sign(decision=other, by=staff, decision_date=date(2025, 4, 1))
    with pytest.raises(DomainError, match="Lê Thị Mai đã bị hủy bỏ theo Quyết định số 02/QĐ-UBND"):
        decision_amend_draft(old=decision, purpose="revocation", reason="Lần nữa", by=staff, recipients=[second])


def test_a_stale_draft_of_a_line_signed_meanwhile_by_another_amendment_is_refused():
    staff, decision = _signed(_person("Nguyễn Văn Thuận"))
    (line,) = _lines(decision)
    stale = decision_amend_draft(old=decision, purpose="revocation", reason="Gian dối", by=staff, recipients=[line])
    # A second draft of the same line made before the first existed (e.g. a correction drafted from another
    # tab) is simulated by removing the check: write it directly as the service would.
    decision_sign(decision=stale, by=staff, decision_date=date(2025, 4, 1))
    twin = Decision.objects.get(pk=stale.pk)
    twin.pk = None
    twin.status, twin.number, twin.number_display, twin.decision_date, twin.year = "draft", None, "", None, None
    twin.save()
    stale_line = stale.recipients.get()
    stale_line.pk, stale_line.decision, stale_line.reward_difference = None, twin, None
    stale_line.save()
    with pytest.raises(DomainError, match="đã được đính chính, hủy bỏ bởi Quyết định số 02/QĐ-UBND"):
        decision_sign(decision=twin, by=staff, decision_date=date(2025, 4, 2))
    assert Decision.objects.filter(number__isnull=False).count() == 2


def test_a_partial_revocation_of_a_flag_is_titled_partial_and_names_the_flag():
    staff, decision = _signed(_collective(), _collective(), code="CTDT")
    first, _second = _lines(decision)
    revocation = _amend(
        decision, Decision.Purpose.REVOCATION, [first], staff=staff, day=date(2025, 4, 1), reason="Gian dối hồ sơ"
    )
    assert revocation.subject == "Về việc hủy bỏ một phần Quyết định số 01/QĐ-UBND ngày 05/03/2025"
    articles = decision_context(revocation)["articles"]
    paid = first.reward_amount
    money = f"{paid:,}".replace(",", ".") + " đ"
    assert articles[0] == (
        "Hủy bỏ một phần Quyết định số 01/QĐ-UBND ngày 05/03/2025 của Chủ tịch Ủy ban nhân dân tỉnh: hủy bỏ việc "
        "tặng danh hiệu Cờ thi đua của Ủy ban nhân dân tỉnh đối với 1 trong số 2 trường hợp (có danh sách kèm "
        "theo). Lý do: Gian dối hồ sơ"
    )
    assert articles[1] == (
        f"Thu hồi danh hiệu Cờ thi đua của Ủy ban nhân dân tỉnh và tiền thưởng đã nhận ({money}) của các trường "
        "hợp tại Điều 1. Các nội dung khác của Quyết định số 01/QĐ-UBND giữ nguyên hiệu lực."
    )
    assert "Bằng khen" not in " ".join(articles)
    decision.refresh_from_db()
    assert decision.effect == Decision.Effect.PARTLY_REVOKED


def test_a_full_revocation_is_titled_for_the_whole_decision():
    staff, decision = _signed(_person("Nguyễn Văn Thuận"), _person("Lê Thị Mai"))
    revocation = _amend(decision, Decision.Purpose.REVOCATION, _lines(decision), staff=staff, day=date(2025, 4, 1))
    assert revocation.subject == "Về việc hủy bỏ Quyết định số 01/QĐ-UBND ngày 05/03/2025"
    assert decision_context(revocation)["articles"][0].startswith(
        "Hủy bỏ Quyết định số 01/QĐ-UBND ngày 05/03/2025 của Chủ tịch Ủy ban nhân dân tỉnh về việc tặng Bằng khen "
        "của Chủ tịch Ủy ban nhân dân tỉnh đối với 2 trường hợp"
    )
    decision.refresh_from_db()
    assert decision.effect == Decision.Effect.REVOKED


def test_the_unit_the_nominee_and_the_dossier_history_see_a_signed_amendment(client):
    dossier = DossierFactory(year=2024)
    officer = OfficerFactory(unit=dossier.unit)
    kept, revoked = _person("Nguyễn Văn Thuận", dossier), _person("Lê Thị Mai", dossier)
    staff, decision = _signed(kept, revoked)
    first, second = _lines(decision)
    Notification.objects.all().delete()
    draft = decision_amend_draft(old=decision, purpose="revocation", reason="Gian dối", by=staff, recipients=[second])
    assert Notification.objects.count() == 0  # nothing before it is signed
    revoked.refresh_from_db()
    assert revoked.status == Nomination.Status.DECIDED
    decision_sign(decision=draft, by=staff, decision_date=date(2025, 4, 1))
    revoked.refresh_from_db()
    assert revoked.status == Nomination.Status.REVOKED
    assert revoked.get_status_display() == "Khen thưởng đã bị hủy bỏ"
    assert DossierEvent.objects.filter(nomination=revoked).order_by("pk").last().action == (
        "Khen thưởng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh bị hủy bỏ theo Quyết định số 02/QĐ-UBND"
    )
    note = Notification.objects.get(recipient=officer)
    assert note.title == ("Quyết định số 02/QĐ-UBND: Về việc hủy bỏ một phần Quyết định số 01/QĐ-UBND ngày 05/03/2025")
    assert note.body == "Lê Thị Mai"
    # The public lookup: the revoked award is gone, the other line says its decision was partly revoked.
    page = client.get(reverse("awards:lookup"), {"q": "Lê Thị Mai"}).content.decode()
    assert "Không tìm thấy kết quả." in page
    page = client.get(reverse("awards:lookup"), {"q": "Nguyen Van Thuan"}).content.decode()
    assert '<div class="small text-warning-emphasis" data-testid="lookup-effect">Đã bị hủy bỏ một phần</div>' in page
    _amend(
        decision,
        Decision.Purpose.CORRECTION,
        [first],
        staff=staff,
        day=date(2025, 4, 2),
        corrections={first.pk: {"recipient_name": "Nguyễn Văn Thuần"}},
    )
    kept.refresh_from_db()
    assert kept.status == Nomination.Status.DECIDED
    assert DossierEvent.objects.filter(nomination=kept).order_by("pk").last().action == (
        "Đính chính khen thưởng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh theo Quyết định số 03/QĐ-UBND: "
        f"Nguyễn Văn Thuần, {first.description}"
    )
    assert Notification.objects.filter(recipient=officer).count() == 2


def test_money_is_the_difference_and_the_original_pays_only_what_holds(client):
    staff, decision = _signed(_person("Nguyễn Văn Thuận"), _person("Lê Thị Mai"))
    first, second = _lines(decision)
    assert (first.reward_amount, second.reward_amount) == (
        2_340_000,
        2_340_000,
    )  # hệ số 1,0 × 2.340.000 (NĐ 98/2023, before 01/07/2025)
    correction = _amend(
        decision,
        Decision.Purpose.CORRECTION,
        [first],
        staff=staff,
        day=date(2025, 3, 20),
        corrections={first.pk: {"recipient_name": "Nguyễn Văn Thuần"}},
    )
    line = correction.recipients.get()
    assert (line.reward_amount, line.reward_difference) == (None, 0)
    revocation = _amend(decision, Decision.Purpose.REVOCATION, [second], staff=staff, day=date(2025, 4, 1))
    assert revocation.recipients.get().reward_difference == -2_340_000
    decision.refresh_from_db()
    assert payment_total(decision) == 2_340_000
    assert payment_total(correction) == 0

    client.force_login(staff)
    page = client.get(reverse("awards:decision_detail", args=[correction.pk])).content.decode()
    assert '<span data-testid="decision-total">0 đ</span>' in page
    assert "chênh lệch tiền thưởng (không chi thêm)" in page
    assert "tổng tiền thưởng" not in page  # the reward is not shown as if paid again
    assert page.count('<td class="text-end">0 đ</td>') == 1  # the line: its difference
    page = client.get(reverse("awards:decision_detail", args=[revocation.pk])).content.decode()
    assert '<span data-testid="decision-total">−2.340.000 đ</span>' in page
    page = client.get(reverse("awards:decision_detail", args=[decision.pk])).content.decode()
    assert '<span data-testid="decision-total">2.340.000 đ</span>' in page
    assert "Đã bị hủy bỏ một phần" in page
    listing = client.get(reverse("awards:decision_list")).content.decode()
    assert listing.count('data-testid="decision-effect">Đã bị hủy bỏ một phần<') == 1
    assert listing.count('data-testid="decision-effect">Còn hiệu lực<') == 1  # the correction still holds


def test_the_amendment_section_of_the_law_doc_names_only_tests_that_exist():
    root = Path(__file__).resolve().parents[2]
    text = (root / "docs" / "awards-law.md").read_text()
    section = text[text.index("## Đính chính, hủy bỏ") :].split("\n## ", 1)[0]
    assert "Luật TĐKT 2022 Điều 93 khoản 2" in section
    named = set(re.findall(r"`(test_\w+)`", section))
    tests = set()
    for path in (root / "awards" / "tests").glob("test_*.py"):
        tests |= set(re.findall(r"^def (test_\w+)", path.read_text(), flags=re.MULTILINE))
    assert len(named) >= 9
    assert named - tests == set()
    for line in section.splitlines():
        if line.startswith("| ") and not line.startswith(("| Rule", "|---")):
            assert re.search(r"`test_\w+`", line), line


def test_the_amend_screen_drafts_a_partial_revocation_and_then_offers_only_the_lines_that_hold(client):
    staff, decision = _signed(_person("Nguyễn Văn Thuận"), _person("Lê Thị Mai"))
    first, second = _lines(decision)
    client.force_login(staff)
    url = reverse("awards:decision_amend", args=[decision.pk])
    response = client.post(
        url, {"purpose": "revocation", "reason": "Kê khai không trung thực", "recipients": [second.pk]}
    )
    draft = Decision.objects.get(amends=decision)
    assert response.status_code == 302 and response["Location"] == reverse("awards:decision_detail", args=[draft.pk])
    assert draft.subject == "Về việc hủy bỏ một phần Quyết định số 01/QĐ-UBND ngày 05/03/2025"
    # A second tab drafting the same line: refused in Vietnamese on the form, nothing written.
    response = client.post(url, {"purpose": "revocation", "reason": "Lần hai", "recipients": [second.pk]})
    assert response.status_code == 200
    assert "Lê Thị Mai đã có trong một dự thảo đính chính, hủy bỏ chưa ký." in response.content.decode()
    assert Decision.objects.filter(amends=decision).count() == 1
    decision_sign(decision=draft, by=staff, decision_date=date(2025, 4, 1))
    page = client.get(url).content.decode()
    assert f'value="{second.pk}" aria-label="Lê Thị Mai" disabled>' in page
    assert f'value="{first.pk}" aria-label="Nguyễn Văn Thuận">' in page
    assert "Đã bị hủy bỏ · 02/QĐ-UBND" in page
    detail = client.get(reverse("awards:decision_detail", args=[decision.pk])).content.decode()
    assert 'data-testid="decision-effect">Đã bị hủy bỏ một phần</span>' in detail
    assert f'href="{url}"' in detail  # the decision can still be amended


@pytest.mark.parametrize("count", [2, 6])
def test_what_holds_of_every_line_is_read_in_a_few_queries_whatever_the_lines(count, django_assert_num_queries):
    staff, decision = _signed(*[_person(f"Người Thứ {i}") for i in range(count)])
    first, second, *rest = _lines(decision)
    correction = _amend(
        decision,
        Decision.Purpose.CORRECTION,
        [first],
        staff=staff,
        day=date(2025, 3, 20),
        corrections={first.pk: {"description": "Phó Chủ tịch UBND xã"}},
    )
    _amend(decision, Decision.Purpose.REVOCATION, [second], staff=staff, day=date(2025, 4, 1))
    _amend(
        correction, Decision.Purpose.REVOCATION, list(correction.recipients.all()), staff=staff, day=date(2025, 4, 2)
    )
    # the lines, then their signed successors step by step: corrections and revocations, the correction's
    # revocation, and the step that finds nothing more
    with django_assert_num_queries(4):
        states = line_states(decision)
    assert states == {line.pk: line_state(line) for line in _lines(decision)}
    assert [states[line.pk][0] for line in (first, second, *rest)] == [REVOKED, REVOKED] + [HOLDS] * len(rest)
    assert CORRECTED not in {state for state, _current, _by in states.values()}
    assert [d.purpose for d in states[first.pk][2]] == [Decision.Purpose.CORRECTION, Decision.Purpose.REVOCATION]


@pytest.mark.parametrize("count", [5, 9])
def test_the_decision_page_shows_a_page_of_lines_numbered_in_their_group_in_constant_queries(
    count, client, settings, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(selectors, "DECISION_PAGE_LINES", 2)
    staff, decision = _signed(*[_person(f"Người Thứ {i}") for i in range(count)])
    client.force_login(staff)
    url = reverse("awards:decision_detail", args=[decision.pk])
    client.get(url)
    write_cache.changed()  # the lines' summary read again, as after any write (kept until one otherwise)
    with django_assert_num_queries(12):  # whatever the number of lines: a page of them, their states, the total
        response = client.get(url, {"page": 2})
    html = response.content.decode()
    assert html.count('data-testid="recipient"') == 2
    # page 2 holds the third and fourth individuals, numbered in their group
    assert [(line.recipient_kind, line.tt) for _h, lines in response.context["groups"] for line in lines] == [
        ("individual", 3),
        ("individual", 4),
    ]
    assert response.context["groups"][0][0] == f"I. CÁ NHÂN ({count})"
    assert f"Dòng 3–4 trong {count} dòng" in html
