import pytest
from django.utils.translation import gettext_lazy as _

from thiduakt.workflow import StatusChoices


class Light(StatusChoices):
    RED = "red", _("Đỏ")
    GREEN = "green", _("Xanh")
    OFF = "off", _("Tắt")


Light.declare(
    moves={Light.RED: [Light.GREEN, Light.OFF], Light.GREEN: [Light.RED]},
    badges={Light.RED: "danger", Light.GREEN: "success", Light.OFF: "dark"},
)


def test_status_choices_allow_only_declared_moves():
    assert Light.allows("red", "green") is True
    assert Light.allows(Light.GREEN, Light.OFF) is False
    assert Light.allows("off", "red") is False
    assert Light.next_of("red") == [Light.GREEN, Light.OFF]


def test_status_choices_badge_colours():
    assert Light.RED.badge == "danger"
    assert Light.badge_of("off") == "dark"


def test_declare_refuses_unknown_statuses_and_missing_colours():
    class Door(StatusChoices):
        OPEN = "open", _("Mở")
        SHUT = "shut", _("Đóng")

    with pytest.raises(ValueError, match="unknown statuses"):
        Door.declare(moves={"open": ["ajar"]}, badges={"open": "info", "shut": "info"})
    with pytest.raises(ValueError, match="no badge colour"):
        Door.declare(moves={"open": ["shut"]}, badges={"open": "info"})
    with pytest.raises(ValueError, match="unknown badge colours"):
        Door.declare(moves={}, badges={"open": "pink", "shut": "info"})
