from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.models import Award, Dossier, Nomination
from exemplars import services
from exemplars.models import AwardProposal, Exemplar, ExemplarFile, Kind, Stage, StageEvent
from exemplars.tests.factories import ExemplarFactory, FosteringActionFactory, HonouringEventFactory, field
from exemplars.tests.images import docx_bytes, png_bytes
from thiduakt.services import DomainError
from thiduakt.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _create(world, **overrides):
    values = {
        "by": world.user("donvi"),
        "unit": world.chau_thanh,
        "kind": Kind.INDIVIDUAL,
        "person": PersonFactory(unit=world.chau_thanh, full_name="Nguyễn Thị Hoa"),
        "field": field("giao-duc"),
        "headline": "Mô hình “Lớp học hạnh phúc”",
        "discovered_by": "Phòng Giáo dục và Đào tạo huyện",
        "discovered_on": date(2024, 3, 1),
        "story": "<p>Cô giáo <strong>tận tụy</strong>.</p>",
    }
    values.update(overrides)
    return services.exemplar_create(**values)


def test_exemplar_create_records_discovery(world):
    exemplar = _create(world)
    assert exemplar.stage == Stage.DISCOVERED
    assert exemplar.name == "Nguyễn Thị Hoa"
    assert exemplar.search_text == "nguyen thi hoa mo hinh “lop hoc hanh phuc” phong giao duc va dao tao huyen"
    event = StageEvent.objects.get(exemplar=exemplar)
    assert (event.to_status, event.by, event.action) == (
        "discovered",
        world.user("donvi"),
        "Phát hiện, đưa vào sổ theo dõi",
    )


def test_exemplar_create_household_and_collective(world):
    household = _create(world, kind=Kind.HOUSEHOLD, person=None, household_name="  Hộ ông  Võ Văn Tư ")
    collective = _create(world, kind=Kind.COLLECTIVE, person=None, collective=world.unit("HG.CT.DP"))
    assert household.name == "Hộ ông Võ Văn Tư"
    assert collective.name == "Ủy ban nhân dân xã Đông Phú"


@pytest.mark.parametrize(
    "overrides",
    [
        {"kind": Kind.COLLECTIVE},  # a person given for a collective
        {"kind": Kind.HOUSEHOLD, "household_name": ""},
        {"kind": Kind.INDIVIDUAL, "person": None},
    ],
)
def test_exemplar_create_refuses_a_nominee_of_the_wrong_kind(world, overrides):
    with pytest.raises(DomainError):
        _create(world, **overrides)
    assert Exemplar.objects.count() == 0


def test_exemplar_create_refuses_a_second_live_exemplar_of_the_same_nominee_and_field(world):
    first = _create(world)
    with pytest.raises(DomainError, match="đã có trong sổ theo dõi"):
        _create(world, person=first.person)
    assert Exemplar.objects.count() == 1
    # Another field is another exemplar; a dropped one no longer blocks.
    _create(world, person=first.person, field=field("van-hoa-xa-hoi"))
    services.exemplar_drop(exemplar=first, by=world.user("staff"), reason="Chuyển công tác")
    _create(world, person=first.person)
    assert Exemplar.objects.filter(person=first.person).count() == 3


def test_exemplar_create_refuses_a_future_discovery_date(world):
    with pytest.raises(DomainError, match="sau hôm nay"):
        _create(world, discovered_on=date(2999, 1, 1))


def test_the_four_stages_in_order_record_who_when_why(world):
    staff = world.user("staff")
    exemplar = _create(world)
    exemplar = services.exemplar_foster(exemplar=exemplar, by=staff, reason="Mô hình có hiệu quả bước đầu")
    services.fostering_action_add(
        exemplar=exemplar,
        by=world.user("donvi"),
        date=date(2024, 4, 2),
        description="Tập huấn phương pháp",
        responsible_unit=world.unit("HG.SGDDT"),
    )
    exemplar = services.exemplar_review(
        exemplar=exemplar, by=staff, reason="Đủ 1 năm", review_text="Kinh nghiệm: ...", reviewed_on=date(2024, 6, 1)
    )
    services.replication_add(
        exemplar=exemplar,
        by=staff,
        adopting_unit=world.nga_bay,
        adopted_on=date(2024, 9, 5),
        results="12 lớp áp dụng",
    )
    exemplar = services.exemplar_replicate(exemplar=exemplar, by=staff, reason="Đã có đơn vị áp dụng")
    exemplar.refresh_from_db()
    assert exemplar.stage == Stage.REPLICATED
    assert exemplar.review_text == "Kinh nghiệm: ..."
    assert exemplar.reviewed_on == date(2024, 6, 1)
    moves = list(
        StageEvent.objects.filter(exemplar=exemplar)
        .exclude(from_status="")
        .values_list("from_status", "to_status", "by__username", "reason")
    )
    assert moves == [
        ("discovered", "fostered", "staff", "Mô hình có hiệu quả bước đầu"),
        ("fostered", "reviewed", "staff", "Đủ 1 năm"),
        ("reviewed", "replicated", "staff", "Đã có đơn vị áp dụng"),
    ]
    assert [h.history_change_reason for h in exemplar.history.order_by("history_id")] == [
        "phát hiện",
        "Mô hình có hiệu quả bước đầu",
        "Đủ 1 năm",
        "Đã có đơn vị áp dụng",
    ]


def test_a_stage_cannot_be_skipped_or_repeated(world):
    staff = world.user("staff")
    exemplar = _create(world)
    with pytest.raises(DomainError, match="Phát hiện"):
        services.exemplar_review(exemplar=exemplar, by=staff, reason="x", review_text="y", reviewed_on=date(2024, 5, 1))
    with pytest.raises(DomainError):
        services.exemplar_replicate(exemplar=exemplar, by=staff, reason="x")
    services.exemplar_foster(exemplar=exemplar, by=staff, reason="x")
    with pytest.raises(DomainError, match="Bồi dưỡng"):
        services.exemplar_foster(exemplar=exemplar, by=staff, reason="x")
    exemplar.refresh_from_db()
    assert exemplar.stage == Stage.FOSTERED


def test_a_move_needs_a_reason(world):
    exemplar = _create(world)
    with pytest.raises(DomainError, match="lý do"):
        services.exemplar_foster(exemplar=exemplar, by=world.user("staff"), reason="   ")
    exemplar.refresh_from_db()
    assert exemplar.stage == Stage.DISCOVERED


def test_review_needs_a_fostering_action_and_a_written_review(world):
    staff = world.user("staff")
    exemplar = ExemplarFactory(stage=Stage.FOSTERED)
    with pytest.raises(DomainError, match="hoạt động bồi dưỡng"):
        services.exemplar_review(exemplar=exemplar, by=staff, reason="x", review_text="y", reviewed_on=date(2024, 5, 1))
    FosteringActionFactory(exemplar=exemplar)
    with pytest.raises(DomainError, match="nội dung tổng kết"):
        services.exemplar_review(exemplar=exemplar, by=staff, reason="x", review_text=" ", reviewed_on=date(2024, 5, 1))
    services.exemplar_review(exemplar=exemplar, by=staff, reason="x", review_text="y", reviewed_on=date(2024, 5, 1))
    exemplar.refresh_from_db()
    assert exemplar.stage == Stage.REVIEWED


def test_replicate_needs_an_adopting_unit(world):
    exemplar = ExemplarFactory(stage=Stage.REVIEWED)
    with pytest.raises(DomainError, match="Chưa có đơn vị nào áp dụng"):
        services.exemplar_replicate(exemplar=exemplar, by=world.user("staff"), reason="x")


def test_fostering_actions_only_before_review_and_replications_only_after(world):
    reviewed = ExemplarFactory(stage=Stage.REVIEWED)
    with pytest.raises(DomainError, match="trước khi tổng kết"):
        services.fostering_action_add(
            exemplar=reviewed,
            by=world.user("staff"),
            date=date(2024, 1, 1),
            description="x",
            responsible_unit=reviewed.unit,
        )
    discovered = ExemplarFactory()
    with pytest.raises(DomainError, match="sau khi đã tổng kết"):
        services.replication_add(
            exemplar=discovered,
            by=world.user("staff"),
            adopting_unit=world.nga_bay,
            adopted_on=date(2024, 1, 1),
            results="x",
        )


def test_a_unit_adopts_a_model_once(world):
    exemplar = ExemplarFactory(stage=Stage.REVIEWED)
    args = {
        "exemplar": exemplar,
        "by": world.user("staff"),
        "adopting_unit": world.nga_bay,
        "adopted_on": date(2024, 4, 1),  # after the discovery (15/03/2024): an adoption before it is refused
    }
    services.replication_add(results="Tốt", **args)
    with pytest.raises(DomainError, match="đã được ghi nhận"):
        services.replication_add(results="Lần hai", **args)
    assert exemplar.replications.count() == 1


def test_drop_needs_a_reason_withdraws_publication_and_ends_the_path(world):
    staff = world.user("staff")
    exemplar = ExemplarFactory(stage=Stage.REVIEWED, is_published=True, public_summary="x")
    with pytest.raises(DomainError, match="lý do dừng"):
        services.exemplar_drop(exemplar=exemplar, by=staff, reason="")
    services.exemplar_drop(exemplar=exemplar, by=staff, reason="Vi phạm kỷ luật")
    exemplar.refresh_from_db()
    assert (exemplar.stage, exemplar.drop_reason, exemplar.is_published) == ("dropped", "Vi phạm kỷ luật", False)
    event = exemplar.events.get(to_status="dropped")
    assert (event.from_status, event.reason) == ("reviewed", "Vi phạm kỷ luật")
    with pytest.raises(DomainError, match="đã dừng"):
        services.exemplar_drop(exemplar=exemplar, by=staff, reason="again")
    with pytest.raises(DomainError):
        services.exemplar_replicate(exemplar=exemplar, by=staff, reason="x")


def test_publish_only_after_review_with_the_chosen_photos(world, private_media):
    staff = world.user("staff")
    exemplar = ExemplarFactory(stage=Stage.FOSTERED)
    with pytest.raises(DomainError, match="đã tổng kết"):
        services.exemplar_publish(exemplar=exemplar, by=staff, public_summary="x", photo_ids=[])
    exemplar = ExemplarFactory(stage=Stage.REVIEWED)
    chosen = services.exemplar_file_add(
        exemplar=exemplar, by=staff, upload=SimpleUploadedFile("a.png", png_bytes()), kind="photo"
    )
    other = services.exemplar_file_add(
        exemplar=exemplar, by=staff, upload=SimpleUploadedFile("b.png", png_bytes(color=(1, 2, 3))), kind="photo"
    )
    with pytest.raises(DomainError, match="không thuộc"):
        services.exemplar_publish(exemplar=exemplar, by=staff, public_summary="x", photo_ids=[999999])
    with pytest.raises(DomainError, match="duyệt công bố"):
        services.exemplar_publish(exemplar=exemplar, by=staff, public_summary=" ", photo_ids=[])
    services.exemplar_publish(exemplar=exemplar, by=staff, public_summary="Tóm tắt công khai", photo_ids=[chosen.pk])
    exemplar.refresh_from_db()
    assert (exemplar.is_published, exemplar.public_summary) == (True, "Tóm tắt công khai")
    assert set(ExemplarFile.objects.filter(is_public=True).values_list("pk", flat=True)) == {chosen.pk}
    assert other.pk != chosen.pk
    services.exemplar_unpublish(exemplar=exemplar, by=staff, reason="Cập nhật")
    exemplar.refresh_from_db()
    assert exemplar.is_published is False


def test_unit_cannot_update_after_review_even_with_a_stale_form(world):
    exemplar = ExemplarFactory(unit=world.chau_thanh)
    services.exemplar_update(exemplar=exemplar, by=world.user("donvi"), data={"headline": "Mô hình mới"})
    exemplar.refresh_from_db()
    assert exemplar.headline == "Mô hình mới"
    Exemplar.objects.filter(pk=exemplar.pk).update(stage=Stage.REVIEWED)
    with pytest.raises(DomainError, match="không sửa được"):
        services.exemplar_update(exemplar=exemplar, by=world.user("donvi"), data={"headline": "Muộn"})
    services.exemplar_update(exemplar=exemplar, by=world.user("staff"), data={"headline": "Sở sửa"})
    exemplar.refresh_from_db()
    assert exemplar.headline == "Sở sửa"


STORIES = [
    ('<p>Hay<script>alert("x")</script></p>', "<p>Hay</p>"),
    ('<p onclick="steal()">Chăm chỉ</p>', "<p>Chăm chỉ</p>"),
    (
        '<a href="javascript:alert(1)" onmouseover="x()">liên kết</a>',
        '<a rel="noopener noreferrer nofollow">liên kết</a>',
    ),
    ('<img src="x" onerror="alert(1)"><strong>Đậm</strong>', "<strong>Đậm</strong>"),
    ('<p style="color:red">Màu</p><style>p{}</style>', "<p>Màu</p>"),
    (
        '<a href="https://baohaugiang.com.vn/bai">Báo</a>',
        '<a href="https://baohaugiang.com.vn/bai" rel="noopener noreferrer nofollow">Báo</a>',
    ),
    ("<ul><li>Một</li></ul><iframe src='https://evil'></iframe>", "<ul><li>Một</li></ul>"),
]


@pytest.mark.parametrize(("raw", "clean"), STORIES)
def test_story_clean_removes_scripts_and_event_attributes(raw, clean):
    assert services.story_clean(raw) == clean


def test_story_is_sanitised_on_create_and_update(world):
    exemplar = _create(world, story='<p onload="x()">Tốt<script>alert(1)</script></p>')
    assert exemplar.story == "<p>Tốt</p>"
    services.exemplar_update(
        exemplar=exemplar, by=world.user("donvi"), data={"story": '<b onclick="x()">B</b><script>1</script>'}
    )
    exemplar.refresh_from_db()
    assert exemplar.story == "<b>B</b>"


def test_file_add_checks_content_not_name(world, private_media):
    exemplar = ExemplarFactory()
    staff = world.user("staff")
    with pytest.raises(DomainError, match="không phải JPG, PNG hoặc WEBP"):
        services.exemplar_file_add(
            exemplar=exemplar, by=staff, upload=SimpleUploadedFile("anh.png", b"MZ\x90\x00 not an image"), kind="photo"
        )
    with pytest.raises(DomainError, match="không phải JPG, PNG hoặc WEBP"):
        services.exemplar_file_add(
            exemplar=exemplar, by=staff, upload=SimpleUploadedFile("bao-cao.docx", docx_bytes()), kind="photo"
        )
    with pytest.raises(DomainError, match="hỏng"):
        services.exemplar_file_add(
            exemplar=exemplar,
            by=staff,
            upload=SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n broken"),
            kind="photo",
        )
    document = services.exemplar_file_add(
        exemplar=exemplar, by=staff, upload=SimpleUploadedFile("bao-cao.docx", docx_bytes()), kind="document"
    )
    assert (document.extension, document.original_name) == (".docx", "bao-cao.docx")
    assert document.file.name == f"exemplars/{exemplar.pk}/{document.sha256[:16]}.docx"
    with pytest.raises(DomainError, match="đã được tải lên"):
        services.exemplar_file_add(
            exemplar=exemplar, by=staff, upload=SimpleUploadedFile("lan-2.docx", docx_bytes()), kind="document"
        )
    assert exemplar.files.count() == 1


def test_honour_add_once_and_not_for_a_dropped_exemplar(world):
    staff = world.user("staff")
    event = HonouringEventFactory()
    exemplar = ExemplarFactory()
    services.honour_add(event=event, exemplar=exemplar, by=staff, citation="Tiêu biểu")
    with pytest.raises(DomainError, match="đã có trong danh sách"):
        services.honour_add(event=event, exemplar=exemplar, by=staff)
    dropped = ExemplarFactory(stage=Stage.DROPPED, drop_reason="x")
    with pytest.raises(DomainError, match="dừng theo dõi"):
        services.honour_add(event=event, exemplar=dropped, by=staff)
    assert list(event.honoured.all()) == [exemplar]
    assert exemplar.events.filter(action__startswith="Được biểu dương tại").count() == 1


def test_award_proposal_opens_a_draft_dossier_for_the_unit(world):
    exemplar = ExemplarFactory(unit=world.chau_thanh, stage=Stage.REVIEWED)
    award = Award.objects.get(code="BKT")
    proposal = services.award_proposal_create(
        exemplar=exemplar, by=world.user("donvi"), award=award, year=2024, summary="Thành tích xuất sắc"
    )
    dossier = proposal.dossier
    assert (dossier.unit, dossier.origin, dossier.status, dossier.year) == (world.chau_thanh, "exemplar", "draft", 2024)
    assert exemplar.headline in dossier.origin_note
    nomination = Nomination.objects.get(dossier=dossier)
    assert (nomination.person, nomination.award, nomination.nominee_kind) == (exemplar.person, award, "individual")
    with pytest.raises(DomainError, match="đã được đề nghị"):
        services.award_proposal_create(exemplar=exemplar, by=world.user("staff"), award=award, year=2024)
    assert Dossier.objects.count() == 1
    assert AwardProposal.objects.count() == 1


def test_award_proposal_refuses_an_award_not_for_that_kind_of_nominee(world):
    exemplar = ExemplarFactory(stage=Stage.REVIEWED)
    with pytest.raises(DomainError, match="không dành cho"):
        services.award_proposal_create(
            exemplar=exemplar, by=world.user("staff"), award=Award.objects.get(code="TTLDXS"), year=2024
        )
    assert Dossier.objects.count() == 0
