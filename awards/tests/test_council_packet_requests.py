"""Issue 17: a council member posting the meeting packet 30 times queues one job, not 30."""

import pytest
from django.test import Client
from django.urls import reverse

from awards.models import Meeting
from awards.services import agenda_add
from awards.tests.council_factories import council, meeting_for, ready_nomination
from thiduakt.models import Job
from thiduakt.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_thirty_posts_of_the_same_packet_by_a_council_member_give_one_job():
    staff = StaffFactory()
    term, members = council(3)
    meeting = meeting_for(term, by=staff)
    agenda_add(meeting=meeting, nominations=[ready_nomination("CSTDT")], by=staff)
    # members read a meeting once its ballot is open (the opening itself is tested elsewhere)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.VOTING)
    client = Client()
    client.force_login(members[2].user)
    url = reverse("awards:meeting_packet", args=[meeting.pk])
    answers = [client.post(url) for _ in range(30)]
    job = Job.objects.get()
    assert (job.kind, job.requested_by, job.params) == (
        "awards.meeting_packet",
        members[2].user,
        {"meeting_id": meeting.pk},
    )
    assert {(a.status_code, a.url) for a in answers} == {(302, reverse("job_detail", args=[job.public_id]))}
    # once that job has finished, asking again is new work
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE)
    client.post(url)
    assert Job.objects.count() == 2
