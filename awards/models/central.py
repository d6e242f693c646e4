"""Forwarding nominees for central awards (Prime Minister, President) and recording the central result."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thiduakt.text import REASON_LENGTH


class CentralSubmission(models.Model):
    """A submission letter (tờ trình) forwarding nominees to the Prime Minister or the President."""

    letter_number = models.CharField(_("số tờ trình"), max_length=60)
    letter_date = models.DateField(_("ngày tờ trình"))
    addressee = models.CharField(_("kính gửi"), max_length=200, default="Thủ tướng Chính phủ")
    note = models.TextField(_("ghi chú"), blank=True, max_length=REASON_LENGTH)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tờ trình Trung ương")
        verbose_name_plural = _("tờ trình Trung ương")
        ordering = ["-letter_date", "-id"]
        constraints = [models.UniqueConstraint(fields=["letter_number"], name="centralsubmission_number_once")]

    def __str__(self):
        return f"{self.letter_number} ({self.letter_date:%d/%m/%Y})"


class CentralItem(models.Model):
    """One forwarded nominee and, later, the central result."""

    class Result(models.TextChoices):
        PENDING = "pending", _("Chờ kết quả")
        AWARDED = "awarded", _("Được khen thưởng")
        NOT_AWARDED = "not_awarded", _("Không được khen thưởng")

    submission = models.ForeignKey(
        CentralSubmission, verbose_name=_("tờ trình"), on_delete=models.PROTECT, related_name="items"
    )
    nomination = models.OneToOneField(
        "awards.Nomination", verbose_name=_("đối tượng"), on_delete=models.PROTECT, related_name="central_item"
    )
    result = models.CharField(_("kết quả"), max_length=20, choices=Result.choices, default=Result.PENDING)
    decision_number = models.CharField(_("số quyết định Trung ương"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decided_by = models.CharField(_("người ký"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("ghi kết quả lúc"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đối tượng trình Trung ương")
        verbose_name_plural = _("đối tượng trình Trung ương")
        ordering = ["submission", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(result="awarded") | Q(decision_number__gt="", decision_date__isnull=False),
                name="centralitem_awarded_has_decision",
            ),
        ]

    def __str__(self):
        return str(self.nomination)
