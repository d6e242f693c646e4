from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from clusters import demo
from clusters.models import Cluster, ClusterYear, FlagHandover, Membership, RankingEntry, Score
from clusters.selectors import cluster_units
from clusters.tests.factories import CriterionFactory, CriterionGroupFactory, cluster_with_members
from thiduakt.models import Job
from thiduakt.services import job_run
from thiduakt.spreadsheets import read_xlsx
from thiduakt.tests.factories import OfficerFactory, OrgUnitFactory
from thiduakt.tests.test_pdf import pdf_text
from thiduakt.tests.upload_files import png_bytes

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def seeded(world):
    demo.seed()
    return Cluster.objects.get(name=demo.DISTRICT_CLUSTER)


def test_demo_seed_twice_changes_nothing(seeded):
    counts = (
        Membership.objects.count(),
        Score.objects.count(),
        RankingEntry.objects.count(),
        FlagHandover.objects.count(),
    )
    demo.seed()
    assert counts == (
        Membership.objects.count(),
        Score.objects.count(),
        RankingEntry.objects.count(),
        FlagHandover.objects.count(),
    )
    assert counts == (8 + 8 + 11, 8 * 7, 8, 1)


def test_cluster_page_shows_flag_history_nga_bay_2023_to_chau_thanh_2024(world, seeded):
    response = _client(world.user("donvi")).get(f"/cum-khoi/{seeded.pk}/")
    assert response.status_code == 200
    history = [(h["cy"].year, str(h["head"])) for h in response.context["history"]]
    assert history == [(2024, "Ủy ban nhân dân huyện Châu Thành"), (2023, "Ủy ban nhân dân thành phố Ngã Bảy")]
    flag = response.context["flag"]
    assert (flag.from_unit.code, flag.to_unit.code, flag.handed_on.strftime("%d/%m/%Y")) == (
        "HG.NB",
        "HG.CT",
        "20/01/2024",
    )
    assert (
        "Đơn vị đang giữ Cờ Cụm trưởng: <strong>Ủy ban nhân dân huyện Châu Thành</strong>" in response.content.decode()
    )


def test_year_page_renders_for_staff_and_member(world, seeded):
    for role in ("staff", "donvi", "donvi2"):
        response = _client(world.user(role)).get(f"/cum-khoi/{seeded.pk}/2023/")
        assert response.status_code == 200, role
    member_rows = _client(world.user("donvi2")).get(f"/cum-khoi/{seeded.pk}/2024/").context["rows"]
    assert [r.unit.code for r in member_rows] == ["HG.NB"]  # a member sees only its own scores
    head_rows = _client(world.user("donvi")).get(f"/cum-khoi/{seeded.pk}/2024/").context["rows"]
    assert len(head_rows) == 8  # the head (Châu Thành in 2024) sees every member's draft


def test_ranking_draft_hidden_from_members_published_shown(world, seeded):
    draft = _client(world.user("donvi2")).get(f"/cum-khoi/{seeded.pk}/2024/xep-hang/")
    assert draft.context["rows"] is None
    assert "chưa được công bố" in draft.content.decode()
    published = _client(world.user("donvi2")).get(f"/cum-khoi/{seeded.pk}/2023/xep-hang/")
    assert [e.membership.unit.code for e in published.context["rows"]][:2] == ["HG.NB", "HG.CT"]
    assert _client(world.user("donvi2")).get(f"/cum-khoi/{seeded.pk}/2024/xep-hang.xlsx").status_code == 404


def test_ranking_xlsx_has_the_rows(world, seeded):
    response = _client(world.user("staff")).get(f"/cum-khoi/{seeded.pk}/2023/xep-hang.xlsx")
    headers, rows = read_xlsx(response.content)
    assert headers == ["Hạng", "Đơn vị", "Tự chấm", "Sau thẩm định", "Điểm trừ", "Tổng điểm"]
    assert [r[:2] for r in rows[:2]] == [
        [1, "Ủy ban nhân dân thành phố Ngã Bảy"],
        [2, "Ủy ban nhân dân huyện Châu Thành"],
    ]


def test_ranking_pdf_is_a_job_whose_file_holds_the_ranking(world, seeded, tmp_path):
    staff = _client(world.user("staff"))
    cy = ClusterYear.objects.get(cluster=seeded, year=2023)

    response = staff.post(f"/cum-khoi/{seeded.pk}/2023/xep-hang.pdf")

    job = Job.objects.get()
    assert (job.kind, job.params, job.requested_by, job.status) == (
        "clusters.ranking_pdf",
        {"cluster_year_id": cy.pk},
        world.user("staff"),
        Job.Status.WAITING,
    )
    assert (response.status_code, response["Location"]) == (302, f"/cong-viec/{job.public_id}/")
    # A second click follows the job under way instead of laying out the same file twice.
    again = staff.post(f"/cum-khoi/{seeded.pk}/2023/xep-hang.pdf")
    assert (again["Location"], Job.objects.count()) == (f"/cong-viec/{job.public_id}/", 1)

    assert job_run(job_id=job.pk).status == Job.Status.DONE
    download = staff.get(f"/cong-viec/{job.public_id}/tai-ve/")
    assert download["Content-Disposition"] == f'attachment; filename="xep-hang-cum-{seeded.pk}-2023.pdf"'
    text = pdf_text(b"".join(download.streaming_content), tmp_path)
    assert "BẢNG XẾP HẠNG THI ĐUA NĂM 2023" in text
    assert demo.DISTRICT_CLUSTER in text
    assert "Dự thảo" not in text  # 2023 is published
    first, second = "Ủy ban nhân dân thành phố Ngã Bảy", "Ủy ban nhân dân huyện Châu Thành"
    assert text.index(first) < text.index(second)
    # Once done, a new request lays out a new file (the ranking may have changed).
    staff.post(f"/cum-khoi/{seeded.pk}/2023/xep-hang.pdf")
    assert Job.objects.count() == 2


def test_ranking_pdf_draft_only_for_the_head_and_staff(world, seeded, tmp_path):
    assert _client(world.user("donvi2")).post(f"/cum-khoi/{seeded.pk}/2024/xep-hang.pdf").status_code == 404
    assert _client(world.user("donvi2")).get(f"/cum-khoi/{seeded.pk}/2024/xep-hang.pdf").status_code == 405
    assert not Job.objects.exists()

    _client(world.user("donvi")).post(f"/cum-khoi/{seeded.pk}/2024/xep-hang.pdf")  # Châu Thành heads 2024

    job = job_run(job_id=Job.objects.get().pk)
    assert (job.status, job.result_name) == (Job.Status.DONE, f"xep-hang-cum-{seeded.pk}-2024.pdf")
    with job.result_file.open("rb") as f:
        assert "Dự thảo – chưa công bố" in pdf_text(f.read(), tmp_path)


def test_ranking_pdf_job_checks_access_again_when_it_runs(world, seeded):
    _client(world.user("donvi")).post(f"/cum-khoi/{seeded.pk}/2024/xep-hang.pdf")
    officer = world.user("donvi")
    officer.unit = OrgUnitFactory()  # moved to a unit outside the cluster before the worker ran
    officer.save()

    job = job_run(job_id=Job.objects.get().pk)

    assert (job.status, job.message, job.result_file.name) == (
        Job.Status.FAILED,
        "Cụm, khối thi đua không còn tồn tại hoặc bạn không còn quyền xem.",
        "",
    )


def test_self_score_form_saves_points_and_evidence(world, private_media):
    cy = cluster_with_members([world.chau_thanh, world.nga_bay], head=world.nga_bay)
    criterion = CriterionFactory(group=CriterionGroupFactory(cluster_year=cy), max_points=Decimal("20"))
    membership = cy.memberships.get(unit=world.chau_thanh)
    client = _client(world.user("donvi"))
    response = client.post(
        f"/cum-khoi/thanh-vien/{membership.pk}/cham-diem/",
        {
            f"points_{criterion.pk}": "18.5",
            f"note_{criterion.pk}": "Vượt kế hoạch",
            f"file_{criterion.pk}": SimpleUploadedFile("bao-cao.pdf", PDF),
        },
    )
    assert response.status_code == 302
    score = Score.objects.get()
    assert (score.self_points, score.self_note, score.file_name) == (Decimal("18.5"), "Vượt kế hoạch", "bao-cao.pdf")
    download = client.get(f"/cum-khoi/diem/{score.pk}/minh-chung/")
    assert b"".join(download.streaming_content) == PDF
    assert _client(world.user("donvi2")).get(f"/cum-khoi/diem/{score.pk}/minh-chung/").status_code == 200  # head
    assert (
        _client(OfficerFactory(unit=OrgUnitFactory())).get(f"/cum-khoi/diem/{score.pk}/minh-chung/").status_code == 404
    )


def test_self_score_form_above_max_shows_error_and_saves_nothing(world):
    cy = cluster_with_members([world.chau_thanh])
    criterion = CriterionFactory(group=CriterionGroupFactory(cluster_year=cy), max_points=Decimal("20"))
    membership = cy.memberships.get()
    response = _client(world.user("donvi")).post(
        f"/cum-khoi/thanh-vien/{membership.pk}/cham-diem/", {f"points_{criterion.pk}": "25"}
    )
    assert response.status_code == 200
    assert "Tối đa 20 điểm." in response.content.decode()
    assert Score.objects.count() == 0


def test_head_officer_adjusts_with_reason_only(world):
    cy = cluster_with_members([world.chau_thanh, world.nga_bay], head=world.chau_thanh)
    criterion = CriterionFactory(group=CriterionGroupFactory(cluster_year=cy))
    score = Score.objects.create(membership=cy.memberships.get(unit=world.nga_bay), criterion=criterion, self_points=9)
    client = _client(world.user("donvi"))
    response = client.post(f"/cum-khoi/diem/{score.pk}/tham-dinh/", {"points": "7", "reason": ""})
    assert response.status_code == 200
    score.refresh_from_db()
    assert score.adjusted_points is None
    response = client.post(f"/cum-khoi/diem/{score.pk}/tham-dinh/", {"points": "7", "reason": "Thiếu minh chứng"})
    score.refresh_from_db()
    assert (response.status_code, score.adjusted_points, score.adjust_reason) == (302, Decimal("7"), "Thiếu minh chứng")
    # The member itself cannot adjust its own score.
    assert (
        _client(world.user("donvi2"))
        .post(f"/cum-khoi/diem/{score.pk}/tham-dinh/", {"points": "10", "reason": "x"})
        .status_code
        == 404
    )


def test_cluster_list_search_is_diacritics_insensitive(world, seeded):
    response = _client(world.user("staff")).get("/cum-khoi/", {"nam": 2024, "q": "van hoa"})
    assert [r["cy"].cluster.name for r in response.context["rows"]] == ["Khối văn hóa – xã hội"]


def _members(n, world):
    units = [world.chau_thanh, *[OrgUnitFactory(kind="district") for _ in range(n - 1)]]
    cy = cluster_with_members(units, year=2024, head=world.chau_thanh)
    group = CriterionGroupFactory(cluster_year=cy)
    criteria = [CriterionFactory(group=group) for _ in range(3)]
    for m in cy.memberships.all():
        for c in criteria:
            Score.objects.create(membership=m, criterion=c, self_points=Decimal("5"))
    return cy


@pytest.mark.parametrize("size", [4, 15])
def test_cluster_list_query_count_constant(world, django_assert_num_queries, size):
    cy = _members(size, world)
    for i in range(size // 4):  # more clusters too
        cluster_with_members([OrgUnitFactory(), world.chau_thanh], year=2024, name=f"Khối thêm {i}")
    client = _client(world.user("staff"))
    with django_assert_num_queries(13):
        response = client.get("/cum-khoi/", {"nam": 2024})
    assert response.status_code == 200
    assert cy.cluster.name in response.content.decode()


@pytest.mark.parametrize("size", [4, 15])
def test_ranking_page_query_count_constant(world, django_assert_num_queries, size):
    cy = _members(size, world)
    client = _client(world.user("donvi"))
    # Two of them are Django's model-permission lookup (user and group permissions) that user.has_perm
    # makes once per request when the rules refuse (a plain member may not read drafts); two more find the
    # Sở Nội vụ in force on the day of publication (the province-level unit, its office holders).
    with django_assert_num_queries(17):
        response = client.get(f"/cum-khoi/{cy.cluster_id}/2024/xep-hang/")
    assert len(response.context["rows"]) == size


@pytest.mark.parametrize("size", [4, 15])
def test_year_page_query_count_constant(world, django_assert_num_queries, size):
    cy = _members(size, world)
    client = _client(world.user("donvi"))
    # With the model-permission lookup, as on the ranking page, and the members' successors (closed ones marked).
    with django_assert_num_queries(24):
        response = client.get(f"/cum-khoi/{cy.cluster_id}/2024/")
    assert len(response.context["rows"]) == size


KEPT_YEAR_PAGE = 4  # the cluster and its year; what the page shows of them, the menu and the badge from the cache


@pytest.mark.parametrize("size", [4, 15])
def test_year_page_kept_until_what_it_shows_is_written(world, django_assert_num_queries, settings, size):
    from thiduakt.models import Notification  # noqa: PLC0415 -- beside the test that needs it

    settings.WRITE_CACHE_SHARED = True
    cy = _members(size, world)
    client = _client(world.user("staff"))
    url = f"/cum-khoi/{cy.cluster_id}/2024/"
    first = client.get(url)
    assert [r.total for r in first.context["rows"]] == [Decimal("15")] * size
    with django_assert_num_queries(KEPT_YEAR_PAGE):
        client.get(url)
    Notification.objects.create(recipient=world.user("staff"), title="Có thông báo mới")  # not what it shows
    with django_assert_num_queries(KEPT_YEAR_PAGE + 1):  # the menu's badge alone read again
        client.get(url)

    score = Score.objects.filter(membership__unit=world.chau_thanh, membership__cluster_year=cy).first()
    Score.objects.filter(pk=score.pk).update(adjusted_points=Decimal("1"), adjust_reason="Thiếu minh chứng")

    rows = client.get(url).context["rows"]
    assert {r.unit.pk: r.total for r in rows}[world.chau_thanh.pk] == Decimal("11")
    assert rows[-1].unit == world.chau_thanh  # last now


def test_year_create_view_carries_members(world):
    cy = cluster_with_members([world.chau_thanh, world.nga_bay])
    response = _client(world.user("staff")).post(f"/cum-khoi/{cy.cluster_id}/mo-nam/", {"year": 2024})
    assert response.status_code == 302
    assert sorted(ClusterYear.objects.get(year=2024).memberships.values_list("unit__code", flat=True)) == [
        "HG.CT",
        "HG.NB",
    ]


def test_admin_pages_render_for_administrator(world, seeded):
    client = _client(world.user("admin"))
    for model in ("cluster", "clusteryear", "membership", "score", "flaghandover", "rotationproposal", "rankingentry"):
        assert client.get(f"/admin/clusters/{model}/").status_code == 200, model
    cy = ClusterYear.objects.get(cluster=seeded, year=2023)
    assert client.get(f"/admin/clusters/clusteryear/{cy.pk}/change/").status_code == 200


def test_cluster_units_selector_lists_members_of_the_year(world, seeded):
    assert sorted(cluster_units(cluster=seeded, year=2024).values_list("code", flat=True)) == sorted(demo.DISTRICTS)
    assert list(cluster_units(cluster=seeded, year=2022)) == []


def test_staff_confirm_rotation_through_the_screens(world):
    cy = cluster_with_members([world.unit("HG.VT"), world.nga_bay, world.chau_thanh], head=world.nga_bay)
    client = _client(world.user("staff"))
    response = client.post(f"/cum-khoi/{cy.cluster_id}/2023/luan-phien/")
    assert response.status_code == 302
    proposal = cy.rotation_proposals.get()
    client.post(f"/cum-khoi/luan-phien/{proposal.pk}/xac-nhan/")
    page = client.get(f"/cum-khoi/{cy.cluster_id}/")
    assert [
        (h["cy"].year, h["head"].code, h["deputy"].code if h["deputy"] else None) for h in page.context["history"]
    ] == [
        (2024, "HG.CT", "HG.VT"),
        (2023, "HG.NB", None),
    ]
    again = client.post(f"/cum-khoi/luan-phien/{proposal.pk}/xac-nhan/", follow=True)
    assert "không còn chờ xác nhận" in again.content.decode()


def test_staff_record_handover_with_photo_and_member_downloads_it(world, private_media):
    cy = cluster_with_members([world.nga_bay, world.chau_thanh], year=2024, head=world.chau_thanh)
    png = png_bytes()
    response = _client(world.user("staff")).post(
        f"/cum-khoi/{cy.cluster_id}/trao-co/",
        {
            "year": 2024,
            "from_unit": world.nga_bay.pk,
            "to_unit": world.chau_thanh.pk,
            "handed_on": "2024-01-20",
            "place": "Thành phố Ngã Bảy",
            "upload": SimpleUploadedFile("trao-co.png", png),
        },
    )
    assert response.status_code == 302
    handover = FlagHandover.objects.get()
    assert (handover.to_unit, handover.file_name) == (world.chau_thanh, "trao-co.png")
    download = _client(world.user("donvi")).get(f"/cum-khoi/trao-co/{handover.pk}/tep/")
    assert b"".join(download.streaming_content) == png


def test_handover_with_renamed_executable_is_refused(world, private_media):
    cy = cluster_with_members([world.nga_bay, world.chau_thanh])
    response = _client(world.user("staff")).post(
        f"/cum-khoi/{cy.cluster_id}/trao-co/",
        {
            "year": 2024,
            "to_unit": world.chau_thanh.pk,
            "handed_on": "2024-01-20",
            "upload": SimpleUploadedFile("anh.jpg", b"MZ\x90\x00binary"),
        },
    )
    assert response.status_code == 200
    assert "không phải PDF, DOCX, XLSX, ODT, ODS, JPG hoặc PNG" in response.content.decode()
    assert FlagHandover.objects.count() == 0


def test_staff_publish_through_the_screen_refused_until_all_submitted(world):
    cy = cluster_with_members([world.nga_bay, world.chau_thanh])
    response = _client(world.user("staff")).post(f"/cum-khoi/{cy.cluster_id}/2023/cong-bo/", follow=True)
    assert "Còn đơn vị chưa nộp bảng tự chấm" in response.content.decode()
    cy.refresh_from_db()
    assert cy.scoring_status == "open"


def test_member_commitment_saved_and_shown(world):
    cy = cluster_with_members([world.nga_bay, world.chau_thanh])
    membership = cy.memberships.get(unit=world.chau_thanh)
    client = _client(world.user("donvi"))
    client.post(f"/cum-khoi/thanh-vien/{membership.pk}/cam-ket/", {"content": "Vượt 5% thu ngân sách"})
    page = client.get(f"/cum-khoi/{cy.cluster_id}/2023/")
    assert "Vượt 5% thu ngân sách" in page.content.decode()


def test_staff_build_table_and_tie_break_through_the_screens(world):
    cy = cluster_with_members([world.nga_bay, world.chau_thanh])
    client = _client(world.user("staff"))
    client.post(f"/cum-khoi/{cy.cluster_id}/2023/bang-diem/nhom/", {"position": 1, "title": "Kinh tế"})
    group = cy.criterion_groups.get()
    client.post(
        f"/cum-khoi/nhom-tieu-chi/{group.pk}/tieu-chi/",
        {"position": 1, "title": "Thu ngân sách", "max_points": "15", "evidence_required": "Báo cáo"},
    )
    assert list(group.criteria.values_list("title", "max_points")) == [("Thu ngân sách", Decimal("15"))]
    response = client.post(
        f"/cum-khoi/{cy.cluster_id}/2023/cau-hinh/",
        {
            "flag_count": 1,
            "commendation_count": 3,
            "tie_break_1": "earlier_submission",
            "tie_break_2": "fewer_deductions",
        },
    )
    assert response.status_code == 302
    cy.refresh_from_db()
    assert (cy.commendation_count, cy.tie_break_rules) == (3, ["earlier_submission", "fewer_deductions"])
    twice = client.post(
        f"/cum-khoi/{cy.cluster_id}/2023/cau-hinh/",
        {
            "flag_count": 1,
            "commendation_count": 3,
            "tie_break_1": "fewer_deductions",
            "tie_break_2": "fewer_deductions",
        },
    )
    assert "Mỗi quy tắc chỉ chọn một lần." in twice.content.decode()


def test_cluster_list_htmx_search_returns_only_the_results(world, seeded):
    response = _client(world.user("staff")).get(
        "/cum-khoi/", {"nam": 2024, "q": "khoi"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="cluster-results">')
    assert "<html" not in html
    assert sorted(r["cy"].cluster.name for r in response.context["rows"]) == [
        "Khối các sở quản lý kinh tế – kỹ thuật",
        "Khối các sở, ban, ngành tổng hợp",
        "Khối các tổ chức chính trị - xã hội",
        "Khối văn hóa – xã hội",
    ]


def test_cluster_list_names_the_members_by_name_with_their_head_and_deputy(world):
    b = OrgUnitFactory(kind="district", name="Huyện Bình Minh", short_name="")
    a = OrgUnitFactory(kind="district", name="Huyện An Phú", short_name="An Phú")
    cy = cluster_with_members([world.chau_thanh, b, a], year=2024, head=b, deputy=a, name="Khối kiểm thử tên")

    response = _client(world.user("staff")).get("/cum-khoi/", {"nam": 2024, "q": "kiem thu ten"})

    [row] = response.context["rows"]
    names = sorted([world.chau_thanh, b, a], key=lambda unit: unit.name)
    assert row["members"] == ", ".join(unit.short_name or unit.name for unit in names)
    assert (row["head"], row["deputy"]) == ("Huyện Bình Minh", "Huyện An Phú")
    assert row["url"] == f"/cum-khoi/{cy.cluster_id}/2024/"
    page = response.content.decode()
    assert f'<a href="/cum-khoi/{cy.cluster_id}/2024/">Khối kiểm thử tên</a>' in page
    assert f'<span class="small">{row["members"]}</span>' in page
