import pytest
from django.core.files.base import ContentFile

from exemplars import demo
from exemplars.models import Exemplar, ExemplarFile, HonouringEvent, Stage
from exemplars.tests.factories import ExemplarFileFactory, ensure_reference_data
from exemplars.tests.images import png_bytes
from thiduakt.models import Job
from thiduakt.services import job_run
from thiduakt.testing import PageProblems, World, browser_login, pick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _switch_user(page, base_url, username):
    page.context.clear_cookies()
    browser_login(page, base_url, username)


def test_unit_proposes_staff_walks_the_path_honours_publishes_and_the_public_sees_it(live_server, page):
    World()
    ensure_reference_data()
    url = live_server.url
    problems = PageProblems(page)
    page.on("dialog", lambda dialog: dialog.accept())

    # donvi (Châu Thành) proposes an exemplar.
    browser_login(page, url, "donvi")
    page.goto(f"{url}/dien-hinh/")
    page.click("[data-testid=exemplar-create]")
    page.select_option("#id_kind", "individual")
    pick(page, "id_person", "pham thi diem", "Phạm Thị Diễm")
    page.select_option("#id_field", label="Giáo dục - Đào tạo")
    page.fill("#id_headline", "Mô hình “Lớp học hạnh phúc”")
    page.fill("#id_story", "<p>Cô giáo tận tụy<script>alert(1)</script></p>")
    page.fill("#id_discovered_by", "Phòng Giáo dục và Đào tạo huyện Châu Thành")
    page.fill("#id_discovered_on", "2024-03-01")
    page.click("[data-testid=save]")
    page.wait_for_selector("[data-testid=exemplar-name]")
    assert page.locator("[data-testid=stage]").first.inner_text() == "Phát hiện"
    exemplar = Exemplar.objects.get()
    detail = f"{url}/dien-hinh/{exemplar.pk}/"
    assert page.url == detail
    assert page.locator("[data-testid=move-form]").count() == 0  # units do not move stages

    # staff moves it through the four stages.
    _switch_user(page, url, "staff")
    page.goto(detail)
    page.fill("[data-testid=move-form] textarea[name=reason]", "Mô hình hiệu quả bước đầu")
    page.click("[data-testid=move-form] button[type=submit]")
    page.wait_for_selector("text=Đã chuyển bước.")
    page.click("summary:has-text('Ghi hoạt động bồi dưỡng')")
    page.fill("[data-testid=fostering-form] #id_date", "2024-04-02")
    page.fill("[data-testid=fostering-form] #id_description", "Tập huấn phương pháp dạy học tích cực")
    page.click("[data-testid=fostering-form] button[type=submit]")
    page.wait_for_selector("text=Đã ghi hoạt động bồi dưỡng.")
    page.fill("[data-testid=move-form] textarea[name=reason]", "Sau một năm theo dõi")
    page.fill("[data-testid=move-form] textarea[name=review_text]", "Kinh nghiệm: lấy học sinh làm trung tâm.")
    page.fill("[data-testid=move-form] input[name=reviewed_on]", "2024-06-01")
    page.click("[data-testid=move-form] button[type=submit]")
    page.wait_for_selector("[data-testid=review]")
    page.click("summary:has-text('Ghi đơn vị nhân rộng')")
    pick(
        page, "id_adopting_unit", "nga bay", "Ủy ban nhân dân thành phố Ngã Bảy", scope="[data-testid=replication-form]"
    )
    page.fill("[data-testid=replication-form] #id_adopted_on", "2024-09-05")
    page.fill("[data-testid=replication-form] #id_results", "12 lớp áp dụng")
    page.click("[data-testid=replication-form] button[type=submit]")
    page.wait_for_selector("text=Đã ghi đơn vị nhân rộng.")
    page.fill("[data-testid=move-form] textarea[name=reason]", "Đã có đơn vị áp dụng")
    page.click("[data-testid=move-form] button[type=submit]")
    page.wait_for_selector("text=Đã chuyển bước.")
    assert page.locator("[data-testid=stage]").first.inner_text() == "Nhân rộng"
    exemplar.refresh_from_db()
    assert exemplar.stage == Stage.REPLICATED

    # staff adds it to an honouring event.
    page.goto(f"{url}/dien-hinh/bieu-duong/them/")
    page.fill("#id_title", "Hội nghị biểu dương, tôn vinh điển hình tiên tiến")
    page.fill("#id_date", "2024-06-08")
    pick(page, "id_organiser", "ubnd tinh hau giang", "Ủy ban nhân dân tỉnh Hậu Giang")
    page.click("button[type=submit]:has-text('Lưu')")
    page.wait_for_selector("[data-testid=honour-form]")
    page.select_option("[data-testid=honour-form] select[name=exemplar]", label="Phạm Thị Diễm")
    page.fill("[data-testid=honour-form] input[name=citation]", "Giáo viên tiêu biểu")
    page.click("[data-testid=honour-form] button[type=submit]")
    page.wait_for_selector("text=Đã thêm điển hình vào danh sách biểu dương.")
    assert "Phạm Thị Diễm" in page.locator("[data-testid=honours]").inner_text()

    # staff publishes it.
    page.goto(detail)
    page.fill("[data-testid=publish-form] #id_public_summary", "Cô giáo với lớp học hạnh phúc.")
    page.click("[data-testid=publish-form] button[type=submit]")
    page.wait_for_selector("[data-testid=published]")

    # It appears in the public gallery, for anyone.
    page.context.clear_cookies()
    page.goto(f"{url}/dien-hinh/tieu-bieu/")
    items = page.locator("[data-testid=gallery-item]")
    assert items.count() == 1
    assert "Phạm Thị Diễm" in items.first.inner_text()
    items.first.locator("a").click()
    assert page.locator("[data-testid=public-summary]").inner_text() == "Cô giáo với lớp học hạnh phúc."
    assert "alert" not in page.content()
    assert problems.errors == []


def test_screens_render_without_console_or_csp_errors(live_server, page, private_media):
    World()
    ensure_reference_data()
    demo.seed()
    published = Exemplar.objects.filter(is_published=True).first()
    ExemplarFileFactory(exemplar=published, is_public=True, file=ContentFile(png_bytes(), name="a.png"))
    url = live_server.url
    problems = PageProblems(page)
    browser_login(page, url, "staff")
    page.goto(f"{url}/dien-hinh/?q=giao+vien")
    assert page.locator("[data-testid=exemplar-row]").count() == 1
    page.goto(f"{url}/dien-hinh/phan-bo/")
    assert page.locator("svg[data-testid=chart] rect").count() > 10
    assert "Y tế" not in page.locator("[data-testid=fields-without]").inner_text()
    assert "Khoa học - Công nghệ" in page.locator("[data-testid=fields-without]").inner_text()
    event = HonouringEvent.objects.get()
    page.goto(f"{url}/dien-hinh/bieu-duong/{event.pk}/")
    with page.expect_download() as info:
        page.click("[data-testid=export-xlsx]")
    assert info.value.suggested_filename == "danh-sach-bieu-duong-2023-06-08.xlsx"
    # The PDF is laid out in the background: the button leads to the job's page, which offers the file when done.
    page.click("[data-testid=export-pdf]")
    page.wait_for_url(f"{url}/cong-viec/*/")
    assert page.locator("h1").inner_text() == "Xuất danh sách biểu dương, tôn vinh (PDF)"
    job_run(job_id=Job.objects.get(kind="exemplars.honours_pdf").pk)  # the worker's part, in this process
    with page.expect_download() as info:
        page.click("[data-testid=job-download]")
    assert info.value.suggested_filename == "danh-sach-bieu-duong-2023-06-08.pdf"
    page.goto(f"{url}/dien-hinh/{published.pk}/")
    assert page.locator("img.card-img-top").evaluate("img => img.naturalWidth") > 0
    page.context.clear_cookies()
    page.goto(f"{url}/dien-hinh/tieu-bieu/")
    assert page.locator("[data-testid=gallery-item]").count() == 2
    assert page.locator("[data-testid=gallery-item] img").evaluate("img => img.naturalWidth") > 0
    assert ExemplarFile.objects.filter(is_public=True).count() == 1
    assert problems.errors == []
