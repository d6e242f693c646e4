import unicodedata
from datetime import date

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from thiduakt import services
from thiduakt.models import OrgUnit, Person, User
from thiduakt.selectors import unit_ancestor_ids, unit_descendant_ids
from thiduakt.tests.factories import OrgUnitFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_unit_officer_must_have_a_unit():
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(is_unit_officer=True, unit=None)


def test_person_name_is_stored_nfc_with_search_and_sort_keys():
    person = PersonFactory(full_name=unicodedata.normalize("NFD", "  Nguyễn  Thị Ánh "))
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Thị Ánh"
    assert unicodedata.is_normalized("NFC", person.full_name)
    assert person.search_text == "nguyen thi anh"
    assert person.sort_key[:2] == "10"  # "Ánh": the given name comes first, "a" is letter 10


def test_person_id_number_unique_but_optional():
    blank = [PersonFactory(id_number=""), PersonFactory(id_number="")]
    PersonFactory(id_number="093080000001")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(id_number="093080000001")
    assert Person.objects.filter(pk__in=[p.pk for p in blank], id_number__isnull=True).count() == 2


def test_changes_are_recorded_in_history_with_reason():
    unit = OrgUnitFactory(name="Xã Cũ")
    unit.name = "Xã Mới"
    unit._change_reason = "Đổi tên theo Nghị quyết"
    unit.save()
    records = list(unit.history.order_by("history_date").values_list("name", "history_type", "history_change_reason"))
    assert records == [("Xã Cũ", "+", None), ("Xã Mới", "~", "Đổi tên theo Nghị quyết")]


def test_unit_hierarchy_descendants_and_ancestors(django_assert_num_queries):
    province = OrgUnitFactory(kind=OrgUnit.Kind.PROVINCE)
    district = OrgUnitFactory(kind=OrgUnit.Kind.DISTRICT, parent=province)
    commune = OrgUnitFactory(parent=district)
    other = OrgUnitFactory(parent=province)
    with django_assert_num_queries(1):
        assert unit_descendant_ids(district) == {district.pk, commune.pk}
    with django_assert_num_queries(1):
        assert unit_ancestor_ids(commune) == [commune.pk, district.pk, province.pk]
    assert unit_descendant_ids(province) == {province.pk, district.pk, commune.pk, other.pk}


def test_unit_merge_keeps_history_and_moves_people_and_officers():
    old_a, old_b, new = OrgUnitFactory(name="Xã A"), OrgUnitFactory(name="Xã B"), OrgUnitFactory(name="Xã AB")
    person = PersonFactory(unit=old_a)
    officer = UserFactory(is_unit_officer=True, unit=old_b)
    child = OrgUnitFactory(parent=old_a, kind=OrgUnit.Kind.DIVISION)
    services.unit_merge(units=[old_a, old_b], into=new, on=date(2025, 7, 1), by=None, reason="NQ 202/2025")
    old_a.refresh_from_db()
    person.refresh_from_db()
    officer.refresh_from_db()
    child.refresh_from_db()
    assert (old_a.valid_to, old_a.merged_into) == (date(2025, 6, 30), new)
    assert person.unit == new and officer.unit == new and child.parent == new
    assert person.history.first().history_change_reason == "NQ 202/2025"
    assert old_a.history.first().history_change_reason == "NQ 202/2025"
    assert OrgUnit.objects.filter(pk=old_a.pk).exists()


def test_unit_merge_refuses_without_reason_and_twice():
    a, b = OrgUnitFactory(), OrgUnitFactory()
    with pytest.raises(services.DomainError):
        services.unit_merge(units=[a], into=b, on=date(2025, 7, 1), by=None, reason=" ")
    services.unit_merge(units=[a], into=b, on=date(2025, 7, 1), by=None, reason="lý do")
    with pytest.raises(services.DomainError, match="đã được sáp nhập"):
        services.unit_merge(units=[a], into=b, on=date(2025, 8, 1), by=None, reason="lý do")


def test_user_roles_are_cumulative():
    user = UserFactory(is_department_staff=True, is_council_member=True)
    assert user.roles == ["staff", "council"]
    assert user.role_labels == ["Cán bộ Sở Nội vụ", "Thành viên Hội đồng"]


def test_seed_demo_is_idempotent():
    call_command("seed_demo")
    counts = (OrgUnit.objects.count(), Person.objects.count(), User.objects.count())
    call_command("seed_demo")
    assert (OrgUnit.objects.count(), Person.objects.count(), User.objects.count()) == counts
    donvi = User.objects.get(username="donvi")
    # The demo applies the 2025 reorganisation: huyện Châu Thành's officer works for xã Châu Thành.
    assert donvi.unit.code == "CTH.X.CHAUTHANH" and donvi.check_password("thiduakt-demo")
    assert OrgUnit.objects.get(code="HG.CT").valid_to == date(2025, 6, 30)
    assert User.objects.get(username="admin").is_staff
    assert not User.objects.get(username="staff").is_staff
