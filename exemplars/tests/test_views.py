from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from awards.models import Award, AwardRecord, Dossier
from campaigns import services as campaign_services
from campaigns.models import Campaign
from campaigns.tests.test_services import _reviewed
from exemplars.models import Exemplar, ExemplarFile, Honour, HonouringEvent, Stage
from exemplars.tests.factories import ExemplarFactory, ExemplarFileFactory, HonouringEventFactory, field
from exemplars.tests.images import png_bytes
from thiduakt.models import Job
from thiduakt.pdf import render_html
from thiduakt.services import job_run
from thiduakt.spreadsheets import read_xlsx
from thiduakt.tests.factories import PersonFactory
from thiduakt.tests.test_pdf import pdf_text

pytestmark = pytest.mark.django_db


def _client(world, role):
    client = Client()
    if role != "anon":
        client.force_login(world.user(role))
    return client


# Who may move an exemplar along the path: status of the POST and the stage afterwards.
MOVE_RESULTS = {
    "anon": (302, Stage.DISCOVERED),
    "admin": (302, Stage.FOSTERED),
    "staff": (302, Stage.FOSTERED),
    "donvi": (404, Stage.DISCOVERED),
    "donvi2": (404, Stage.DISCOVERED),
    "hoidong": (404, Stage.DISCOVERED),
}


@pytest.mark.parametrize("role", list(MOVE_RESULTS))
def test_move_for_every_role(world, role):
    exemplar = ExemplarFactory(unit=world.chau_thanh)
    response = _client(world, role).post(f"/dien-hinh/{exemplar.pk}/chuyen-buoc/", {"to": "fostered", "reason": "Tốt"})
    exemplar.refresh_from_db()
    assert (response.status_code, exemplar.stage) == MOVE_RESULTS[role]


@pytest.mark.parametrize(
    ("role", "published"), [("staff", True), ("donvi", False), ("donvi2", False), ("hoidong", False)]
)
def test_publish_for_every_role(world, role, published):
    exemplar = ExemplarFactory(unit=world.chau_thanh, stage=Stage.REVIEWED)
    _client(world, role).post(f"/dien-hinh/{exemplar.pk}/cong-bo/", {"public_summary": "Công khai"})
    exemplar.refresh_from_db()
    assert exemplar.is_published is published


def test_illegal_move_shows_a_vietnamese_message(world):
    exemplar = ExemplarFactory(unit=world.chau_thanh)
    response = _client(world, "staff").post(
        f"/dien-hinh/{exemplar.pk}/chuyen-buoc/", {"to": "replicated", "reason": "Thử"}, follow=True
    )
    assert (
        "Không thực hiện được: đang ở trạng thái «Phát hiện», không chuyển sang «Nhân rộng» được."
        in response.content.decode()
    )
    exemplar.refresh_from_db()
    assert exemplar.stage == Stage.DISCOVERED


def test_unit_proposes_an_exemplar_through_the_form(world):
    person = PersonFactory(unit=world.unit("HG.CT.NS"), full_name="Phạm Thị Lan")
    response = _client(world, "donvi").post(
        "/dien-hinh/them/",
        {
            "unit": world.chau_thanh.pk,
            "kind": "individual",
            "person": person.pk,
            "field": field("giao-duc").pk,
            "headline": "Giáo viên dạy giỏi",
            "story": '<p>Tận tụy<script>alert("x")</script></p><p onclick="x()">Sáng tạo</p>',
            "discovered_by": "Phòng GD&ĐT",
            "discovered_on": "2024-02-01",
        },
    )
    exemplar = Exemplar.objects.get()
    assert response.status_code == 302
    assert response.url == f"/dien-hinh/{exemplar.pk}/"
    assert (exemplar.name, exemplar.unit, exemplar.created_by) == (
        "Phạm Thị Lan",
        world.chau_thanh,
        world.user("donvi"),
    )
    assert exemplar.story == "<p>Tận tụy</p><p>Sáng tạo</p>"
    page = _client(world, "donvi").get(response.url).content.decode()
    assert "<p>Tận tụy</p><p>Sáng tạo</p>" in page
    assert "alert" not in page


def test_invalid_proposal_shows_errors_and_saves_nothing(world):
    other_unit_person = PersonFactory(unit=world.nga_bay)
    response = _client(world, "donvi").post(
        "/dien-hinh/them/",
        {
            "unit": world.nga_bay.pk,  # not the officer's unit
            "kind": "individual",
            "person": other_unit_person.pk,
            "field": field().pk,
            "headline": "",
            "discovered_by": "x",
            "discovered_on": "2999-01-01",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"unit", "person", "headline", "discovered_on"}
    assert Exemplar.objects.count() == 0


def test_stored_story_is_sanitised_again_when_shown(world):
    exemplar = ExemplarFactory(unit=world.chau_thanh, story='<p onmouseover="x()">Chữ</p><script>alert(1)</script>')
    page = _client(world, "staff").get(f"/dien-hinh/{exemplar.pk}/").content.decode()
    assert "<p>Chữ</p>" in page
    assert "onmouseover" not in page
    assert "<script>alert" not in page


def test_register_filters_and_searches_without_diacritics(world):
    person = PersonFactory(unit=world.chau_thanh, full_name="Lý Thị Xuân")
    target = ExemplarFactory(
        person=person,
        unit=world.unit("HG.CT.DP"),
        field=field("nong-nghiep"),
        stage=Stage.FOSTERED,
        discovered_on=date(2023, 5, 1),
    )
    ExemplarFactory(unit=world.chau_thanh, field=field("giao-duc"), discovered_on=date(2024, 5, 1))
    ExemplarFactory(
        unit=world.nga_bay, field=field("nong-nghiep"), stage=Stage.FOSTERED, discovered_on=date(2023, 1, 1)
    )
    client = _client(world, "staff")

    def names(**params):
        response = client.get("/dien-hinh/", params)
        return [e.pk for e in response.context["page"]]

    assert names(q="ly thi xuan") == [target.pk]
    assert names(q="XUÂN") == [target.pk]
    assert names(stage="fostered", unit=world.chau_thanh.pk) == [target.pk]
    assert names(field=field("nong-nghiep").pk, year=2023, unit=world.chau_thanh.pk) == [target.pk]
    assert len(names(field=field("nong-nghiep").pk)) == 2
    assert len(names(year="abc")) == 3  # an invalid filter is ignored, not an error


def test_register_filters_by_campaign(world):
    campaign = Campaign.objects.create(
        name="Cả nước thi đua xây dựng nông thôn mới",
        launcher="prime_minister",
        kind="regular",
        start_date=date(2021, 1, 1),
    )
    target = ExemplarFactory(unit=world.chau_thanh, campaign=campaign)
    ExemplarFactory(unit=world.chau_thanh)
    response = _client(world, "staff").get("/dien-hinh/", {"campaign": campaign.pk})
    assert [e.pk for e in response.context["page"]] == [target.pk]


def test_officer_register_lists_only_the_units_own_exemplars(world):
    own = ExemplarFactory(unit=world.unit("HG.CT.MD"))
    ExemplarFactory(unit=world.nga_bay)
    response = _client(world, "donvi").get("/dien-hinh/")
    assert [e.pk for e in response.context["page"]] == [own.pk]


def _many(world, count):
    for i in range(count):
        ExemplarFactory(
            unit=world.chau_thanh if i % 2 else world.unit("HG.CT.NS"),
            field=field("giao-duc" if i % 3 else "y-te"),
            stage=[Stage.DISCOVERED, Stage.FOSTERED, Stage.REVIEWED][i % 3],
        )


@pytest.mark.parametrize("count", [1, 50])
def test_register_query_count_is_constant(world, django_assert_num_queries, count):
    _many(world, count)
    client = _client(world, "staff")
    # session (read, then its idle-time update: 3), user, the user's unit in the menu, count, page rows,
    # filter options (fields, campaigns; the unit filter is a picker, reading only a chosen unit: none here)
    with django_assert_num_queries(11):
        response = client.get("/dien-hinh/")
    assert len(response.context["page"]) == count


@pytest.mark.parametrize("count", [1, 50])
def test_officer_register_query_count_is_constant(world, django_assert_num_queries, count):
    _many(world, count)
    client = _client(world, "donvi")
    # as staff, plus: the units below the officer's unit, the units below the filtered unit,
    # Django's own permission tables for the screen's links (2), the scoped filter options
    with django_assert_num_queries(17):
        response = client.get("/dien-hinh/", {"q": "mo hinh", "unit": world.chau_thanh.pk})
    assert len(response.context["page"]) == count


@pytest.mark.parametrize("count", [1, 50])
def test_spread_query_count_is_constant(world, django_assert_num_queries, count):
    _many(world, count)
    client = _client(world, "staff")
    # session (3 with its update), user, the user's unit in the menu, fields with counts, units, counts per unit
    with django_assert_num_queries(10):
        response = client.get("/dien-hinh/phan-bo/")
    assert response.context["total"] == count


def test_spread_shows_fields_and_areas_without_exemplars(world):
    ExemplarFactory(unit=world.unit("HG.CT.NS"), field=field("giao-duc"))
    ExemplarFactory(unit=world.chau_thanh, field=field("giao-duc"))
    ExemplarFactory(unit=world.unit("HG.NB.LH"), field=field("an-ninh-quoc-phong"))
    ExemplarFactory(unit=world.unit("HG.NB.LH"), field=field("y-te"), stage=Stage.DROPPED, drop_reason="x")
    response = _client(world, "staff").get("/dien-hinh/phan-bo/")
    ctx = response.context
    by_field = {f.code: f.total for f in ctx["by_field"]}
    assert (by_field["giao-duc"], by_field["an-ninh-quoc-phong"], by_field["y-te"]) == (2, 1, 0)
    assert "y-te" in {f.code for f in ctx["fields_without"]}
    by_area = {r["unit"]["pk"]: r["total"] for r in ctx["by_area"]}
    assert by_area[world.chau_thanh.pk] == 2
    assert by_area[world.nga_bay.pk] == 1
    without = {u["pk"] for u in ctx["areas_without"]}
    assert world.unit("HG.VT").pk in without
    assert world.chau_thanh.pk not in without
    page = response.content.decode()
    assert page.count('data-testid="chart"') == 2
    assert 'class="chart-bar-alt"' in page
    with_dropped = _client(world, "staff").get("/dien-hinh/phan-bo/", {"dropped": "1"}).context
    assert {f.code: f.total for f in with_dropped["by_field"]}["y-te"] == 1


def test_gallery_never_shows_an_unpublished_exemplar(world, private_media):
    published = ExemplarFactory(
        stage=Stage.REPLICATED, is_published=True, public_summary="Nội dung công khai", headline="Mô hình công bố"
    )
    hidden = [
        ExemplarFactory(stage=Stage.REVIEWED, headline="Chưa duyệt công bố"),
        ExemplarFactory(stage=Stage.DISCOVERED, headline="Mới phát hiện"),
        ExemplarFactory(stage=Stage.DROPPED, drop_reason="x", headline="Đã dừng"),
    ]
    client = Client()
    page = client.get("/dien-hinh/tieu-bieu/").content.decode()
    assert "Mô hình công bố" in page
    for exemplar in hidden:
        assert exemplar.headline not in page
        assert exemplar.name not in page
        assert client.get(f"/dien-hinh/tieu-bieu/{exemplar.pk}/").status_code == 404
    assert client.get(f"/dien-hinh/tieu-bieu/{published.pk}/").status_code == 200
    # Withdrawn from publication: gone at once.
    Exemplar.objects.filter(pk=published.pk).update(is_published=False)
    assert "Mô hình công bố" not in client.get("/dien-hinh/tieu-bieu/").content.decode()
    assert client.get(f"/dien-hinh/tieu-bieu/{published.pk}/").status_code == 404


def test_gallery_shows_only_what_was_approved(world, private_media):
    person = PersonFactory(full_name="Trần Văn Công", birth_year=1977, position="Trưởng ấp Phú Lợi", id_number="0930")
    exemplar = ExemplarFactory(
        person=person,
        stage=Stage.REVIEWED,
        is_published=True,
        public_summary="Tóm tắt được duyệt",
        story="<p>Câu chuyện nội bộ chưa duyệt</p>",
        discovered_by="Cán bộ Nguyễn Bí Mật",
    )
    public = ExemplarFileFactory(exemplar=exemplar, is_public=True, file=SimpleUploadedFile("a.png", png_bytes()))
    private = ExemplarFileFactory(exemplar=exemplar, is_public=False, file=SimpleUploadedFile("b.png", png_bytes()))
    document = ExemplarFileFactory(
        exemplar=exemplar, kind="document", extension=".pdf", file=SimpleUploadedFile("c.pdf", b"%PDF-1.4")
    )
    client = Client()
    page = client.get(f"/dien-hinh/tieu-bieu/{exemplar.pk}/").content.decode()
    assert "Trần Văn Công" in page
    assert "Tóm tắt được duyệt" in page
    for secret in ["1977", "Trưởng ấp Phú Lợi", "0930", "Câu chuyện nội bộ", "Nguyễn Bí Mật"]:
        assert secret not in page
    assert f"/dien-hinh/tieu-bieu/anh/{public.pk}/" in page
    assert f"/anh/{private.pk}/" not in page
    response = client.get(f"/dien-hinh/tieu-bieu/anh/{public.pk}/")
    assert (response.status_code, response["Content-Type"]) == (200, "image/jpeg")
    assert client.get(f"/dien-hinh/tieu-bieu/anh/{private.pk}/").status_code == 404
    assert client.get(f"/dien-hinh/tieu-bieu/anh/{document.pk}/").status_code == 404


def test_upload_download_and_thumbnail(world, private_media):
    exemplar = ExemplarFactory(unit=world.chau_thanh)
    client = _client(world, "donvi")
    client.post(
        f"/dien-hinh/{exemplar.pk}/tep/",
        {"kind": "photo", "caption": "Lớp học", "file": SimpleUploadedFile("lop.png", png_bytes())},
    )
    stored = ExemplarFile.objects.get()
    assert (stored.caption, stored.extension, stored.uploaded_by) == ("Lớp học", ".png", world.user("donvi"))
    response = client.get(f"/dien-hinh/tep/{stored.pk}/")
    assert b"".join(response.streaming_content) == png_bytes()
    assert client.get(f"/dien-hinh/tep/{stored.pk}/anh-nho/")["Content-Type"] == "image/jpeg"
    assert _client(world, "donvi2").get(f"/dien-hinh/tep/{stored.pk}/").status_code == 404
    bad = client.post(
        f"/dien-hinh/{exemplar.pk}/tep/",
        {"kind": "document", "file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00")},
        follow=True,
    )
    assert "không phải PDF, DOCX, XLSX, ODT, ODS, JPG hoặc PNG" in bad.content.decode()
    assert ExemplarFile.objects.count() == 1


def test_honours_list_exports_as_xlsx_and_pdf(world, tmp_path):
    event = HonouringEventFactory(
        title="Hội nghị biểu dương, tôn vinh điển hình tiên tiến", date=date(2023, 6, 8), organiser=world.unit("HG")
    )
    first = ExemplarFactory(person=PersonFactory(full_name="Lê Văn An"), headline="=1+1 mô hình")
    Honour.objects.create(event=event, exemplar=first, citation="Tiêu biểu")
    client = _client(world, "staff")
    response = client.get(f"/dien-hinh/bieu-duong/{event.pk}/danh-sach.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="danh-sach-bieu-duong-2023-06-08.xlsx"'
    headers, rows = read_xlsx(response.content)
    assert headers[:3] == ["STT", "Tên điển hình", "Đối tượng"]
    assert rows == [
        [1, "Lê Văn An", "Cá nhân", "Giáo dục - Đào tạo", first.unit.name, "'=1+1 mô hình", "Tiêu biểu", 1980, "Ông"]
    ]

    # The PDF is laid out by a background job: the request creates it, the job page hands the file over.
    assert client.get(f"/dien-hinh/bieu-duong/{event.pk}/danh-sach.pdf").status_code == 405
    requested = client.post(f"/dien-hinh/bieu-duong/{event.pk}/danh-sach.pdf")
    job = Job.objects.get()
    assert (job.kind, job.params, job.requested_by) == (
        "exemplars.honours_pdf",
        {"event_id": event.pk},
        world.user("staff"),
    )
    assert (requested.status_code, requested["Location"]) == (302, f"/cong-viec/{job.public_id}/")
    again = client.post(f"/dien-hinh/bieu-duong/{event.pk}/danh-sach.pdf")
    assert (again["Location"], Job.objects.count()) == (requested["Location"], 1)  # the same job, not a second one
    assert job_run(job_id=job.pk).status == Job.Status.DONE
    pdf = client.get(f"/cong-viec/{job.public_id}/tai-ve/")
    assert pdf["Content-Disposition"] == 'attachment; filename="danh-sach-bieu-duong-2023-06-08.pdf"'
    text = pdf_text(b"".join(pdf.streaming_content), tmp_path)
    assert "DANH SÁCH ĐIỂN HÌNH ĐƯỢC BIỂU DƯƠNG, TÔN VINH" in text
    assert "Hội nghị biểu dương, tôn vinh điển hình tiên tiến" in text
    assert "Ngày tổ chức: 08/06/2023" in text
    assert "Lê Văn An" in text


def test_honours_pdf_only_for_who_sees_the_events(world):
    event = HonouringEventFactory()
    assert _client(world, "donvi").post(f"/dien-hinh/bieu-duong/{event.pk}/danh-sach.pdf").status_code == 404
    assert not Job.objects.exists()
    _client(world, "staff").post(f"/dien-hinh/bieu-duong/{event.pk}/danh-sach.pdf")
    event.delete()  # gone before the worker ran

    job = job_run(job_id=Job.objects.get().pk)

    assert (job.status, job.message) == (
        Job.Status.FAILED,
        "Sự kiện biểu dương không còn tồn tại hoặc bạn không còn quyền xem.",
    )


def test_staff_adds_and_removes_an_exemplar_on_an_event(world):
    event = HonouringEventFactory()
    exemplar = ExemplarFactory(unit=world.chau_thanh)
    client = _client(world, "staff")
    client.post(f"/dien-hinh/bieu-duong/{event.pk}/them-dien-hinh/", {"exemplar": exemplar.pk, "citation": "Xuất sắc"})
    honour = Honour.objects.get()
    assert (honour.exemplar, honour.citation, honour.added_by) == (exemplar, "Xuất sắc", world.user("staff"))
    page = client.get(f"/dien-hinh/{exemplar.pk}/").content.decode()
    assert event.title in page
    client.post(f"/dien-hinh/bieu-duong/{event.pk}/rut/{honour.pk}/")
    assert Honour.objects.count() == 0


def test_an_honour_sent_twice_is_added_once_and_the_second_told_why(world):
    event = HonouringEventFactory()
    exemplar = ExemplarFactory(unit=world.chau_thanh)
    dropped = ExemplarFactory(unit=world.chau_thanh, stage=Stage.DROPPED, drop_reason="Chuyển công tác")
    other = ExemplarFactory(unit=world.chau_thanh)
    client = _client(world, "staff")
    url = f"/dien-hinh/bieu-duong/{event.pk}/them-dien-hinh/"
    first = client.post(url, {"exemplar": exemplar.pk, "citation": "Xuất sắc"}, follow=True)
    second = client.post(url, {"exemplar": exemplar.pk, "citation": "Xuất sắc"}, follow=True)
    late = client.post(url, {"exemplar": dropped.pk}, follow=True)

    told = [[str(m) for m in r.context["messages"]] for r in (first, second, late)]
    assert told == [
        ["Đã thêm điển hình vào danh sách biểu dương."],
        ["Điển hình đã có trong danh sách biểu dương của sự kiện."],
        ["Điển hình đã dừng theo dõi, không đưa vào danh sách biểu dương."],
    ]
    assert list(Honour.objects.values_list("event", "exemplar")) == [(event.pk, exemplar.pk)]
    # the picker offers only those that may still be added
    offered = [label for value, label in second.context["honour_form"].fields["exemplar"].widget.choices if value]
    assert offered == [str(other)]


def test_staff_creates_an_event_and_a_duplicate_is_refused(world):
    data = {
        "title": "Hội nghị biểu dương điển hình",
        "kind": "tribute",
        "date": "2023-06-08",
        "organiser": world.unit("HG").pk,
        "place": "Vị Thanh",
    }
    client = _client(world, "staff")
    first = client.post("/dien-hinh/bieu-duong/them/", data)
    assert first.status_code == 302
    again = client.post("/dien-hinh/bieu-duong/them/", data)
    assert again.status_code == 200
    assert again.context["form"].non_field_errors() == [
        "Sự kiện biểu dương, tôn vinh với thông tin Tên sự kiện và Ngày tổ chức đã tồn tại"
    ]
    assert HonouringEvent.objects.count() == 1


def test_unit_proposes_its_exemplar_for_an_award(world):
    exemplar = ExemplarFactory(unit=world.chau_thanh, stage=Stage.REVIEWED)
    response = _client(world, "donvi").post(
        f"/dien-hinh/{exemplar.pk}/de-nghi-khen-thuong/",
        {"award": Award.objects.get(code="BKT").pk, "year": 2024, "round_kind": "yearly", "summary": "Xuất sắc"},
        follow=True,
    )
    dossier = Dossier.objects.get()
    assert (dossier.unit, dossier.origin, dossier.created_by) == (world.chau_thanh, "exemplar", world.user("donvi"))
    assert "Đã mở hồ sơ đề nghị khen thưởng" in response.content.decode()
    assert exemplar.award_proposals.get().dossier == dossier


def test_exemplar_page_lists_the_award_history_of_the_nominee(world):
    exemplar = ExemplarFactory(unit=world.chau_thanh)
    AwardRecord.objects.create(
        recipient_kind="individual",
        person=exemplar.person,
        award=Award.objects.get(code="CSTDCS"),
        year=2022,
        decision_number="123/QĐ-UBND",
        decision_date=date(2022, 12, 20),
    )
    AwardRecord.objects.create(
        recipient_kind="individual", person=PersonFactory(), award=Award.objects.get(code="GK"), year=2021
    )
    response = _client(world, "donvi").get(f"/dien-hinh/{exemplar.pk}/")
    assert [(r.award.code, r.year) for r in response.context["award_records"]] == [("CSTDCS", 2022)]
    assert "123/QĐ-UBND (20/12/2022)" in response.content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_gallery_query_count_is_constant_and_filters_by_field(world, django_assert_num_queries, private_media, count):
    for i in range(count):
        exemplar = ExemplarFactory(
            stage=Stage.REVIEWED, is_published=True, public_summary="x", field=field("y-te" if i % 2 else "giao-duc")
        )
        ExemplarFileFactory(exemplar=exemplar, is_public=True)
    client = Client()
    # count, page rows, their public photos, the field options
    with django_assert_num_queries(4):
        response = client.get("/dien-hinh/tieu-bieu/")
    assert len(response.context["page"]) == min(count, 24)
    filtered = client.get("/dien-hinh/tieu-bieu/", {"field": field("giao-duc").pk})
    assert {e.field.code for e in filtered.context["page"]} == {"giao-duc"}


def test_honours_pdf_holds_the_names_in_nfc(world):
    event = HonouringEventFactory(title="Hội nghị tôn vinh", organiser=world.unit("HG"))
    Honour.objects.create(event=event, exemplar=ExemplarFactory(person=PersonFactory(full_name="Huỳnh Thị Hạnh")))
    html = render_html(
        "exemplars/pdf/honours.html",
        {"event": event, "rows": [[1, "Huỳnh Thị Hạnh", "Cá nhân", "Y tế", "Xã Phú Hữu", "Hiến đất"]]},
    )
    assert "<td>Huỳnh Thị Hạnh</td>" in html
    assert "Ngày tổ chức: 08/06/2024" in html


def test_an_exemplar_proposed_at_a_campaign_review_opens_a_prefilled_register_form(world):
    campaign, review = _reviewed(world)
    staff = world.user("staff")
    person = PersonFactory(full_name="Huỳnh Văn Mười", unit=world.chau_thanh)
    proposal = campaign_services.review_proposal_add(
        review=review,
        by=staff,
        unit=world.chau_thanh,
        kind="individual",
        award_code="BKT",
        person=person,
        is_exemplar=True,
        summary="Hiến 1.200 m² đất làm đường giao thông nông thôn",
    )
    plain = campaign_services.review_proposal_add(
        review=review,
        by=staff,
        unit=world.chau_thanh,
        kind="collective",
        award_code="BKT",
        nominee_unit=world.chau_thanh,
    )
    page = _client(world, "staff").get(f"/phong-trao/{campaign.pk}/tong-ket/").content.decode()
    assert page.count("/dien-hinh/them/?de-xuat=") == 1
    assert f"/dien-hinh/them/?de-xuat={proposal.pk}" in page

    form = _client(world, "donvi").get(f"/dien-hinh/them/?de-xuat={proposal.pk}").context["form"]
    assert {key: form.initial[key] for key in ("unit", "kind", "person", "collective", "campaign", "headline")} == {
        "unit": world.chau_thanh.pk,
        "kind": "individual",
        "person": person.pk,
        "collective": None,
        "campaign": campaign.pk,
        "headline": "Hiến 1.200 m² đất làm đường giao thông nông thôn",
    }
    assert form.initial["discovered_by"] == "Tổng kết phong trào “Vùng xanh thử nghiệm”"
    assert form.initial["discovered_on"] == review.held_on  # the review is dated inside its campaign, up to today
    # Not an exemplar proposal, another unit's proposal, or garbage: 404, nothing to fill from.
    assert _client(world, "staff").get(f"/dien-hinh/them/?de-xuat={plain.pk}").status_code == 404
    assert _client(world, "donvi2").get(f"/dien-hinh/them/?de-xuat={proposal.pk}").status_code == 404
    assert _client(world, "staff").get("/dien-hinh/them/?de-xuat=x1").status_code == 404
    assert Exemplar.objects.count() == 0


def test_the_spread_charts_svg_escapes_and_cuts_its_labels_as_the_template_did():
    from exemplars.views import _bars  # noqa: PLC0415 -- the chart writer itself

    long = "Ủy ban nhân dân xã Vĩnh Thuận Đông, huyện Long Mỹ"  # 49 characters
    rows = [{"label": "Xã <A> & B", "value": 4, "zero": False}, {"label": long, "value": 0, "zero": True}]
    chart = _bars(rows, "Số <điển hình>")
    svg = str(chart["svg"])
    assert svg.startswith('<svg class="w-100 mb-2" viewBox="0 0 720 56" role="img" aria-label="Số &lt;điển hình&gt;"')
    assert ">Xã &lt;A&gt; &amp; B</text>" in svg
    assert f">{long[:41]}…</text>" in svg and long not in svg
    assert '<rect class="chart-bar" x="260" y="0" width="400" height="22"></rect>' in svg
    assert '<rect class="chart-bar-alt" x="260" y="28" width="3" height="22"></rect>' in svg
    assert (chart["bars"], chart["height"]) == (2, 56)
