"""Access-matrix rows of the reports app: every URL × every role."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from reports.tests.factories import ReportFactory
from thiduakt.models import Job
from thiduakt.testing import row


def _done_job(world, name: str) -> Job:
    job = Job.objects.create(kind="reports.pdf", requested_by=world.user("staff"), status=Job.Status.DONE, progress=100)
    job.result_file.name = default_storage.save(f"jobs/access/{job.public_id}/{name}", ContentFile(b"%PDF-1.4 test"))
    job.result_name, job.result_size = name, 13
    job.save()
    return job


def rows(world):
    failed = Job.objects.create(kind="reports.xlsx", requested_by=world.user("donvi"), status=Job.Status.FAILED)
    # A report about Châu Thành (donvi's unit) and one about the whole province.
    ct = ReportFactory(unit=world.chau_thanh, requested_by=world.user("donvi"), pdf_job=_done_job(world, "ct.pdf"))
    ct.xlsx_job = failed
    ct.save()
    province = ReportFactory(unit=None, requested_by=world.user("staff"), pdf_job=_done_job(world, "tinh.pdf"))
    everyone = {"anon": 302, "admin": 200, "staff": 200, "donvi": 200, "donvi2": 200, "hoidong": 404}
    ct_only = {"anon": 302, "admin": 200, "staff": 200, "donvi": 200, "donvi2": 404, "hoidong": 404}
    staff_only = {"anon": 302, "admin": 200, "staff": 200, "donvi": 404, "donvi2": 404, "hoidong": 404}
    posted = {"anon": 302, "admin": 302, "staff": 302, "donvi": 302, "donvi2": 404, "hoidong": 404}
    return [
        row("reports:list", "/bao-cao/", **everyone),
        row("reports:request", "/bao-cao/lap/annual_statistics/", **everyone),
        row("reports:request", "/bao-cao/lap/workload/", **staff_only),
        row("reports:request", "/bao-cao/lap/khong-co/", **{**staff_only, "admin": 404, "staff": 404}),
        # Châu Thành's report: donvi2 cannot choose Ngã Bảy's neighbour, so the form comes back (200).
        row(
            "reports:request",
            "/bao-cao/lap/annual_statistics/",
            method="post",
            data={"year": 2024, "unit": world.chau_thanh.pk},
            **{**posted, "donvi2": 200},
        ),
        row("reports:detail", f"/bao-cao/{ct.pk}/", **ct_only),
        row("reports:detail", f"/bao-cao/{province.pk}/", **staff_only),
        row("reports:download", f"/bao-cao/{ct.pk}/tai-ve/pdf/", **ct_only),
        row("reports:download", f"/bao-cao/{province.pk}/tai-ve/pdf/", **staff_only),
        # The xlsx of Châu Thành's report failed: nothing to download, anyone who sees it may retry it.
        row(
            "reports:download",
            f"/bao-cao/{ct.pk}/tai-ve/xlsx/",
            **{**ct_only, "admin": 404, "staff": 404, "donvi": 404},
        ),
        row("reports:retry", f"/bao-cao/{ct.pk}/chay-lai/xlsx/", method="post", **posted),
        row("reports:rerun", f"/bao-cao/{ct.pk}/lap-lai/", method="post", **posted),
        row("reports:rerun", f"/bao-cao/{province.pk}/lap-lai/", method="post", **{**posted, "donvi": 404}),
    ]
