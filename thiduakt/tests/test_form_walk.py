"""Every form of the product, posted as its users would mistype it.

The walk takes every page the access matrix lets a role open (``<app>/tests/access*.py``), finds
each form on it that posts, fills it as a user would — what the page proposes, a short text in
empty boxes — and sends it three times: with "72,5" in every number box, with 01/01/1900 in every
date box and with 31/12/2100 in every date box. Whatever the form is, the answer is never a
server error nor English, a decimal comma is never "not a number", a date out of any plausible
range is never stored, and no page offers a browser number box (which drops the comma).
"""

import re
from urllib.parse import urljoin

import lxml.html
import pytest
from django.db import transaction
from django.test import Client

from thiduakt.models import OrgUnit, Person
from thiduakt.tests.test_access_matrix import _all_rows

ROLES = ["staff", "donvi", "hoidong"]
ENGLISH = re.compile(
    r"is violated|This field is required|Enter a (valid|whole|number)|Ensure this value|already exists|"
    r"Select a valid choice|Traceback|IntegrityError|DataError|Server Error",
)
NOT_A_NUMBER = "Nhập một số, ví dụ 72,5"
SKIP_ACTIONS = ("/dang-xuat/", "/logout/", "/i18n/", "/admin/")
TEXT = "Kiểm tra nhập liệu"
PASSES = {"comma": ("72,5", None), "past": (None, "01/01/1900"), "future": (None, "31/12/2100")}


def _is_date(element) -> bool:
    return element.get("placeholder") == "dd/mm/yyyy" or element.get("type") == "date"


def _is_number(element) -> bool:
    return element.get("inputmode") in ("decimal", "numeric") and not _is_date(element)


def _fill(form, number: str | None, day: str | None) -> tuple[dict, bool, bool]:
    """The data a user would send; whether the form has number and date boxes."""
    data: dict[str, list[str]] = {}
    has_number = has_date = False
    for element in form.inputs:
        name = element.get("name")
        if not name:
            continue
        tag = element.tag
        kind = (element.get("type") or "text").lower()
        if tag == "input" and kind in ("submit", "button", "image", "reset", "file"):
            continue
        if tag == "input" and kind in ("checkbox", "radio"):
            if element.checked:
                data.setdefault(name, []).append(element.get("value", "on"))
            continue
        if tag == "select":
            options = element.xpath(".//option")
            chosen = [o.get("value", o.text or "") for o in options if o.get("selected") is not None]
            if not chosen:
                values = [o.get("value", o.text or "") for o in options]
                chosen = [next((v for v in values if v), "")] if values else []
            data.setdefault(name, []).extend(chosen if element.get("multiple") is None else chosen[:1])
            continue
        value = element.value if tag == "textarea" else element.get("value", "")
        if tag == "input" and _is_number(element):
            has_number = True
            value = number or value or "1"
        elif tag == "input" and _is_date(element):
            has_date = True
            value = day or value or "02/09/2025"
        elif kind == "hidden":
            pass
        elif (not value and kind in ("text", "search", "email", "tel", "url")) or (tag == "textarea" and not value):
            value = "kiem.tra@example.vn" if kind == "email" else TEXT
        data.setdefault(name, []).append(value)
    submit = form.xpath(".//button[@name][@type='submit' or not(@type)] | .//input[@type='submit'][@name]")
    if submit:
        data.setdefault(submit[0].get("name"), []).append(submit[0].get("value", ""))
    return data, has_number, has_date


_PAGES: list[tuple[str, str, str]] = []


def _pages(world) -> list[tuple[str, str, str]]:
    """(role, url, html) of every HTML page a role may open; read once per test process.

    The demo world is the same in every test of the module (each test's changes are rolled back),
    so the pages are too; the test client does not check CSRF, so a stored page can be posted.
    """
    if _PAGES:
        return _PAGES
    rows = [r for r in _all_rows(world) if r.method == "get"]
    for role in ROLES:
        client = Client()
        client.force_login(world.user(role))
        for r in rows:
            if r.expect[role] != 200:
                continue
            response = client.get(r.url)
            if response.status_code != 200 or response.streaming:
                continue
            if "html" not in response.get("Content-Type", ""):
                continue
            _PAGES.append((role, r.url, response.content.decode()))
    return _PAGES


def _forms(world):
    """(role, page url, form) for every posting form of every page a role may open, one per shape."""
    seen = set()
    found = []
    for role, url, html in _pages(world):
        page = lxml.html.fromstring(html)
        for form in page.forms:
            if (form.method or "get").lower() != "post":
                continue
            action = urljoin(url, form.get("action") or url)
            if any(part in action for part in SKIP_ACTIONS):
                continue
            shape = (role, re.sub(r"\d+", "N", action), tuple(sorted({i.get("name") or "" for i in form.inputs})))
            if shape in seen:
                continue
            seen.add(shape)
            found.append((role, url, form))
    return found


@pytest.mark.django_db
def test_no_page_offers_a_browser_number_box(world):
    offenders = [f"{role} {url}" for role, url, html in _pages(world) if 'type="number"' in html]
    assert offenders == []


@pytest.mark.django_db
@pytest.mark.parametrize("typo", list(PASSES))
def test_every_form_takes_mistyped_numbers_and_dates(world, typo):
    number, day = PASSES[typo]
    problems = []
    walked = 0
    for role, url, form in _forms(world):
        with transaction.atomic():
            client = Client()
            client.force_login(world.user(role))
            data, has_number, has_date = _fill(form, number, day)
            if (typo == "comma" and not has_number) or (typo != "comma" and not has_date):
                transaction.set_rollback(True)
                continue
            walked += 1
            action = urljoin(url, form.get("action") or url)
            try:
                response = client.post(action, data)
            except Exception as error:
                problems.append(f"{role} {url} → {action}: {type(error).__name__}: {error}")
                transaction.set_rollback(True)
                continue
            text = response.content.decode(errors="replace") if response.status_code == 200 else ""
            if response.status_code >= 500:
                problems.append(f"{role} {url} → {action}: {response.status_code}")
            elif match := ENGLISH.search(text):
                problems.append(f"{role} {url} → {action}: English «{match.group(0)}»")
            elif typo == "comma" and NOT_A_NUMBER in text:
                problems.append(f"{role} {url} → {action}: 72,5 read as not a number")
            elif typo != "comma" and response.status_code in (301, 302, 303):
                problems.append(f"{role} {url} → {action}: {day} accepted")
            transaction.set_rollback(True)
    assert walked > 0
    assert problems == [], "\n".join(problems)


@pytest.mark.django_db
def test_units_and_people_are_chosen_with_a_search_picker(world):
    """A plain ``<select>`` listing units or people would list a province's 800 units or 10,000 people; every
    such choice is a picker (``thiduakt/pickers.py``). A short list of a cluster's members may stay a select."""
    names = set(OrgUnit.objects.values_list("name", flat=True)) | set(
        Person.objects.values_list("full_name", flat=True)
    )
    offenders = []
    for role, url, html in _pages(world):
        for select in lxml.html.fromstring(html).xpath("//select[not(@data-picker)]"):
            listed = [o.text_content().strip() for o in select.xpath(".//option")]
            hits = [label for label in listed if label in names or label.split(" (")[0] in names]
            if len(hits) > 12:
                offenders.append(f"{role} {url} select[name={select.get('name')}]: {len(hits)} units/people")
    assert offenders == []
