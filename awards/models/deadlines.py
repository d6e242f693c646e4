"""Submission deadlines as dated data: by when a dossier must reach the deciding level, and by which text.

A dossier sent after its deadline is not refused, nor taken silently: it is marked late, the unit is
told "nộp muộn so với hạn dd/mm/yyyy", and staff appraise it only once they have accepted it with a
written reason (``awards.services.dossiers.dossier_accept_late``), which goes into its history.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.models.catalogue import Award


class SubmissionDeadline(models.Model):
    """One deadline rule, in force from a date: a fixed day of the year, or a number of days before a review."""

    class Kind(models.TextChoices):
        YEARLY = "yearly", _("Hồ sơ tổng kết năm gửi Sở Nội vụ: hạn là một ngày cố định trong năm")
        CAMPAIGN_REVIEW = (
            "campaign_review",
            _("Hồ sơ khen thưởng khi sơ kết, tổng kết phong trào: hạn là N ngày trước ngày tổ chức"),
        )
        CENTRAL = "central", _("Tỉnh trình Trung ương một danh hiệu, hình thức: hạn là một ngày cố định trong năm")

    code = models.SlugField(_("mã"), max_length=40)
    kind = models.CharField(_("loại hạn"), max_length=20, choices=Kind.choices)
    award = models.ForeignKey(
        Award,
        verbose_name=_("khen thưởng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submission_deadlines",
        help_text=_("Chỉ với hạn trình Trung ương một danh hiệu, hình thức."),
    )
    name = models.CharField(_("tên"), max_length=200)
    day = models.PositiveSmallIntegerField(_("ngày"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("tháng"), null=True, blank=True)
    year_offset = models.PositiveSmallIntegerField(
        _("năm của hạn"),
        default=0,
        help_text=_("0: trong năm thành tích; 1: năm liền kề sau năm thành tích."),
    )
    days_before = models.PositiveSmallIntegerField(
        _("số ngày trước ngày sơ kết, tổng kết"),
        null=True,
        blank=True,
        help_text=_("Ngày theo lịch, không phải ngày làm việc."),
    )
    inclusive = models.BooleanField(
        _("gửi đúng ngày hạn vẫn đúng hạn"),
        default=True,
        help_text=_("«chậm nhất vào ngày»: chọn; «trước ngày»: bỏ chọn (gửi đúng ngày đó là muộn)."),
    )
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hạn gửi hồ sơ")
        verbose_name_plural = _("hạn gửi hồ sơ")
        ordering = ["kind", "code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="submissiondeadline_one_per_start"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="submissiondeadline_valid_range",
            ),
            models.CheckConstraint(
                condition=(Q(kind="campaign_review") & Q(days_before__isnull=False))
                | (~Q(kind="campaign_review") & Q(day__gte=1, day__lte=31, month__gte=1, month__lte=12)),
                name="submissiondeadline_kind_has_its_day",
            ),
            models.CheckConstraint(
                condition=Q(kind="central", award__isnull=False) | (~Q(kind="central") & Q(award__isnull=True)),
                name="submissiondeadline_award_only_for_central",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.valid_from:%d/%m/%Y})"

    def clean(self):
        if self.kind != self.Kind.CAMPAIGN_REVIEW and self.day and self.month:
            try:
                date(2023, self.month, self.day)  # a day every year has (no 29/02)
            except ValueError:
                raise ValidationError(
                    {"day": _("Ngày %(d)s/%(m)s không có trong mọi năm.") % {"d": self.day, "m": self.month}}
                ) from None

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def deadline_in(self, year: int) -> date:
        """The deadline of the round of ``year`` (the year of the achievements) for a fixed-day rule."""
        return date(year + self.year_offset, self.month, self.day)

    def deadline_before(self, event_day: date) -> date:
        """The last day on time for a review held on ``event_day`` ("trước 10 ngày": 20/12 → 10/12)."""
        return event_day - timedelta(days=self.days_before)
