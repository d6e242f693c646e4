"""Search pickers for units and people (thiduakt/pickers.py): what a search finds, in which order, for whom,
how it is labelled, what a form renders, and a person added from a picker with its likely duplicates."""

import json
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from awards.forms import NominationAddForm
from thiduakt.models import OrgUnit, Person
from thiduakt.pickers import RESULTS, person_label

UNITS = reverse("picker_units")
PEOPLE = reverse("picker_people")
ADD = reverse("picker_person_add")


def _client(world, role):
    client = Client()
    client.force_login(world.user(role))
    return client


def _results(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def _person(name, unit, year=None, position=""):
    return Person.objects.create(full_name=name, gender="male", birth_year=year, position=position, unit=unit)


def _closed_unit(world):
    """A commune of Châu Thành merged into it on 01/07/2025."""
    into = world.chau_thanh
    return OrgUnit.objects.create(
        code="TEST.CT.CU",
        name="Ủy ban nhân dân xã Châu Thành Cũ",
        kind=OrgUnit.Kind.COMMUNE,
        parent=into,
        valid_from=date(2004, 1, 1),
        valid_to=date(2025, 6, 30),
        merged_into=into,
    )


@pytest.mark.django_db
def test_units_are_found_without_diacritics_in_force_first_closed_ones_marked(world):
    old = _closed_unit(world)
    found = _results(_client(world, "staff"), UNITS, q="chau thanh")
    labels = [r["label"] for r in found["results"]]
    assert labels, "no unit found for 'chau thanh'"
    assert all("Châu Thành" in label for label in labels)
    closed = [r["closed"] for r in found["results"]]
    assert closed == sorted(closed), "units in force come before closed ones"
    assert True in closed and False in closed
    entry = next(r for r in found["results"] if r["id"] == old.pk)
    assert entry["closed"] is True
    assert entry["label"] == f"{old.name} (đã sáp nhập vào {world.chau_thanh.name})"
    assert entry["note"] == f"{old.get_kind_display()} · thuộc {old.parent.name}"


@pytest.mark.django_db
def test_unit_search_narrowed_by_the_field_open_within_year(world):
    staff = _client(world, "staff")
    old = _closed_unit(world)
    open_only = _results(staff, UNITS, q="chau thanh", open=1)["results"]
    assert open_only and all(not r["closed"] for r in open_only)
    assert old.pk not in [r["id"] for r in open_only]
    top = world.chau_thanh
    within = {r["id"] for r in _results(staff, UNITS, within=top.pk)["results"]}
    below = {top.pk} | set(OrgUnit.objects.filter(parent=top).values_list("pk", flat=True))
    assert within == below and old.pk in within
    in_2026 = [r["id"] for r in _results(staff, UNITS, q="chau thanh", year=2026)["results"]]
    assert old.pk not in in_2026  # closed on 30/06/2025
    in_2024 = [r["id"] for r in _results(staff, UNITS, q="chau thanh", year=2024)["results"]]
    assert old.pk in in_2024


@pytest.mark.django_db
def test_person_label_names_position_unit_and_birth_year(world):
    unit = world.chau_thanh
    person = _person("Nguyễn Văn Ấn", unit, 1975, "Chủ tịch Hội Nông dân")
    assert person_label(person) == f"Nguyễn Văn Ấn — Chủ tịch Hội Nông dân, {unit.name} (1975)"
    bare = _person("Lê Thị Bé", None)
    assert person_label(bare) == "Lê Thị Bé"
    found = _results(_client(world, "staff"), PEOPLE, q="NGUYEN van an")["results"]
    assert [r["label"] for r in found if r["id"] == person.pk] == [person_label(person)]


@pytest.mark.django_db
def test_people_ranked_exact_name_then_starting_with_it_then_containing_it(world):
    unit = world.chau_thanh
    others = [
        _person("Nguyễn Thị Văn Anh", unit),  # every word, not together: last
        _person("Trần Nguyễn Văn A", unit),  # contains the name after a space
        _person("Nguyễn Văn Anh", unit),  # starts with it
        _person("Nguyễn Văn A", unit),  # the name itself
    ]
    found = _results(_client(world, "staff"), PEOPLE, q="nguyen van a")["results"]
    ids = [r["id"] for r in found]
    assert [ids.index(p.pk) for p in reversed(others)] == sorted(ids.index(p.pk) for p in others)
    assert ids[0] == others[3].pk


@pytest.mark.django_db
def test_a_unit_officer_finds_only_the_people_of_their_unit(world):
    mine = _person("Phan Văn Tìm", world.chau_thanh)
    theirs = _person("Phan Văn Tìm", world.nga_bay)
    donvi = _client(world, "donvi")
    assert [r["id"] for r in _results(donvi, PEOPLE, q="phan van tim")["results"]] == [mine.pk]
    # a wider "within" cannot widen the ceiling
    assert [r["id"] for r in _results(donvi, PEOPLE, q="phan van tim", within=world.nga_bay.pk)["results"]] == []
    staff_ids = {r["id"] for r in _results(_client(world, "staff"), PEOPLE, q="phan van tim")["results"]}
    assert staff_ids == {mine.pk, theirs.pk}
    assert _client(world, "hoidong").get(PEOPLE, {"q": "phan"}).status_code == 404
    assert Client().get(PEOPLE, {"q": "phan"}).status_code == 302


@pytest.mark.django_db
def test_one_answer_lists_twenty_and_says_there_are_more(world):
    Person.objects.bulk_create(
        [Person(full_name=f"Đặng Văn Thử {i:02d}", gender="male", unit=world.chau_thanh) for i in range(25)],
    )
    for person in Person.objects.filter(full_name__startswith="Đặng Văn Thử"):
        person.save()  # the derived search columns
    answer = _results(_client(world, "staff"), PEOPLE, q="dang van thu")
    assert len(answer["results"]) == RESULTS == 20
    assert answer["more"] is True
    answer = _results(_client(world, "staff"), PEOPLE, q="dang van thu 2")
    names = [r["label"].split(" — ")[0] for r in answer["results"]]
    # those starting with the words typed first, then those holding a "2" elsewhere
    assert sorted(names[:5]) == [f"Đặng Văn Thử {i}" for i in range(20, 25)]
    assert sorted(names[5:]) == ["Đặng Văn Thử 02", "Đặng Văn Thử 12"]
    assert answer["more"] is False


@pytest.mark.django_db
def test_a_search_costs_the_same_queries_whatever_it_finds(world, django_assert_num_queries):
    staff = _client(world, "staff")
    staff.get(PEOPLE, {"q": "x"})  # the session
    for i in range(3):
        _person(f"Hồ Văn Đếm {i}", world.chau_thanh)
    # The session and the user, the people (their units joined); the session is not saved again within a
    # minute (thiduakt.sessions).
    with django_assert_num_queries(3):
        _results(staff, PEOPLE, q="ho van dem")
    for i in range(3, 30):
        _person(f"Hồ Văn Đếm {i}", world.nga_bay)
    with django_assert_num_queries(3):
        assert len(_results(staff, PEOPLE, q="ho van dem")["results"]) == 20
    with django_assert_num_queries(3):  # the units with their parent and the unit each merged into, joined
        assert len(_results(staff, UNITS, q="")["results"]) == 20


@pytest.mark.django_db
def test_a_picker_field_renders_only_its_chosen_option_and_its_urls(world):
    person = _person("Võ Thị Chọn", world.chau_thanh, 1980)
    form = NominationAddForm({"person": person.pk}, unit=world.chau_thanh)
    html = str(form["person"])
    assert html.count("<option") == 2  # the empty one and the chosen one, not the registry
    assert f'<option value="{person.pk}" selected>{person_label(person)}</option>' in html
    assert 'data-picker="person"' in html
    assert f'data-picker-url="{PEOPLE}?within={world.chau_thanh.pk}"' in html
    assert f'data-picker-add-url="{ADD}?within={world.chau_thanh.pk}"' in html
    collective = str(form["collective"])
    assert f'data-picker-url="{UNITS}?within={world.chau_thanh.pk}&amp;open=1"' in collective


@pytest.mark.django_db
def test_a_person_outside_the_field_is_refused_by_the_form(world):
    stranger = _person("Người Ở Xa", world.nga_bay)
    form = NominationAddForm(
        {"kind": "individual", "person": stranger.pk, "award": "", "summary": "x"}, unit=world.chau_thanh
    )
    assert not form.is_valid()
    assert form.errors["person"][0] == (
        "Lựa chọn này không có trong danh sách được phép (có thể vừa thay đổi ở một trang khác); "
        "hãy tải lại trang rồi chọn lại."
    )


# ---------------------------------------------------------------------------
# "Thêm người mới"
# ---------------------------------------------------------------------------


def _new(world, **changes):
    data = {"full_name": "Huỳnh Văn Mới", "gender": "male", "birth_year": "1979", "position": "Cán bộ"}
    data["unit"] = world.chau_thanh.pk
    return {f"new_person-{name}": value for name, value in {**data, **changes}.items()}


@pytest.mark.django_db
def test_add_form_is_offered_for_the_fields_unit_with_the_typed_name(world):
    response = _client(world, "donvi").get(ADD, {"within": world.chau_thanh.pk, "name": "Huỳnh Văn Mới"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-picker-add-form" in html
    assert 'value="Huỳnh Văn Mới"' in html
    assert f'<option value="{world.chau_thanh.pk}" selected>' in html


@pytest.mark.django_db
def test_a_new_person_is_added_recorded_and_returned(world):
    response = _client(world, "donvi").post(ADD, _new(world))
    assert response.status_code == 201
    person = Person.objects.get(full_name="Huỳnh Văn Mới")
    assert json.loads(response.content) == {
        "id": person.pk,
        "label": f"Huỳnh Văn Mới — Cán bộ, {world.chau_thanh.name} (1979)",
        "note": "",
        "closed": False,
    }
    record = person.history.get()
    assert record.history_user == world.user("donvi")
    assert record.history_change_reason == "Thêm vào danh bạ khi chọn cá nhân"


@pytest.mark.django_db
def test_a_likely_duplicate_is_proposed_first_and_nothing_is_added(world):
    same = _person("Huỳnh Văn Mới", world.chau_thanh, 1979, "Trưởng ấp")
    namesake = _person("Huynh Van Moi", world.chau_thanh, 1990)  # same folded name, other year
    donvi = _client(world, "donvi")
    response = donvi.post(ADD, _new(world, full_name="huỳnh  văn mới"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="picker-duplicates"' in html
    assert html.index(f'data-picker-choose="{same.pk}"') < html.index(f'data-picker-choose="{namesake.pk}"')
    assert "Vẫn thêm người mới" in html
    assert Person.objects.filter(search_text="huynh van moi").count() == 2
    # "Vẫn thêm người mới": the same entry with the key it was shown
    key = f"huynh van moi|1979|{world.chau_thanh.pk}"
    assert f'name="new_person-confirm" value="{key}"' in html
    response = donvi.post(ADD, _new(world, confirm=key))
    assert response.status_code == 201
    assert Person.objects.filter(search_text="huynh van moi").count() == 3
    # the same confirmed entry again at once (a double click, a second tab) adds no one more
    again = donvi.post(ADD, _new(world, confirm=key))
    assert again.status_code == 200
    assert json.loads(again.content)["id"] == json.loads(response.content)["id"]
    assert Person.objects.filter(search_text="huynh van moi").count() == 3


@pytest.mark.django_db
def test_a_confirmation_for_another_entry_is_checked_again(world):
    _person("Huỳnh Văn Mới", world.chau_thanh, 1979)
    stale = f"huynh van moi|1979|{world.chau_thanh.pk}"
    _person("Lý Văn Khác", world.chau_thanh, 1979)
    response = _client(world, "donvi").post(ADD, _new(world, full_name="Lý Văn Khác", confirm=stale))
    assert response.status_code == 200
    assert 'data-testid="picker-duplicates"' in response.content.decode()
    assert Person.objects.filter(search_text="ly van khac").count() == 1


@pytest.mark.django_db
def test_an_officer_cannot_add_a_person_to_another_unit_and_bad_entries_are_told(world):
    donvi = _client(world, "donvi")
    response = donvi.post(ADD, _new(world, unit=world.nga_bay.pk))
    assert response.status_code == 200
    assert "Lựa chọn này không có trong danh sách được phép" in response.content.decode()
    response = donvi.post(ADD, _new(world, birth_year="1850", full_name="   "))
    html = response.content.decode()
    assert "Trường này là bắt buộc." in html or "Cần ghi họ và tên." in html
    assert "1850" in html and "1900" in html
    assert not Person.objects.filter(full_name="Huỳnh Văn Mới").exists()
    assert _client(world, "hoidong").post(ADD, _new(world)).status_code == 404
    assert Client().post(ADD, _new(world)).status_code == 302


@pytest.mark.django_db
def test_units_are_found_by_their_usual_abbreviations(world):
    found = _results(_client(world, "staff"), UNITS, q="UBND TP. nga bay")["results"]
    assert found[0]["label"] == "Ủy ban nhân dân thành phố Ngã Bảy"


@pytest.mark.django_db
def test_one_or_two_letters_find_the_words_starting_with_them(world):
    starts = _person("Lê Văn Ánh", world.chau_thanh)
    inside = _person("Trần Văn Bảo", world.chau_thanh)
    found = {r["id"] for r in _results(_client(world, "staff"), PEOPLE, q="á")["results"]}
    assert starts.pk in found
    assert inside.pk not in found  # "bao" holds an "a", but no word starts with it
