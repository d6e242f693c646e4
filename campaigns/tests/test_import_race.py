"""Two confirmations of one campaign import at the same moment, over real HTTP: written once, no 500."""

import re
import threading
import urllib.parse
import urllib.request

import pytest
from django.test import Client
from django.urls import reverse

from campaigns.models import Campaign, CampaignEvent
from campaigns.tests.test_imports import _good_campaign_rows, _upload, _xlsx


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _post(url: str, cookies: str, fields: dict) -> int:
    request = urllib.request.Request(  # noqa: S310 -- the test's own live server, http only
        url,
        data=urllib.parse.urlencode(fields).encode(),
        headers={"Cookie": cookies, "Referer": url, "Content-Type": "application/x-www-form-urlencoded"},
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as exc:  # 302 (not followed), or an error page
        return exc.code


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_confirmations_at_once_write_the_rows_once(world, live_server, attempt):
    rows = _good_campaign_rows()
    rows[1][4], rows[2][4] = "04/KH-UBND", "05/KH-UBND"  # document numbers: a second write would collide
    rows[1][5] = rows[2][5] = "13/01/2021"
    client = Client()
    client.force_login(world.user("staff"))
    url = reverse("campaigns:import")
    preview = _upload(client, url, _xlsx(rows))
    token = preview.context["token"]
    page = client.get(url)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    cookies = f"sessionid={client.cookies['sessionid'].value}; csrftoken={client.cookies['csrftoken'].value}"

    barrier = threading.Barrier(2)
    statuses = []

    def confirm():
        barrier.wait()
        statuses.append(_post(live_server.url + url, cookies, {"token": token, "csrfmiddlewaretoken": csrf}))

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) in ([200, 302], [302, 302])  # the one that was late: told, never a 500
    assert sorted(Campaign.objects.values_list("document_number", flat=True)) == ["04/KH-UBND", "05/KH-UBND"]
    assert CampaignEvent.objects.count() == 2
