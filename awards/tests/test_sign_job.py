"""Signing a decision in the background: the request queues one job, the job signs every line in bulk."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import AwardRecord, Decision, DecisionRecipient, DossierEvent, Nomination
from awards.services import decision_create_draft, decision_sign, decision_update
from awards.tests.council_factories import ready_nomination
from awards.tests.factories import DossierFactory, award
from awards.tests.helpers import run_sign_jobs
from thiduakt.models import Job
from thiduakt.services import job_run

pytestmark = pytest.mark.django_db

S = Nomination.Status


def _draft(world, lines: int) -> Decision:
    staff = world.user("staff")
    dossier = DossierFactory(year=2024)
    nominees = [ready_nomination("BKT", status=S.READY_FOR_DECISION, dossier=dossier) for _ in range(lines)]
    decision = decision_create_draft(award=award("BKT"), nominations=nominees, by=staff)
    decision_update(decision=decision, by=staff, signer_name="Nguyễn Văn Thắng")
    return decision


def _staff_client(world) -> Client:
    client = Client()
    client.force_login(world.user("staff"))
    client.get("/")  # the session's first stamp (thiduakt.sessions), not counted below
    return client


def _sign(client, decision, day="2025-07-01"):
    return client.post(reverse("awards:decision_sign", args=[decision.pk]), {"decision_date": day})


@pytest.mark.parametrize("lines", [1, 40])
def test_the_sign_request_does_the_same_few_queries_whatever_the_size(world, lines, django_assert_num_queries):
    decision = _draft(world, lines)
    client = _staff_client(world)
    # session, user, the decision (list scope) | savepoint, the decision locked, an active signing job,
    # a line exists, the requester's identical job, savepoint, insert job, release, release.
    with django_assert_num_queries(12):
        response = _sign(client, decision)
    assert response.status_code == 302 and response.url == reverse("awards:decision_detail", args=[decision.pk])
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DRAFT and not AwardRecord.objects.exists()
    [job] = Job.objects.filter(kind="awards.decision_sign")
    params = (job.params["decision_id"], job.params["decision_date"])
    assert (job.status, *params) == ("waiting", decision.pk, "2025-07-01")


def test_the_job_signs_every_line_with_its_history_and_the_nominees_decided(world):
    decision = _draft(world, 5)
    client = _staff_client(world)
    _sign(client, decision)
    page = client.get(reverse("awards:decision_detail", args=[decision.pk])).content.decode()
    assert "Đang ký ban hành trong nền (0%)" in page and 'data-testid="sign-decision"' not in page
    [job] = run_sign_jobs()
    assert (job.status, job.progress) == (Job.Status.DONE, 100)
    decision.refresh_from_db()
    assert (decision.status, decision.number_display) == (Decision.Status.SIGNED, "01/QĐ-UBND")
    records = AwardRecord.objects.filter(decision_number="01/QĐ-UBND")
    assert records.count() == 5
    assert sorted(records.values_list("register_number", flat=True)) == [1, 2, 3, 4, 5]
    assert AwardRecord.history.filter(history_change_reason="QĐ 01/QĐ-UBND", history_type="+").count() == 5
    assert DecisionRecipient.objects.filter(decision=decision, award_record__isnull=False).count() == 5
    assert set(DecisionRecipient.objects.filter(decision=decision).values_list("reward_amount", flat=True)) == {
        3_510_000
    }
    nominations = Nomination.objects.filter(decision_recipients__decision=decision)
    assert set(nominations.values_list("status", flat=True)) == {S.DECIDED}
    action = "Có Quyết định khen thưởng số 01/QĐ-UBND"
    assert Nomination.history.filter(history_change_reason=action, status=S.DECIDED).count() == 5
    events = DossierEvent.objects.filter(action=action, from_status=S.READY_FOR_DECISION, to_status=S.DECIDED)
    assert events.count() == 5 and {e.by for e in events} == {world.user("staff")}
    page = client.get(reverse("awards:decision_detail", args=[decision.pk])).content.decode()
    assert "Quyết định số 01/QĐ-UBND" in page and 'data-testid="sign-job"' not in page


@pytest.mark.parametrize("lines", [3, 30])
def test_the_job_writes_in_bulk_the_same_queries_whatever_the_size(world, lines):
    decision = _draft(world, lines)
    _sign(_staff_client(world), decision)
    job = Job.objects.get(kind="awards.decision_sign")
    with CaptureQueriesContext(connection) as queries:
        assert job_run(job_id=job.pk).status == Job.Status.DONE
    assert AwardRecord.objects.count() == lines
    # Ten times the lines, the same statements: one INSERT per table and batch, never one per line; and the
    # five steps of its progress (here in the test's transaction; in a worker on a connection of their own).
    assert len(queries) == 59, "\n".join(q["sql"][:120] for q in queries.captured_queries)


def test_a_second_sign_request_while_the_job_waits_is_told_and_queues_nothing(world):
    decision = _draft(world, 2)
    client = _staff_client(world)
    _sign(client, decision)
    other = Client()
    other.force_login(world.user("admin"))
    for answer in (_sign(client, decision, "2025-07-02"), _sign(other, decision)):
        told = [str(m) for m in answer.wsgi_request._messages][-1]  # after the first one's, not yet read
        assert told == "Quyết định đang được ký trong nền; hãy chờ kết quả trên trang này."
    assert Job.objects.filter(kind="awards.decision_sign").count() == 1
    run_sign_jobs()
    late = _sign(client, decision, "2025-07-02")
    assert [str(m) for m in late.wsgi_request._messages][-1] == "Quyết định đã được ký số 01/QĐ-UBND."
    assert Job.objects.filter(kind="awards.decision_sign").count() == 1


def test_a_failed_signing_leaves_the_draft_unsigned_with_the_reason_shown(world):
    decision = _draft(world, 3)
    client = _staff_client(world)
    _sign(client, decision)
    moved = Nomination.objects.filter(decision_recipients__decision=decision).order_by("pk").last()
    Nomination.objects.filter(pk=moved.pk).update(status=S.WITHDRAWN)  # meanwhile, before the worker runs
    [job] = run_sign_jobs()
    reason = f"{moved.nominee_name} không còn ở trạng thái chờ quyết định (Rút đề nghị)."
    assert (job.status, job.message) == (Job.Status.FAILED, reason)
    decision.refresh_from_db()
    assert (decision.status, decision.number) == (Decision.Status.DRAFT, None)
    assert not AwardRecord.objects.exists() and not AwardRecord.history.exists()
    assert not Nomination.objects.filter(status=S.DECIDED).exists()
    assert not DossierEvent.objects.filter(to_status=S.DECIDED).exists()
    assert not DecisionRecipient.objects.filter(decision=decision, award_record__isnull=False).exists()
    page = client.get(reverse("awards:decision_detail", args=[decision.pk])).content.decode()
    assert f"Lần ký trước không thành công, quyết định vẫn là dự thảo: {reason}" in page
    assert 'data-testid="sign-decision"' in page  # it may be signed again once put right


def test_a_signing_date_after_today_is_refused_at_once_and_queues_nothing(world):
    decision = _draft(world, 1)
    answer = _sign(_staff_client(world), decision, "2099-01-01")
    assert len(list(answer.wsgi_request._messages)) == 1
    assert not Job.objects.exists() and Decision.objects.get(pk=decision.pk).is_draft
    assert date(2099, 1, 1) > date.today()


def test_the_signing_tells_its_progress_step_by_step(world):
    decision = _draft(world, 3)
    heard = []
    decision_sign(
        decision=decision,
        by=world.user("staff"),
        decision_date=date(2025, 7, 1),
        progress=lambda percent, message: heard.append((percent, message)),
    )
    decision.refresh_from_db()
    assert [percent for percent, _message in heard] == [15, 35, 55, 75, 90]
    assert heard[0][1] == f"Đã cấp số quyết định {decision.number_display}; đang ghi 3 đối tượng"
    assert heard[1][1] == "Đã ghi 3 khen thưởng vào lịch sử khen thưởng"
