from datetime import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import Dossier
from clusters import demo
from clusters.models import Cluster, Criterion, FlagHandover, Score
from thiduakt.models import Job, OrgUnit
from thiduakt.services import job_run
from thiduakt.testing import PageProblems, World, browser_login, settle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# Shares of the maximum the other districts scored in 2024 (all below Châu Thành's).
OTHERS = {
    "HG.VT": "0.80",
    "HG.NB": "0.78",
    "HG.TXLM": "0.70",
    "HG.LM": "0.68",
    "HG.CTA": "0.66",
    "HG.PH": "0.64",
    "HG.VTH": "0.62",
}


def _prepare_2024():
    demo.seed()
    cluster = Cluster.objects.get(name=demo.DISTRICT_CLUSTER)
    cy = cluster.years.get(year=2024)
    criteria = list(Criterion.objects.filter(group__cluster_year=cy))
    for membership in cy.memberships.exclude(unit__code="HG.CT"):
        share = Decimal(OTHERS[membership.unit.code])
        for c in criteria:
            Score.objects.create(
                membership=membership, criterion=c, self_points=(c.max_points * share).quantize(Decimal("0.01"))
            )
        membership.submitted_at = timezone.make_aware(datetime(2024, 12, 10, 9, 0))
        membership.save()
    return cluster, cy, criteria


def _accept_dialogs(page):
    page.on("dialog", lambda dialog: dialog.accept())


def test_self_scores_publish_proposal_dossier_and_flag_history(live_server, page, tmp_path):
    World()
    cluster, _cy, criteria = _prepare_2024()
    evidence = tmp_path / "minh-chung.pdf"
    evidence.write_bytes(PDF)
    problems = PageProblems(page)
    _accept_dialogs(page)

    # Châu Thành's officer enters its self-scores with evidence and submits them.
    browser_login(page, live_server.url, "donvi")
    page.goto(f"{live_server.url}/cum-khoi/?nam=2024")
    page.fill("#f-q", "huyen")  # diacritics-insensitive search, results swapped in by htmx
    page.wait_for_url("**q=huyen**")
    assert page.locator("[data-testid=cluster-list] tbody tr").count() == 1
    page.click(f"text={cluster.name}")
    page.click("[data-testid=sheet-HG\\.CT]")
    for c in criteria:
        page.fill(f"#id_points_{c.pk}", format((c.max_points * Decimal("0.95")).normalize(), "f"))
        if c.evidence_required:
            page.set_input_files(f"#id_file_{c.pk}", str(evidence))
    settle(page, lambda: page.click("[data-testid=save-scores]"))
    assert "Đã lưu điểm tự chấm." in page.locator(".alert-success").inner_text()
    settle(page, lambda: page.click("[data-testid=submit-sheet]"))
    assert "Đã nộp bảng tự chấm." in page.locator(".alert-success").inner_text()
    assert page.locator("[data-testid=sheet-total]").inner_text() == "95"

    # Staff publish the ranking.
    page.context.clear_cookies()
    browser_login(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/cum-khoi/{cluster.pk}/2024/xep-hang/")
    assert page.locator("[data-testid=draft-badge]").is_visible()
    settle(page, lambda: page.click("[data-testid=publish]"))
    assert "Đã công bố xếp hạng." in page.locator(".alert-success").inner_text()
    first = page.locator("[data-testid=ranking] tbody tr").first.locator("td").all_inner_texts()
    assert first[:2] == ["1", "Ủy ban nhân dân huyện Châu Thành"]
    # Its PDF is laid out in the background: the button leads to the job's page, which offers the file when done.
    page.click("[data-testid=ranking-pdf]")
    page.wait_for_url(f"{live_server.url}/cong-viec/*/")
    assert page.locator("h1").inner_text() == "Xuất bảng xếp hạng cụm, khối thi đua (PDF)"
    job_run(job_id=Job.objects.get(kind="clusters.ranking_pdf").pk)  # the worker's part, in this process
    with page.expect_download() as info:
        page.click("[data-testid=job-download]")
    assert info.value.suggested_filename == f"xep-hang-cum-{cluster.pk}-2024.pdf"

    # The head (Châu Thành in 2024) drafts the proposal, records the meeting and sends it as a dossier.
    page.context.clear_cookies()
    browser_login(page, live_server.url, "donvi")
    page.goto(f"{live_server.url}/cum-khoi/{cluster.pk}/2024/#de-nghi")
    settle(page, lambda: page.click("text=Lập đề nghị từ kết quả xếp hạng"))
    items = page.locator("[data-testid=proposal-items] tbody tr").all_inner_texts()
    assert [" ".join(i.split()[:1]) for i in items] == ["1", "2", "3"]
    page.click("text=Biên bản họp và biểu quyết")
    page.fill("#id_meeting_on", "2025-01-15")
    page.fill("#id_meeting_place", "Huyện Châu Thành")
    page.fill("#id_votes_for", "8")
    page.fill("#id_votes_total", "8")
    page.set_input_files("#id_upload", str(evidence))
    with page.expect_navigation():
        page.click("button[type=submit]:has-text('Lưu')")
    with page.expect_navigation():  # after the confirm dialog, which _accept_dialogs accepts
        page.click("text=Chuyển thành hồ sơ đề nghị")
    expect(page.locator("[data-testid=proposal-sent]")).to_be_visible()
    dossier = Dossier.objects.get(origin="cluster_proposal")
    assert (dossier.unit.code, dossier.round_kind, dossier.year) == ("HG.CT", "cluster", 2024)
    assert sorted((n.unit.code, n.award.code) for n in dossier.nominations.select_related("unit", "award")) == [
        ("HG.CT", "CTDT"),
        ("HG.NB", "BKT"),
        ("HG.VT", "BKT"),
    ]
    page.goto(f"{live_server.url}/khen-thuong/")
    assert dossier.title in page.content()

    # The flag history: Ngã Bảy (head 2023) → Châu Thành (head 2024).
    page.goto(f"{live_server.url}/cum-khoi/{cluster.pk}/")
    flag_row = page.locator("[data-testid=flag-history] tbody tr").first.locator("td").all_inner_texts()
    assert flag_row[0] == "20/01/2024"
    assert flag_row[1].startswith("Ủy ban nhân dân thành phố Ngã Bảy (cụm trưởng 2023)")
    assert flag_row[2].startswith("Ủy ban nhân dân huyện Châu Thành (cụm trưởng 2024)")
    heads = page.locator("[data-testid=head-history] tbody tr").all_inner_texts()
    assert [h.split("\t")[:2] for h in heads] == [
        ["2024", "Ủy ban nhân dân huyện Châu Thành"],
        ["2023", "Ủy ban nhân dân thành phố Ngã Bảy"],
    ]
    assert problems.errors == []


def test_staff_correct_a_mistaken_flag_handover(live_server, page):
    """The 2024 flag recorded from the wrong unit: staff cancel it with a reason, record the right one from the
    form that starts from the year, the holder and the new head, then correct its place with a reason."""
    World()
    demo.seed()
    cluster = Cluster.objects.get(name=demo.DISTRICT_CLUSTER)
    FlagHandover.objects.filter(cluster=cluster, year=2024).update(from_unit=OrgUnit.objects.get(code="HG.VT"))
    problems = PageProblems(page)
    browser_login(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/cum-khoi/{cluster.pk}/")
    page.click("[data-testid=handover-cancel-2024]")
    page.fill("#id_reason", "Ghi nhầm đơn vị trao: Vị Thanh thay vì Ngã Bảy")
    settle(page, lambda: page.click("button[type=submit]:has-text('Hủy bản ghi')"))
    assert "Đã hủy bản ghi trao cờ" in page.locator(".alert-success").inner_text()
    cancelled = page.locator("[data-testid=handover-cancelled]").inner_text()
    assert "Đã hủy (ghi nhầm)" in cancelled and "Ghi nhầm đơn vị trao: Vị Thanh thay vì Ngã Bảy" in cancelled

    page.click("text=Ghi nhận trao cờ")
    assert page.input_value("#id_year") == "2024"
    assert page.input_value("#id_from_unit") == str(OrgUnit.objects.get(code="HG.NB").pk)
    assert page.input_value("#id_to_unit") == str(OrgUnit.objects.get(code="HG.CT").pk)
    page.fill("#id_handed_on", "2024-01-20")
    settle(page, lambda: page.click("button[type=submit]:has-text('Lưu')"))
    assert "Đã ghi nhận việc trao Cờ Cụm trưởng." in page.locator(".alert-success").inner_text()

    page.click("[data-testid=handover-edit-2024]")
    page.fill("#id_place", "Hội trường UBND thành phố Ngã Bảy")
    page.fill("#id_reason", "Bổ sung địa điểm theo biên bản")
    settle(page, lambda: page.click("button[type=submit]:has-text('Lưu')"))
    assert "Đã sửa bản ghi trao Cờ Cụm trưởng." in page.locator(".alert-success").inner_text()
    row = page.locator("[data-testid=handover-recorded]").first.locator("td").all_inner_texts()
    assert row[0] == "20/01/2024"
    assert row[1].startswith("Ủy ban nhân dân thành phố Ngã Bảy (cụm trưởng 2023)")
    assert row[3] == "Hội trường UBND thành phố Ngã Bảy"
    assert "Ủy ban nhân dân huyện Châu Thành" in page.locator("[data-testid=flag-holder]").inner_text()
    handover = FlagHandover.objects.get(cluster=cluster, year=2024, status="recorded")
    assert handover.history.first().history_change_reason == "Bổ sung địa điểm theo biên bản"
    assert problems.errors == []
