"""Numbering under concurrency: 20 decisions signed at once get 20 consecutive numbers.

On PostgreSQL by row locks; on SQLite (the embedded default) by its one writer at a time (IMMEDIATE
transactions and a busy timeout): every signing gets its answer, none is left unsigned.
"""

import threading
from datetime import date

import pytest
from django.db import connections

from awards.models import BallotBox, BallotReceipt, Decision, DecisionCounter, Nomination
from awards.services import (
    AGREE,
    agenda_add,
    ballot_cast,
    decision_create_draft,
    decision_sign,
    decision_update,
    meeting_open_ballot,
)
from awards.tests.council_factories import council, ensure_catalogue, meeting_for, ready_nomination
from awards.tests.factories import award
from thiduakt.services import DomainError
from thiduakt.tests.factories import StaffFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
]

SIGNERS = 20


def test_twenty_decisions_signed_in_parallel_get_twenty_consecutive_numbers():
    ensure_catalogue()
    staff = StaffFactory()
    drafts = []
    for _ in range(SIGNERS):
        nominee = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
        decision = decision_create_draft(award=award("BKT"), nominations=[nominee], by=staff)
        decision_update(decision=decision, by=staff, signer_name="Nguyễn Văn Thắng")
        drafts.append(decision)
    barrier = threading.Barrier(SIGNERS)
    errors = []

    def sign(decision):
        try:
            barrier.wait()
            decision_sign(decision=decision, by=staff, decision_date=date(2025, 9, 2))
        except Exception as exc:  # collected and asserted below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Decision.objects.filter(year=2025).values_list("number", flat=True))
    assert numbers == list(range(1, SIGNERS + 1))
    displays = set(Decision.objects.values_list("number_display", flat=True))
    assert len(displays) == SIGNERS and "01/QĐ-UBND" in displays and "20/QĐ-UBND" in displays
    assert DecisionCounter.objects.get(issuer_code="UBND", doc_kind="QĐ", year=2025).last_number == SIGNERS


def test_two_signings_entering_the_same_register_number_at_once_one_wins_the_other_is_told():
    """The văn thư's number typed on two drafts signed at once: one takes it, the other is refused in
    Vietnamese (no 500, nothing of it written)."""
    ensure_catalogue()
    staff = StaffFactory()
    drafts = []
    for _ in range(2):
        nominee = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
        decision = decision_create_draft(award=award("BKT"), nominations=[nominee], by=staff)
        decision_update(decision=decision, by=staff, signer_name="Nguyễn Văn Thắng")
        drafts.append(decision)
    barrier = threading.Barrier(2)
    outcomes = []

    def sign(decision):
        try:
            barrier.wait()
            decision_sign(decision=decision, by=staff, decision_date=date(2025, 9, 2), register_number="12/QĐ-UBND")
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append(str(exc))
        except Exception as exc:  # collected and asserted below
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[1] == "ok"
    assert sorted(outcomes)[0].startswith("Số 12/QĐ-UBND năm 2025 đã là số của quyết định ngày 02/09/2025")
    assert list(Decision.objects.filter(year=2025).values_list("number", flat=True)) == [12]
    assert Decision.objects.filter(status=Decision.Status.DRAFT).count() == 1
    assert DecisionCounter.objects.get(issuer_code="UBND", doc_kind="QĐ", year=2025).last_number == 12


def test_double_submit_of_a_ballot_in_parallel_counts_once():

    ensure_catalogue()
    staff = StaffFactory()
    term, members = council(3)
    meeting = meeting_for(term, by=staff)
    agenda_add(meeting=meeting, nominations=[ready_nomination("CSTDT")], by=staff)
    meeting_open_ballot(meeting=meeting, by=staff)
    item = meeting.items.get()
    barrier = threading.Barrier(2)
    outcomes = []

    def vote():
        try:
            barrier.wait()
            ballot_cast(meeting=meeting, user=members[0].user, choices={item.pk: AGREE})
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append(str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[1] == "ok" and "một lần" in sorted(outcomes)[0]
    assert BallotReceipt.objects.filter(item=item).count() == 1
    assert BallotBox.objects.get(item=item).agree == 1
