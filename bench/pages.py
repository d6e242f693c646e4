"""Every staff page and every big write at a province's scale: queries, median time, ratio to a floor (issue 18).

    DATABASE_URL=postgres://…/thiduakt_bench .venv/bin/python bench/pages.py [--repeat 3] [--only TEXT]

Run after ``manage.py seed_demo`` and ``manage.py seed_bulk --years 4``. The first run builds, once, the
province-scale objects (found again by their "BENCH" marks and kept): a campaign with about 800 participants
and 2,100 progress reports, a council meeting voting on 200 nominees, a draft decision of 25,000 lines, and the
nominees the writes below take (25,000 for a second draft, 200 for a second agenda), all in year 2026.

Pages: the table of issue 18, then every GET URL the access matrix lists (``<app>/tests/access*.py``, their
rows built inside a transaction that is rolled back) with 200 for staff (or for anonymous visitors), the big
objects put in place of the small ones where the page still answers 200 with them. Each page goes through
the full middleware stack (Django's test client, ``bench/urls.py``'s trivial view), its median of
``--repeat`` (≥ 3) against the same client's trivial view asked between its requests: anonymous pages
against an anonymous trivial view, signed-in pages against a signed-in one of the same user. Target ≤ 30×.

Writes, each repetition in a transaction rolled back (nothing stays): the service or request, then its bulk
floor, the same rows written with ``bulk_create`` and their history rows, interleaved. Targets: write ≤ 3×
its floor, the sign job ≤ 2×, the sign request < 1 s. The load average is printed at the start and the end.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduakt.settings")
# Files the access rows write (attachments, stored PDFs) go to a scratch folder, removed at the end.
SCRATCH = tempfile.TemporaryDirectory(prefix="bench-pages-")
os.environ["THIDUAKT_PRIVATE_ROOT"] = SCRATCH.name

MARK = "BENCH"
YEAR = 2026
PARTICIPANTS, DUES, REPORTED = 801, 3, 712  # 712 units × 3 dues = 2,136 reports
AGENDA, LINES = 200, 25_000
PAGE_TARGET, WRITE_TARGET, JOB_TARGET, REQUEST_TARGET_S = 30.0, 3.0, 2.0, 1.0
# Access-matrix pages that take a campaign, a meeting or a decision: the big one is tried in their place.
CAMPAIGN_PAGES = {"detail", "edit", "setup", "participants", "progress", "reviews", "campaign_export"}
MEETING_PAGES = {"meeting_detail", "meeting_attendance", "meeting_results", "meeting_packet", "meeting_minutes",
                 "meeting_paper", "meeting_room", "meeting_agenda_add"}  # fmt: skip
DECISION_PAGES = {"decision_detail", "decision_edit", "decision_payments_xlsx", "decision_payments_pdf",
                  "decision_amend", "decision_sign", "decision_docx", "decision_download"}  # fmt: skip


# ---------------------------------------------------------------------------
# The province-scale objects, built once
# ---------------------------------------------------------------------------


def build(staff):
    """The big objects, found by their marks or written in bulk (idempotent). Returns them by name."""
    from django.db import transaction  # noqa: PLC0415 -- Django is set up only in main()
    from django.utils import timezone  # noqa: PLC0415 -- Django is set up only in main()

    from awards.models import Award, CouncilMember, CouncilTerm, Decision, Dossier, Meeting, Nomination  # noqa: PLC0415 -- Django is set up only in main()
    from awards.services import agenda_add, decision_create_draft, decision_update, meeting_create, meeting_open_ballot  # noqa: PLC0415 -- Django is set up only in main()
    from campaigns.models import Campaign, Criterion, Participant, ProgressReport, Registration, ReportDue, ReportValue  # noqa: PLC0415 -- Django is set up only in main()
    from thiduakt.models import OrgUnit, Person, User  # noqa: PLC0415 -- Django is set up only in main()
    from thiduakt.text import fold, vi_sort_key  # noqa: PLC0415 -- Django is set up only in main()

    started = time.perf_counter()
    today = timezone.localdate()
    units = list(OrgUnit.objects.filter(code__startswith="BULK.").exclude(kind="division").order_by("code"))
    people = list(Person.objects.filter(unit__code__startswith="BULK.").order_by("id").values_list("pk", "full_name"))
    bkt, cstdt = Award.objects.get(code="BKT"), Award.objects.get(code="CSTDT")

    with transaction.atomic():
        campaign = Campaign.objects.filter(name__startswith=MARK).first()
        if campaign is None:
            campaign = Campaign.objects.create(
                name=f"{MARK} Phong trào thi đua cấp tỉnh năm {YEAR}",
                launcher=Campaign.Launcher.PROVINCIAL_CHAIR,
                kind=Campaign.Kind.REGULAR,
                document_number="999/KH-UBND",
                document_date=date(YEAR, 1, 5),
                start_date=date(YEAR, 1, 10),
                end_date=date(YEAR, 12, 31),
                report_frequency=Campaign.ReportFrequency.FIXED,
                status=Campaign.Status.IN_PROGRESS,
                created_by=staff,
            )
            Criterion.objects.bulk_create(
                Criterion(campaign=campaign, position=i, indicator=f"Chỉ tiêu {i}", unit_of_measure="%",
                          target=90, weight=50)
                for i in (1, 2)
            )  # fmt: skip
            ReportDue.objects.bulk_create(
                ReportDue(campaign=campaign, due_on=date(YEAR, 3 * i + 3, 15), label=f"Quý {i + 1}")
                for i in range(DUES)
            )
        # Topped up to its size (an earlier build may have taken fewer units).
        criteria, dues = list(campaign.criteria.all()), list(campaign.dues.all())
        chosen = list(OrgUnit.objects.order_by("code")[:PARTICIPANTS])
        taken = set(campaign.participants.values_list("unit_id", flat=True))
        added = [u for u in chosen if u.pk not in taken]
        Participant.objects.bulk_create(Participant(campaign=campaign, unit=u) for u in added)
        Registration.objects.bulk_create(
            Registration(campaign=campaign, unit=u, status=Registration.Status.APPROVED, submitted_at=timezone.now())
            for u in added
        )
        reported = set(campaign.reports.values_list("due_id", "unit_id"))
        reports = ProgressReport.objects.bulk_create(
            ProgressReport(campaign=campaign, due=due, unit=u, status=ProgressReport.Status.SUBMITTED,
                           narrative="Hoàn thành kế hoạch.", submitted_at=timezone.now(), submitted_by=staff)
            for due in dues for u in chosen[:REPORTED] if (due.pk, u.pk) not in reported
        )  # fmt: skip
        ReportValue.objects.bulk_create(
            (ReportValue(report=r, criterion=c, value=80 + (r.pk % 20)) for r in reports for c in criteria),
            batch_size=2000,
        )

        dossiers = list(Dossier.objects.filter(title__startswith=MARK).order_by("id"))
        if not dossiers:
            Dossier.objects.bulk_create(
                Dossier(unit=unit, round_kind="yearly", year=YEAR, title=f"{MARK} hồ sơ {i + 1} của {unit.name}",
                        status="appraised", round_number=1, received_on=date(YEAR, 2, 1),
                        first_received_on=date(YEAR, 2, 1), complete_on=date(YEAR, 2, 2), due_on=date(YEAR, 3, 2),
                        submitted_at=timezone.now(), search_text=fold(f"{MARK} hồ sơ {unit.name}")[:600])
                for i, unit in enumerate(units[:50])
            )  # fmt: skip
            dossiers = list(Dossier.objects.filter(title__startswith=MARK).order_by("id"))

            def nominee(index, person, award, status, household=""):
                name = household or person[1]
                return Nomination(
                    dossier=dossiers[index % len(dossiers)],
                    nominee_kind="household" if household else "individual",
                    person_id=None if household else person[0],
                    household_name=household,
                    award=award,
                    year=YEAR,
                    summary=f"{MARK}: hoàn thành xuất sắc nhiệm vụ được giao.",
                    status=status,
                    nominee_name=name,
                    search_text=fold(name),
                    sort_key=vi_sort_key(name),
                    disclosure_opens_on=date(YEAR, 2, 15),
                    disclosure_closes_on=date(YEAR, 3, 1),
                )

            S = Nomination.Status
            rows = [nominee(i, people[i], bkt, S.READY_FOR_DECISION) for i in range(LINES)]  # the decision
            rows += [nominee(i, people[LINES + i], bkt, S.READY_FOR_DECISION) for i in range(len(people) - LINES)]
            rows += [nominee(i, None, bkt, S.READY_FOR_DECISION, f"Hộ gia đình {MARK} {i}")
                     for i in range(2 * LINES - len(people))]  # fmt: skip  # the second draft
            rows += [nominee(i, people[i], cstdt, S.READY_FOR_COUNCIL) for i in range(2 * AGENDA)]  # two agendas
            Nomination.objects.bulk_create(rows, batch_size=2000)

        term = CouncilTerm.objects.filter(name__startswith=MARK).first()
        if term is None:
            term = CouncilTerm.objects.create(
                name=f"{MARK} Hội đồng Thi đua - Khen thưởng tỉnh", valid_from=date(YEAR, 1, 1)
            )
            for index in range(5):
                user, _ = User.objects.get_or_create(
                    username=f"bench_hoidong{index + 1}",
                    defaults={"is_council_member": True, "first_name": f"Thành viên {index + 1}"},
                )
                role = ["chair", "secretary", "member", "member", "member"][index]
                CouncilMember.objects.create(term=term, user=user, role=role, order=index)
        mine = Nomination.objects.filter(dossier__title__startswith=MARK)
        meeting = Meeting.objects.filter(term=term, title__startswith=MARK, status=Meeting.Status.VOTING).first()
        if meeting is None:
            meeting = meeting_create(term=term, title=f"{MARK} phiên họp {AGENDA} đối tượng", date=today,
                                     kind=Meeting.Kind.REGULAR, by=staff)  # fmt: skip
            council = list(mine.filter(award=cstdt).order_by("id")[:AGENDA])
            agenda_add(meeting=meeting, nominations=council, by=staff)
            meeting_open_ballot(meeting=meeting, by=staff)
        decision = Decision.objects.filter(subject__startswith=MARK, status=Decision.Status.DRAFT).first()
        if decision is None:
            first = list(mine.filter(award=bkt).order_by("id")[:LINES])
            decision = decision_create_draft(award=bkt, nominations=first, by=staff)
            decision_update(decision=decision, by=staff, signer_name="Nguyễn Văn Thắng",
                            subject=f"{MARK} Về việc tặng Bằng khen của Chủ tịch UBND tỉnh")  # fmt: skip
    in_draft = Nomination.objects.filter(decision_recipients__decision=decision).values("pk")
    second_draft = list(mine.filter(award=bkt).exclude(pk__in=in_draft).order_by("id"))
    second_agenda = list(mine.filter(award=cstdt, status=Nomination.Status.READY_FOR_COUNCIL).order_by("id"))
    member = CouncilMember.objects.filter(term=term).order_by("order")[2].user
    print(f"big objects ready in {time.perf_counter() - started:.1f} s: campaign {campaign.pk} "
          f"({campaign.participants.count()} participants, {campaign.reports.count()} reports), meeting {meeting.pk} "
          f"({meeting.items.count()} items), decision {decision.pk} ({decision.recipients.count()} lines); "
          f"{len(second_draft)} nominees for a second draft, {len(second_agenda)} for a second agenda")  # fmt: skip
    return {
        "campaign": campaign,
        "meeting": meeting,
        "decision": decision,
        "term": term,
        "member": member,
        "second_draft": second_draft,
        "second_agenda": second_agenda,
        "bkt": bkt,
    }


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


class Pages:
    def __init__(self, repeat: int):
        self.repeat = repeat
        self.rows = []

    @staticmethod
    def once(client, url):
        from django.db import transaction  # noqa: PLC0415 -- Django is set up only in main()

        with transaction.atomic():  # a savepoint: a page that fails leaves the outer transaction usable
            started = time.perf_counter()
            response = client.get(url)
            return time.perf_counter() - started, response.status_code

    def queries(self, client, url, before=None) -> int:
        from django.db import connection, transaction  # noqa: PLC0415 -- Django is set up only in main()
        from django.test.utils import CaptureQueriesContext  # noqa: PLC0415 -- Django is set up only in main()

        if before is not None:
            before()

        with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
            client.get(url)
        return len(ctx.captured_queries)

    @staticmethod
    def status(client, url) -> int:
        try:
            return Pages.once(client, url)[1]
        except Exception:
            return 500

    def measure(self, label, who, client, url, before=None):
        """``before()``, if given, runs (untimed) before each request of the page: e.g. a write elsewhere."""
        self.once(client, url)  # warm
        times, floors = [], []
        for _ in range(self.repeat):
            floors.append(self.once(client, "/bench/trivial/")[0])
            if before is not None:
                before()
            elapsed, code = self.once(client, url)
            times.append(elapsed)
        subject, floor = statistics.median(times), statistics.median(floors)
        row = (label, who, url, code, self.queries(client, url, before), subject, floor, subject / floor)
        self.rows.append(row)
        flag = "" if row[7] <= PAGE_TARGET else "  OVER"
        flag += "" if code == 200 else f"  (answered {code})"
        print(f"{label[:44]:44} {who:9} {row[4]:>4} {subject * 1000:9.1f} {floor * 1000:6.1f} {row[7]:7.1f}×"
              f"  ≤{PAGE_TARGET:.0f}×{flag}  {url}", flush=True)  # fmt: skip


def matrix_urls(world, big, staff_client, anon):
    """(label, who, url) of every GET the access matrix gives staff (or anonymous visitors) 200 for, with the
    big objects put in where the page answers 200 with them. Runs inside the caller's transaction."""
    import importlib  # noqa: PLC0415 -- only here

    from django.conf import settings  # noqa: PLC0415 -- Django is set up only in main()
    from django.urls import resolve, reverse  # noqa: PLC0415 -- Django is set up only in main()

    from thiduakt.tests.test_access_matrix import APPS  # noqa: PLC0415 -- the matrix's own list of apps

    rows = []
    for app in APPS:
        for path in sorted((Path(settings.BASE_DIR) / app / "tests").glob("access*.py")):
            rows.extend(importlib.import_module(f"{app}.tests.{path.stem}").rows(world))
    seen, out = set(), []
    for r in rows:
        if r.method != "get" or r.data:
            continue
        for who, client in (("staff", staff_client), ("anonymous", anon)):
            role = "staff" if who == "staff" else "anon"
            if r.expect[role] != 200:
                continue
            url = r.url
            match = resolve(url.split("?")[0])
            short = match.url_name
            big_object = None
            if match.namespace == "campaigns" and short in CAMPAIGN_PAGES:
                big_object = big["campaign"]
            elif match.namespace == "awards" and short in MEETING_PAGES:
                big_object = big["meeting"]
            elif match.namespace == "awards" and short in DECISION_PAGES:
                big_object = big["decision"]
            if big_object is not None and set(match.kwargs) >= {"pk"}:
                kwargs = {**match.kwargs, "pk": big_object.pk}
                candidate = reverse(f"{match.namespace}:{short}", kwargs=kwargs)
                if "?" in url:
                    candidate += "?" + url.split("?", 1)[1]
                if Pages.status(client, candidate) == 200:
                    url = candidate
            if (who, url) in seen:
                continue
            seen.add((who, url))
            out.append((f"{r.name}{' (big)' if url != r.url else ''}", who, client, url))
    return out


# ---------------------------------------------------------------------------
# Writes
# ---------------------------------------------------------------------------


def rolled_back(func):
    """Run ``func`` in a transaction rolled back; its time and its queries."""
    from django.db import connection, transaction  # noqa: PLC0415 -- Django is set up only in main()
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415 -- Django is set up only in main()

    with transaction.atomic():
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            extra = func()
            elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed, len(ctx.captured_queries), extra


def writes(big, staff, staff_client, member_user, repeat, only):
    from django.urls import reverse  # noqa: PLC0415 -- Django is set up only in main()
    from django.utils import timezone  # noqa: PLC0415 -- Django is set up only in main()

    from awards.models import (  # noqa: PLC0415 -- Django is set up only in main()
        AgendaItem,
        AwardRecord,
        BallotBox,
        BallotReceipt,
        DecisionRecipient,
        DossierEvent,
        Meeting,
        Nomination,
    )
    from awards.services import AGREE, agenda_add, ballot_cast, decision_create_draft, meeting_create  # noqa: PLC0415 -- Django is set up only in main()
    from thiduakt.models import Job  # noqa: PLC0415 -- Django is set up only in main()
    from thiduakt.services import job_run  # noqa: PLC0415 -- Django is set up only in main()

    meeting, decision, term = big["meeting"], big["decision"], big["term"]
    S = Nomination.Status

    def move_floor(nominations, status, reason):
        """The nominees' move as a floor writes it: one UPDATE, their history rows, their events."""
        for n in nominations:
            n.status = status
        Nomination.objects.filter(pk__in=[n.pk for n in nominations]).update(status=status)
        Nomination.history.bulk_history_create(nominations, default_user=staff, default_change_reason=reason,
                                               batch_size=1000)  # fmt: skip
        DossierEvent.objects.bulk_create(
            (DossierEvent(dossier_id=n.dossier_id, nomination=n, round_number=1, by=staff, action=reason,
                          from_status=S.READY_FOR_DECISION, to_status=status) for n in nominations),
            batch_size=1000,
        )  # fmt: skip

    # --- add 200 nominees to an agenda
    def new_meeting():
        return meeting_create(term=term, title=f"{MARK} phiên họp thêm", date=timezone.localdate(),
                              kind=Meeting.Kind.REGULAR, by=staff)  # fmt: skip

    def agenda_subject():
        m = new_meeting()
        agenda_add(meeting=m, nominations=big["second_agenda"], by=staff)

    def agenda_floor():
        m = new_meeting()
        chosen = list(Nomination.objects.filter(pk__in=[n.pk for n in big["second_agenda"]]).select_related("award"))
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=m, nomination=n, order=i, threshold_percent=50) for i, n in enumerate(chosen, 1)
        )
        move_floor(chosen, S.ON_AGENDA, "Đưa vào phiên họp")

    # --- one member's ballot on 200 items
    items = list(meeting.items.values_list("pk", flat=True))
    seat = term.members.get(user=member_user)

    def ballot_subject():
        ballot_cast(meeting=meeting, user=member_user, choices=dict.fromkeys(items, AGREE))

    def ballot_floor():
        BallotReceipt.objects.bulk_create(BallotReceipt(item_id=i, member=seat, channel="online") for i in items)
        BallotBox.objects.filter(item_id__in=items).update(agree=1)

    # --- draft a decision of 25,000 lines
    def draft_subject():
        decision_create_draft(award=big["bkt"], nominations=big["second_draft"], by=staff)

    def draft_floor():
        from awards.models import Decision  # noqa: PLC0415 -- Django is set up only in main()

        chosen = Nomination.objects.filter(pk__in=[n.pk for n in big["second_draft"]]).select_related(
            "award", "dossier__unit", "person__unit", "unit"
        )
        d = Decision.objects.create(award=big["bkt"], subject="Floor", created_by=staff)
        DecisionRecipient.objects.bulk_create(
            (DecisionRecipient(decision=d, nomination=n, recipient_kind=n.nominee_kind, person=n.person,
                               unit=n.unit, household_name=n.household_name, recipient_name=n.nominee_name,
                               description=n.dossier.unit.name, year=n.year, coefficient=1)
             for n in chosen),
            batch_size=2000,
        )  # fmt: skip

    # --- sign a decision of 25,000 lines: the request, then the job inline
    sign_url = reverse("awards:decision_sign", args=[decision.pk])
    request_times = []

    def sign_subject():
        started = time.perf_counter()
        response = staff_client.post(sign_url, {"decision_date": timezone.localdate().isoformat()})
        request_times.append(time.perf_counter() - started)
        assert response.status_code == 302, response.status_code
        job = Job.objects.get(kind="awards.decision_sign", params__decision_id=decision.pk, status="waiting")
        started = time.perf_counter()
        done = job_run(job_id=job.pk)
        job_time = time.perf_counter() - started
        assert done.status == Job.Status.DONE, (done.status, done.error)
        return job_time

    def sign_floor():
        lines = list(decision.recipients.select_related("nomination"))
        records = AwardRecord.objects.bulk_create(
            (AwardRecord(recipient_kind=r.recipient_kind, person_id=r.person_id, unit_id=r.unit_id,
                         household_name=r.household_name, award=big["bkt"], year=r.year, decision_number="1/QĐ-UBND",
                         decision_date=timezone.localdate(), issuer="UBND tỉnh", source=AwardRecord.Source.DECIDED,
                         is_public=True, nomination_id=r.nomination_id, recipient_name=r.recipient_name,
                         recipient_unit_name=r.description, register_number=i)
             for i, r in enumerate(lines, 1)),
            batch_size=1000,
        )  # fmt: skip
        AwardRecord.history.bulk_history_create(records, default_user=staff, default_change_reason="QĐ 1",
                                                batch_size=1000)  # fmt: skip
        move_floor([r.nomination for r in lines], S.DECIDED, "Có Quyết định khen thưởng")

    paths = [
        (f"write: add {len(big['second_agenda'])} nominees to an agenda", agenda_subject, agenda_floor, WRITE_TARGET),
        (f"write: cast one member's ballot on {len(items)} items", ballot_subject, ballot_floor, WRITE_TARGET),
        (f"write: draft a decision of {len(big['second_draft'])} lines", draft_subject, draft_floor, WRITE_TARGET),
        (f"write: sign a decision of {decision.recipients.count()} lines", sign_subject, sign_floor, JOB_TARGET),
    ]
    print(f"\n{'write':44} {'SQL':>5} {'median s':>9} {'floor s':>8} {'floor SQL':>9} {'ratio':>7}  target")
    out = []
    for label, subject, floor, target in paths:
        if only and only not in label:
            continue
        times, floors = [], []
        for _ in range(repeat):
            elapsed, queries, extra = rolled_back(subject)
            times.append(extra if extra is not None else elapsed)
            floor_time, floor_queries, _ = rolled_back(floor)
            floors.append(floor_time)
        ours, theirs = statistics.median(times), statistics.median(floors)
        ratio = ours / theirs
        what = "sign job" if extra is not None else "write"
        flag = "" if ratio <= target else "  OVER"
        print(f"{label[:44]:44} {queries:>5} {ours:9.2f} {theirs:8.2f} {floor_queries:>9} {ratio:6.2f}×  "
              f"{what} ≤{target:.0f}×{flag}", flush=True)  # fmt: skip
        out.append((label, queries, ours, theirs, ratio, target))
        if extra is not None:
            request = statistics.median(request_times)
            flag = "" if request < REQUEST_TARGET_S else "  OVER"
            print(f"{'  the sign request alone':44} {'':>5} {request:9.3f} {'':>8} {'':>9} {'':>7}  "
                  f"< {REQUEST_TARGET_S:.0f} s{flag}")  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3, help="measurements per page or write (at least 3)")
    parser.add_argument("--only", default="", help="only the pages, URLs or writes whose label contains this")
    parser.add_argument("--no-pages", action="store_true")
    parser.add_argument("--no-writes", action="store_true")
    options = parser.parse_args()
    repeat = max(3, options.repeat)
    print(f"load average at the start: {Path('/proc/loadavg').read_text().strip()}")
    run_started = time.perf_counter()

    django.setup()
    from django.conf import settings  # noqa: PLC0415 -- Django is set up only in main()
    from django.db import connection, transaction  # noqa: PLC0415 -- Django is set up only in main()
    from django.db.models import F  # noqa: PLC0415 -- Django is set up only in main()
    from django.test import Client  # noqa: PLC0415 -- Django is set up only in main()

    settings.ROOT_URLCONF = "bench.urls"
    settings.DEBUG = False  # as in production
    settings.ALLOWED_HOSTS = ["*"]
    # Not ``setup_test_environment()``: it instruments every template render so that the test client can
    # copy each context (response.context), a cost production never pays, which made pages with many
    # templates look slower than they are. Mail stays in memory.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415 -- Django is set up only in main()

    from awards.jobs import packet_context  # noqa: PLC0415 -- Django is set up only in main()
    from awards.models import AwardRecord, Meeting  # noqa: PLC0415 -- Django is set up only in main()
    from thiduakt.models import User  # noqa: PLC0415 -- Django is set up only in main()
    from thiduakt.testing import World  # noqa: PLC0415 -- Django is set up only in main()

    print(f"{connection.vendor} {connection.settings_dict['NAME']}; award records: {AwardRecord.objects.count()}")
    staff = User.objects.get(username="staff")
    big = build(staff)

    def client_for(user):
        client = Client()
        if user is not None:
            client.force_login(user)
            client.get("/bench/trivial/")
        return client

    staff_client, anon, member = client_for(staff), client_for(None), client_for(big["member"])
    pages = Pages(repeat)
    campaign, meeting, decision = big["campaign"], big["meeting"], big["decision"]
    table = [
        ("campaign list", "staff", staff_client, "/phong-trao/"),
        (f"campaign participants ({PARTICIPANTS})", "staff", staff_client, f"/phong-trao/{campaign.pk}/don-vi/"),
        ("campaign progress grid", "staff", staff_client, f"/phong-trao/{campaign.pk}/tien-do/"),
        (f"council voting room, {AGENDA} nominees", "member", member, f"/khen-thuong/hoi-dong/{meeting.pk}/phong-hop/"),
        (f"meeting page, {AGENDA} nominees", "staff", staff_client, f"/khen-thuong/hoi-dong/{meeting.pk}/"),
        (f"decision detail, {LINES} awardees", "staff", staff_client, f"/khen-thuong/quyet-dinh/{decision.pk}/"),
        ("decision list", "staff", staff_client, "/khen-thuong/quyet-dinh/"),
        ("staff dashboard", "staff", staff_client, "/"),
    ]
    # The home page's figures are kept until any write (thiduakt.write_cache): also timed as the first
    # visit after one.
    from thiduakt import write_cache  # noqa: PLC0415 -- Django is set up only in main()

    # So are the figures of the campaign, council and decision pages (the roll-up, the progress figures, the
    # voting room's cards, the agenda's lines, the decision's summary): each also timed as the first visit
    # after a write, what a visitor gets while others are writing.
    after_a_write = [
        (f"{label}, first visit after a write", who, client, url)
        for label, who, client, url in table
        if label.startswith(("campaign participants", "campaign progress", "council voting", "meeting page",
                             "decision detail", "staff dashboard"))
    ]  # fmt: skip
    if not options.no_pages:
        print(f"\n{'page':44} {'who':9} {'SQL':>4} {'median ms':>9} {'triv':>6} {'ratio':>8}  target")
        for label, who, client, url in table:
            if options.only in label or options.only in url:
                pages.measure(label, who, client, url)
        for label, who, client, url in after_a_write:
            if options.only in label or options.only in url:
                pages.measure(label, who, client, url, before=write_cache.changed)
        # What a province writes most, between two visits: a notification to the visitor (its menu's badge
        # changes) and a background job's progress. A page whose figures were not read from those tables keeps
        # them; the menu is built again.
        from thiduakt.models import Job, Notification  # noqa: PLC0415 -- Django is set up only in main()

        job = Job.objects.create(kind=f"{MARK}.progress", requested_by=staff)
        recipients = {"staff": staff, "member": big["member"]}

        def elsewhere(who):
            def write():
                Notification.objects.create(recipient=recipients[who], title=f"{MARK} thông báo")
                Job.objects.filter(pk=job.pk).update(progress=F("progress") + 1)

            return write

        for label, who, client, url in table:
            label = f"{label}, after a notification and a job's progress"
            if options.only in label or options.only in url:
                pages.measure(label, who, client, url, before=elsewhere(who))
        Notification.objects.filter(title=f"{MARK} thông báo").delete()
        job.delete()
        if not options.only or options.only in "meeting packet context":
            m = Meeting.objects.select_related("term").get(pk=meeting.pk)
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as ctx:
                    packet_context(m)
                times.append(time.perf_counter() - started)
            print(f"{'meeting packet context (no PDF)':44} {'':9} {len(ctx.captured_queries):>4} "
                  f"{statistics.median(times) * 1000:9.1f}")  # fmt: skip
        print("\naccess matrix: every GET staff (or anonymous) get 200 for; (big): with the big object")
        with transaction.atomic():
            world = World()
            urls = matrix_urls(world, big, staff_client, anon)
            print(f"{len(urls)} URLs")
            for label, who, client, url in urls:
                if options.only in label or options.only in url:
                    try:
                        pages.measure(label, who, client, url)
                    except Exception as exc:
                        print(f"{label[:44]:44} {who:9} failed: {type(exc).__name__}: {exc}  {url}")
            transaction.set_rollback(True)
        over = [r for r in pages.rows if r[7] > PAGE_TARGET]
        print(f"\n{len(pages.rows)} pages, {len(over)} over {PAGE_TARGET:.0f}× the trivial view")
        for r in sorted(over, key=lambda r: -r[7]):
            print(f"  {r[7]:7.1f}×  {r[4]:>4} SQL  {r[0]} ({r[1]}) {r[2]}")
    if not options.no_writes:
        writes(big, staff, staff_client, big["member"], repeat, options.only)
    print(f"\nwhole run {time.perf_counter() - run_started:.0f} s; "
          f"load average at the end: {Path('/proc/loadavg').read_text().strip()}")  # fmt: skip
    SCRATCH.cleanup()


if __name__ == "__main__":
    main()
