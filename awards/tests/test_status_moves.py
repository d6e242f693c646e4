"""The dossier side's state machine: the declared moves, refusals in Vietnamese that write nothing, the badges."""

import pytest
from django.test import Client

from awards.models import Dossier, DossierEvent, Nomination
from awards.services import dossier_return, dossier_submit, nomination_remove
from awards.services.dossiers import move_nomination
from awards.tests.helpers import complete_dossier
from thiduakt.services import DomainError
from thiduakt.tests.factories import PersonFactory
from thiduakt.workflow import transition

D, N = Dossier.Status, Nomination.Status


def _moves(flow) -> dict:
    return {member.value: [m.value for m in flow.next_of(member)] for member in flow}


def test_dossier_moves_are_the_ones_the_services_make():
    assert _moves(D) == {
        "draft": ["submitted"],
        "submitted": ["returned", "appraised"],
        "returned": ["resubmitted"],
        "resubmitted": ["returned", "appraised"],
        "appraised": [],
    }
    assert (Dossier.EDITABLE, Dossier.AWAITING) == ((D.DRAFT, D.RETURNED), (D.SUBMITTED, D.RESUBMITTED))


def test_nomination_moves_are_the_ones_the_services_make():
    assert _moves(N) == {
        "proposed": ["rejected", "ready_for_decision", "ready_for_council", "withdrawn"],
        "accepted": [],
        "rejected": ["withdrawn"],
        "ready_for_decision": ["decided", "withdrawn"],
        "ready_for_council": ["on_agenda", "withdrawn"],
        "on_agenda": ["ready_for_council", "council_passed", "council_failed"],
        "council_passed": ["decided", "forwarded"],
        "council_failed": [],
        "decided": ["revoked"],  # a later decision revokes the award (awards.services.amendments)
        "revoked": [],
        "forwarded": ["decided"],
        "withdrawn": [],
    }


def test_every_status_has_the_badge_colour_the_screens_showed():
    assert {s.value: s.badge for s in D} == {
        "draft": "secondary",
        "submitted": "primary",
        "returned": "warning",
        "resubmitted": "primary",
        "appraised": "success",
    }
    danger, secondary = {"rejected", "withdrawn", "revoked"}, {"proposed"}
    assert {s.value: s.badge for s in N} == {
        s.value: "danger" if s in danger else "secondary" if s in secondary else "success" for s in N
    }


def _sent_dossier(world, *names):
    donvi = world.user("donvi")
    nominees = [
        {"kind": "individual", "person": PersonFactory(full_name=name), "award": "BKT", "summary": "Tốt"}
        for name in names
    ]
    dossier = complete_dossier(unit=world.chau_thanh, by=donvi, nominees=nominees)
    return dossier_submit(dossier=dossier, by=donvi)


def _history(dossier) -> list[tuple]:
    return list(
        DossierEvent.objects.filter(dossier=dossier)
        .order_by("at", "id")
        .values_list("nomination_id", "round_number", "from_status", "to_status", "action")
    )


@pytest.mark.django_db
def test_a_move_the_dossier_enum_does_not_declare_is_refused_in_vietnamese_and_writes_no_event(world):
    donvi = world.user("donvi")
    dossier = complete_dossier(
        unit=world.chau_thanh,
        by=donvi,
        nominees=[{"kind": "individual", "person": PersonFactory(), "award": "BKT", "summary": "Tốt"}],
    )
    before = _history(dossier)
    with pytest.raises(DomainError) as err:
        transition(dossier, to=D.APPRAISED, by=world.user("staff"), action="Hoàn thành thẩm định hồ sơ")
    assert (
        str(err.value) == "Không thực hiện được: đang ở trạng thái «Đang soạn», không chuyển sang «Đã thẩm định» được."
    )
    with pytest.raises(DomainError) as err:
        dossier_return(dossier=dossier, by=world.user("staff"), reason="Thiếu biên bản")
    assert str(err.value) == "Hồ sơ đang ở trạng thái “Đang soạn”, không ở bước thẩm định."
    dossier.refresh_from_db()
    assert (dossier.status, dossier.return_reason, _history(dossier)) == ("draft", "", before)


@pytest.mark.django_db
def test_a_second_submit_from_a_stale_tab_reads_already_sent_and_writes_nothing(world):
    dossier = _sent_dossier(world, "Trần Thị An")
    before = _history(dossier)
    assert before[-1][1:4] == (1, "draft", "submitted")
    with pytest.raises(DomainError) as err:
        dossier_submit(dossier=dossier, by=world.user("donvi"))
    assert str(err.value) == "Hồ sơ này đã được gửi."
    dossier.refresh_from_db()
    assert (dossier.status, dossier.round_number, _history(dossier)) == ("submitted", 1, before)


@pytest.mark.django_db
def test_a_sent_nominee_is_withdrawn_once_with_its_event_on_the_dossier(world):
    dossier = _sent_dossier(world, "Trần Thị An", "Lê Văn Bảo")
    dossier_return(dossier=dossier, by=world.user("staff"), reason="Bỏ bớt một người")
    an = dossier.nominations.get(nominee_name="Trần Thị An")
    nomination_remove(nomination=an, by=world.user("donvi"))
    an.refresh_from_db()
    assert an.status == N.WITHDRAWN
    assert _history(dossier)[-1] == (an.pk, 1, "proposed", "withdrawn", "Bỏ đối tượng: Trần Thị An")
    before = _history(dossier)
    with pytest.raises(DomainError) as err:
        nomination_remove(nomination=an, by=world.user("donvi"))
    assert str(err.value) == "Trần Thị An đã được rút khỏi hồ sơ."
    assert _history(dossier) == before


@pytest.mark.django_db
def test_a_nominee_the_council_has_taken_is_not_withdrawn(world):
    dossier = _sent_dossier(world, "Trần Thị An")
    dossier_return(dossier=dossier, by=world.user("staff"), reason="Bổ sung minh chứng")
    an = dossier.nominations.get()
    Nomination.objects.filter(pk=an.pk).update(status=N.ON_AGENDA)
    before = _history(dossier)
    with pytest.raises(DomainError) as err:
        nomination_remove(nomination=an, by=world.user("donvi"))
    assert str(err.value) == "Trần Thị An đã ở bước “Đưa vào phiên họp Hội đồng”, không thể rút khỏi hồ sơ."
    an.refresh_from_db()
    assert (an.status, _history(dossier)) == ("on_agenda", before)


@pytest.mark.django_db
def test_a_nominee_move_not_declared_is_refused_naming_the_nominee(world):
    dossier = _sent_dossier(world, "Trần Thị An")
    an = dossier.nominations.select_related("dossier").get()
    before = _history(dossier)
    with pytest.raises(DomainError) as err:
        move_nomination(an, N.DECIDED, by=world.user("staff"), action="Có Quyết định khen thưởng số 1/QĐ-UBND")
    assert str(err.value) == (
        "Trần Thị An đang ở trạng thái «Đề nghị», không chuyển sang «Đã có quyết định khen thưởng» được."
    )
    an.refresh_from_db()
    assert (an.status, _history(dossier)) == ("proposed", before)


@pytest.mark.django_db
def test_dossier_screens_show_the_statuses_as_badges_of_their_enum(world):
    dossier = _sent_dossier(world, "Trần Thị An")
    dossier_return(dossier=dossier, by=world.user("staff"), reason="Bổ sung minh chứng")
    officer = Client()
    officer.force_login(world.user("donvi"))
    page = officer.get(f"/khen-thuong/ho-so/{dossier.pk}/").content.decode()
    assert '<span class="badge text-bg-warning" data-testid="dossier-status">Trả lại để bổ sung</span>' in page
    assert '<span class="badge text-bg-secondary" data-testid="nomination-status">Đề nghị</span>' in page
    dossier_submit(dossier=dossier, by=world.user("donvi"))
    staff = Client()
    staff.force_login(world.user("staff"))
    page = staff.get("/khen-thuong/").content.decode()
    assert '<span class="badge text-bg-primary" data-testid="dossier-status">Đã bổ sung, chờ thẩm định</span>' in page
