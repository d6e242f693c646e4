"""The main menu: entries by role, exactly one active entry for the page being shown."""

import pytest

from thiduakt.navigation import menu_for
from thiduakt.tests.factories import StaffFactory


def _active(user, path):
    return [item["label"] for item in menu_for(user, path) if item["active"]]


@pytest.mark.django_db
def test_the_longest_matching_entry_alone_is_active():
    staff = StaffFactory()
    assert _active(staff, "/khen-thuong/hoi-dong/3/") == ["Hội đồng"]
    assert _active(staff, "/khen-thuong/quyet-dinh/") == ["Quyết định"]
    assert _active(staff, "/khen-thuong/") == ["Hồ sơ khen thưởng"]
    assert _active(staff, "/khen-thuong/tiep-nhan/") == ["Hồ sơ khen thưởng"]
    assert _active(staff, "/khen-thuong/can-cu/ca-nhan/4/") == ["Căn cứ xét khen thưởng"]
    assert _active(staff, "/phong-trao/5/") == ["Phong trào"]
    assert _active(staff, "/") == []


@pytest.mark.django_db
def test_staff_sees_the_staff_menu_in_order():
    labels = [item["label"] for item in menu_for(StaffFactory())]
    assert labels == [
        "Phong trào",
        "Cụm/Khối",
        "Hồ sơ khen thưởng",
        "Căn cứ xét khen thưởng",
        "Hội đồng",
        "Quyết định",
        "Điển hình tiên tiến",
        "Báo cáo",
        "Công việc nền",
    ]
