"""Award history and the evidence eligibility reads: records received, initiatives, disciplinary measures,
and the imports of past awards from spreadsheets."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.models.catalogue import Award, AwardType, RecipientKind
from awards.models.dossiers import Nomination
from thiduakt.text import fold, nfc, vi_sort_key


class Initiative(models.Model):
    """A recognised initiative (sáng kiến) of a person: evidence for Chiến sĩ thi đua titles."""

    class Level(models.TextChoices):
        UNIT = "unit", _("Cơ sở")
        PROVINCE = "province", _("Cấp tỉnh")
        NATIONAL = "national", _("Toàn quốc")

    person = models.ForeignKey(
        "thiduakt.Person", verbose_name=_("cá nhân"), on_delete=models.PROTECT, related_name="initiatives"
    )
    title = models.CharField(_("tên sáng kiến"), max_length=300)
    level = models.CharField(_("phạm vi ảnh hưởng"), max_length=20, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("năm công nhận"))
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=60, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")
        ordering = ["-year", "title"]

    def __str__(self):
        return self.title


LEVEL_RANK = {"unit": 1, "province": 2, "national": 3}


class DisciplineRecord(models.Model):
    """A disciplinary measure against a person, which some titles exclude."""

    class Level(models.TextChoices):
        REPRIMAND = "reprimand", _("Khiển trách")
        WARNING = "warning", _("Cảnh cáo")
        DEMOTION = "demotion", _("Hạ bậc lương, giáng chức")
        DISMISSAL = "dismissal", _("Cách chức, buộc thôi việc")

    person = models.ForeignKey(
        "thiduakt.Person", verbose_name=_("cá nhân"), on_delete=models.PROTECT, related_name="disciplines"
    )
    level = models.CharField(_("hình thức kỷ luật"), max_length=20, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.get_level_display()} {self.year}"


DISCIPLINE_RANK = {"reprimand": 1, "warning": 2, "demotion": 3, "dismissal": 4}


class AwardRecordQuerySet(models.QuerySet):
    def in_force(self):
        """Records that still count: not revoked, not replaced by a correcting decision."""
        return self.filter(retired_by__isnull=True)


class AwardRecord(models.Model):
    """One award a person, collective or household received: decided here or imported from the past.

    Eligibility is computed from these records.
    """

    class Source(models.TextChoices):
        DECIDED = "decided", _("Quyết định trên hệ thống")
        IMPORTED = "imported", _("Nhập từ dữ liệu cũ")

    recipient_kind = models.CharField(_("đối tượng"), max_length=20, choices=RecipientKind.choices)
    person = models.ForeignKey(
        "thiduakt.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_records",
    )
    unit = models.ForeignKey(
        "thiduakt.OrgUnit",
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_records",
    )
    household_name = models.CharField(_("hộ gia đình"), max_length=200, blank=True)
    award = models.ForeignKey(Award, verbose_name=_("khen thưởng"), on_delete=models.PROTECT, related_name="records")
    year = models.PositiveSmallIntegerField(_("năm"))
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan, người ký"), max_length=200, blank=True)
    award_type = models.CharField(_("loại hình"), max_length=20, choices=AwardType.choices, default=AwardType.MERIT)
    source = models.CharField(_("nguồn"), max_length=20, choices=Source.choices, default=Source.DECIDED)
    is_public = models.BooleanField(_("công bố tra cứu"), default=False)
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("đề nghị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="award_records",
    )
    recipient_name = models.CharField(_("tên người, tập thể được khen"), max_length=255)
    recipient_unit_name = models.CharField(_("đơn vị"), max_length=255, blank=True)
    search_text = models.CharField(max_length=600, editable=False, db_index=True, default="")
    sort_key = models.CharField(max_length=400, editable=False, db_index=True, default="")
    retired_by = models.ForeignKey(
        "awards.Decision",
        verbose_name=_("hủy bỏ hoặc đính chính bởi quyết định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="retired_records",
        help_text=_("Bản ghi được giữ lại để đối chiếu nhưng không còn được tính khi xét điều kiện, thống kê."),
    )
    created_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    objects = AwardRecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("khen thưởng đã nhận")
        verbose_name_plural = _("lịch sử khen thưởng")
        ordering = ["-year", "sort_key", "id"]
        indexes = [models.Index(fields=["award", "year"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "award", "year", "decision_number"],
                condition=Q(person__isnull=False),
                name="awardrecord_person_once_per_decision",
            ),
            models.UniqueConstraint(
                fields=["unit", "award", "year", "decision_number"],
                condition=Q(unit__isnull=False),
                name="awardrecord_unit_once_per_decision",
            ),
            models.CheckConstraint(condition=Q(year__gte=1945, year__lte=2100), name="awardrecord_year_range"),
            models.CheckConstraint(
                condition=Q(recipient_kind="individual", unit__isnull=True)
                | Q(recipient_kind="collective", person__isnull=True)
                | Q(recipient_kind="household", person__isnull=True, unit__isnull=True),
                name="awardrecord_recipient_matches_kind",
            ),
        ]

    def __str__(self):
        return f"{self.recipient_name} – {self.award} {self.year}"

    def save(self, *args, **kwargs):
        self.derive()
        super().save(*args, **kwargs)

    def derive(self) -> None:
        """Set the derived columns (names in NFC, search form, order); ``bulk_create`` callers use it."""
        self.household_name = nfc(self.household_name)
        if not self.recipient_name:
            if self.person_id:
                self.recipient_name = self.person.full_name
            elif self.unit_id:
                self.recipient_name = self.unit.name
            else:
                self.recipient_name = self.household_name
        self.recipient_name = nfc(self.recipient_name)
        self.recipient_unit_name = nfc(self.recipient_unit_name)
        self.search_text = fold(f"{self.recipient_name} {self.recipient_unit_name}")[:600]
        self.sort_key = vi_sort_key(self.recipient_name)


def _import_path(history_import, filename):
    return f"awards/imports/{history_import.public_id}.xlsx"


class HistoryImport(models.Model):
    """An xlsx of past awards being imported: analysed (preview, errors, matches), then applied all at once."""

    class Status(models.TextChoices):
        ANALYSING = "analysing", _("Đang phân tích")
        READY = "ready", _("Chờ xác nhận")
        INVALID = "invalid", _("Có lỗi, không thể nhập")
        APPLYING = "applying", _("Đang ghi")
        APPLIED = "applied", _("Đã nhập")
        FAILED = "failed", _("Thất bại")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(_("tệp"), upload_to=_import_path, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.ANALYSING)
    message = models.TextField(_("thông báo"), blank=True)
    rows = models.JSONField(_("các dòng"), default=list, blank=True)
    total_rows = models.PositiveIntegerField(_("số dòng"), default=0)
    created_count = models.PositiveIntegerField(_("số bản ghi đã thêm"), default=0)
    skipped_count = models.PositiveIntegerField(_("số dòng trùng đã bỏ qua"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    applied_at = models.DateTimeField(_("ghi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhập lịch sử khen thưởng")
        verbose_name_plural = _("lượt nhập lịch sử khen thưởng")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.original_name
