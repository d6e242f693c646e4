"""Pickers in Chromium at a province's scale: a unit among 800 and a person among 10,000 found by typing
without diacritics, and a new nominee added inline by a unit officer, warned of a likely duplicate.
No console error and no CSP violation on the way."""

import itertools

import pytest
from playwright.sync_api import expect

from awards.models import Nomination
from awards.services import dossier_create_draft
from clusters.tests.factories import ClusterFactory
from exemplars.models import Exemplar
from exemplars.tests.factories import ensure_reference_data
from thiduakt.models import OrgUnit, Person
from thiduakt.testing import PageProblems, World, browser_login, pick, settle
from thiduakt.text import fold

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Minh", "Hoàng", "Ngọc", "Thanh", "Hữu", "Kim", "Quốc", "Bảo"]
GIVEN = ["An", "Anh", "Bình", "Cường", "Dũng", "Hạnh", "Lan", "Mai", "Nam", "Phúc"]


def _province_scale(world) -> tuple[OrgUnit, Person]:
    """800 more units (a few of them "Châu Thành" ones) and 10,000 people, one of them Nguyễn Văn A."""
    parent = world.chau_thanh.parent
    units = []
    for i in range(800):
        place = f"Châu Thành {i}" if i % 100 == 7 else f"Số {i}"
        name = f"Trường Trung học cơ sở {place}"
        units.append(
            OrgUnit(
                code=f"BULK.{i}",
                name=name,
                kind=OrgUnit.Kind.DIVISION,
                parent=parent,
                search_text=fold(f"{name} {name} BULK.{i}"),
            )
        )
    OrgUnit.objects.bulk_create(units)
    bulk = list(OrgUnit.objects.filter(code__startswith="BULK."))
    names = itertools.cycle(itertools.product(FAMILY, MIDDLE, GIVEN))
    people = []
    for i in range(10_000):
        family, middle, given = next(names)
        person = Person(
            full_name=f"{family} {middle} {given} {i}",
            gender="female" if middle == "Thị" else "male",
            birth_year=1960 + i % 40,
            position="Giáo viên",
            unit=bulk[i % len(bulk)],
        )
        person.derive()
        people.append(person)
    Person.objects.bulk_create(people, batch_size=2000)
    target = Person.objects.create(
        full_name="Nguyễn Văn A", gender="male", birth_year=1970, position="Chủ tịch", unit=world.chau_thanh
    )
    return world.chau_thanh, target


def test_staff_finds_a_unit_and_a_person_by_typing_and_an_officer_adds_a_nominee_inline(live_server, page):
    world = World()
    ensure_reference_data()
    chau_thanh, nguyen_van_a = _province_scale(world)
    assert OrgUnit.objects.count() > 800 and Person.objects.count() > 10_000
    url = live_server.url
    problems = PageProblems(page)

    # Staff: a new exemplar, its unit and its person found by typing without diacritics.
    browser_login(page, url, "staff")
    page.goto(f"{url}/dien-hinh/them/")
    page.locator("#id_unit").fill("chau thanh")
    # The answer to what was typed (a strict CSP forbids wait_for_function's evaluated strings: expect polls)
    expect(page.locator("#id_unit-list [role=option]")).to_have_count(11)  # 3 of the registry, 8 of the 800
    labels = page.locator("#id_unit-list [role=option] .picker-label").all_inner_texts()
    assert labels and all("Châu Thành" in label for label in labels), labels
    pick(page, "id_unit", "chau thanh", chau_thanh.name, exact=True)
    assert page.input_value("#id_unit-value") == str(chau_thanh.pk)
    assert page.input_value("#id_unit") == chau_thanh.name

    page.select_option("#id_kind", "individual")
    page.locator("#id_person").fill("nguyen van a")
    first = page.locator("#id_person-list [role=option]").first
    expect(first.locator(".picker-label")).to_have_text(f"Nguyễn Văn A — Chủ tịch, {chau_thanh.name} (1970)")
    first.click()
    assert page.input_value("#id_person-value") == str(nguyen_van_a.pk)
    page.select_option("#id_field", index=1)
    page.fill("#id_headline", "Chủ tịch xã gương mẫu")
    page.fill("#id_discovered_by", "Sở Nội vụ")
    settle(page, lambda: page.click("[data-testid=save]"))
    exemplar = Exemplar.objects.get()
    assert (exemplar.unit_id, exemplar.person_id) == (chau_thanh.pk, nguyen_van_a.pk)

    # A unit officer adds a nominee who is not in the list yet; a likely duplicate is proposed first.
    same = Person.objects.create(
        full_name="Trần Thị Trùng", gender="female", birth_year=1985, position="Kế toán", unit=chau_thanh
    )
    dossier = dossier_create_draft(unit=chau_thanh, round_kind="yearly", year=2024, by=None, nominees=[])
    page.context.clear_cookies()
    browser_login(page, url, "donvi")
    page.goto(f"{url}/khen-thuong/ho-so/{dossier.pk}/doi-tuong/them/")
    page.select_option("#id_kind", "individual")
    page.locator("#id_person").fill("tran thi trung moi")
    add = page.locator("#id_person-list [data-picker-add]")
    add.wait_for()
    add.click()
    dialog = page.locator("#picker-dialog")
    dialog.locator("#id_new_person-full_name").wait_for()
    assert dialog.locator("#id_new_person-full_name").input_value() == "tran thi trung moi"
    dialog.locator("#id_new_person-full_name").fill("Trần Thị Trùng")
    dialog.locator("#id_new_person-gender").select_option("female")
    dialog.locator("#id_new_person-birth_year").fill("1985")
    dialog.locator("#id_new_person-position").fill("Thủ quỹ")
    assert dialog.locator("#id_new_person-unit-value").input_value() == str(chau_thanh.pk)
    dialog.locator("button[type=submit]").click()
    warning = dialog.locator("[data-testid=picker-duplicates]")
    warning.wait_for()
    assert "Có thể người này đã có trong danh bạ" in warning.inner_text()
    assert dialog.locator("[data-picker-choose]").first.inner_text() == (
        f"Trần Thị Trùng — Kế toán, {chau_thanh.name} (1985)"
    )
    assert Person.objects.filter(full_name="Trần Thị Trùng").count() == 1
    dialog.locator("button[type=submit]", has_text="Vẫn thêm người mới").click()
    dialog.wait_for(state="hidden")
    new = Person.objects.exclude(pk=same.pk).get(full_name="Trần Thị Trùng")
    assert page.input_value("#id_person-value") == str(new.pk)
    assert page.input_value("#id_person") == f"Trần Thị Trùng — Thủ quỹ, {chau_thanh.name} (1985)"
    page.select_option("#id_award", index=1)
    page.fill("#id_summary", "Hoàn thành xuất sắc nhiệm vụ")
    settle(page, lambda: page.click("[data-testid=save-nominee]"))
    assert Nomination.objects.get(dossier=dossier).person_id == new.pk
    assert problems.errors == []


def test_a_multiple_choice_is_chips_that_can_be_removed(live_server, page):
    """Opening a cluster's year: member units picked as chips, one removed again, the other kept."""
    world = World()
    cluster = ClusterFactory(name="Cụm thi đua thử chọn nhiều")
    problems = PageProblems(page)
    browser_login(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/cum-khoi/{cluster.pk}/mo-nam/")
    pick(page, "id_units", "nga bay", world.nga_bay.name, exact=True)
    pick(page, "id_units", "chau thanh", world.chau_thanh.name, exact=True)
    chips = page.locator("[data-testid=picker-chips] .picker-chip")
    expect(chips).to_have_count(2)
    assert chips.all_inner_texts() == [world.nga_bay.name, world.chau_thanh.name]
    page.locator(f"[aria-label='Bỏ {world.nga_bay.name}']").click()
    expect(chips).to_have_count(1)
    assert page.locator("#id_units-value option:checked").evaluate_all("os => os.map(o => o.value)") == [
        str(world.chau_thanh.pk)
    ]
    settle(page, lambda: page.click("main button[type=submit]"))
    members = set(cluster.years.get().memberships.values_list("unit_id", flat=True))
    assert members == {world.chau_thanh.pk}
    assert problems.errors == []
