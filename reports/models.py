"""Reports: one row per request of a report, with the background jobs that render its files."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reports.kinds import get_kind


class Report(models.Model):
    """A generated (or being generated) report: what was asked, by whom, about which units, and its files.

    The figures are computed once per format by a background job
    (``thiduakt.Job``); the job row holds progress, status and the file. A
    report about a unit's subtree (``unit``) is seen by that unit's officers
    and those above; a report about the whole province (``unit`` empty) only
    by staff.
    """

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel (xlsx)"

    kind = models.CharField(_("loại báo cáo"), max_length=40)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    title = models.CharField(_("tên báo cáo"), max_length=300)
    unit = models.ForeignKey(
        "thiduakt.OrgUnit",
        verbose_name=_("phạm vi đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống: toàn tỉnh."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scheduled = models.BooleanField(_("lập theo lịch"), default=False)
    period = models.CharField(
        _("kỳ lập theo lịch"), max_length=7, blank=True, default="", help_text=_("Ví dụ 2024-11 cho báo cáo tháng.")
    )
    rerun_of = models.ForeignKey(
        "self", verbose_name=_("lập lại từ"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pdf_job = models.OneToOneField(
        "thiduakt.Job", verbose_name=_("tệp PDF"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    xlsx_job = models.OneToOneField(
        "thiduakt.Job", verbose_name=_("tệp Excel"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Beat may fire twice (two beat processes by mistake, a restart): one scheduled report per period.
            models.UniqueConstraint(
                fields=["kind", "period"], condition=Q(scheduled=True), name="report_scheduled_once_per_period"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def jobs(self):
        return [job for job in (self.pdf_job, self.xlsx_job) if job is not None]

    @property
    def total_size(self) -> int:
        return sum(job.result_size for job in self.jobs)

    @property
    def is_finished(self) -> bool:
        return all(job.is_finished for job in self.jobs)

    @property
    def parameter_rows(self) -> list[tuple[str, str]]:
        """(label, value) of each parameter, labelled as its form labels it: "Năm: 2026", not "year = 2026".

        A chosen object (campaign, cluster year) is named, a date written dd/mm/yyyy, a year as it is.
        """
        kind = get_kind(self.kind)
        fields = kind.form_class(user=self.requested_by).fields if kind else {}
        rows = []
        for key, value in (self.params or {}).items():
            field = fields.get(key)
            label = str(field.label) if field is not None and field.label else key
            shown = value
            queryset = getattr(field, "queryset", None)
            if queryset is not None and value not in (None, ""):
                found = queryset.model._default_manager.filter(pk=value).first()
                shown = str(found) if found is not None else value
            elif isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
                try:
                    shown = date.fromisoformat(value).strftime("%d/%m/%Y")
                except ValueError:
                    shown = value
            rows.append((label, str(shown)))
        return rows

    @property
    def kind_label(self) -> str:
        kind = get_kind(self.kind)
        return str(kind.label) if kind else self.kind
