"""Award history and the evidence eligibility reads: records received, initiatives, disciplinary measures
(and the matters pending that suspend awards), yearly task ratings, the achievements staff confirm per
nomination, and the imports of past awards from spreadsheets."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.decision_numbers import split_number
from awards.models.catalogue import Award, AwardType, RecipientKind
from awards.models.dossiers import Nomination
from thiduakt.text import REASON_LENGTH, fold, nfc, vi_sort_key


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
    """A disciplinary measure against a person, which bars awards while it is being served.

    NĐ 98/2023 and NĐ 152/2025, Điều 4 khoản 4: after a discipline, achievements count only from
    the day its execution period ends. The period is entered from the decision (``effective_from``,
    ``served_until``); without it only the year of the decision is known.
    """

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
    effective_from = models.DateField(
        _("có hiệu lực từ ngày"), null=True, blank=True, help_text=_("Ngày quyết định kỷ luật có hiệu lực.")
    )
    served_until = models.DateField(
        _("chấp hành xong ngày"),
        null=True,
        blank=True,
        help_text=_("Ngày cuối của thời gian thi hành kỷ luật; thành tích chỉ được tính từ sau ngày này."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(served_until__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(served_until__gte=models.F("effective_from")),
                name="discipline_served_after_effective",
                violation_error_message=_("Ngày chấp hành xong không được trước ngày quyết định kỷ luật có hiệu lực."),
            ),
        ]

    def __str__(self):
        return f"{self.get_level_display()} {self.year}"

    def clean(self):
        if self.effective_from and self.served_until and self.served_until < self.effective_from:
            raise ValidationError(
                {"served_until": _("Ngày chấp hành xong không được trước ngày quyết định kỷ luật có hiệu lực.")}
            )


DISCIPLINE_RANK = {"reprimand": 1, "warning": 2, "demotion": 3, "dismissal": 4}


ONE_RECIPIENT = _("Chọn đúng một đối tượng: một cá nhân hoặc một tập thể.")


class TaskRating(models.Model):
    """How well a person or a collective completed its tasks in one year, entered by staff from a document.

    "Hoàn thành xuất sắc nhiệm vụ" is a condition of Chiến sĩ thi đua cơ sở (Luật TĐKT Điều 23 khoản 2)
    and of Bằng khen (Điều 74); "hoàn thành tốt nhiệm vụ trở lên" of Lao động tiên tiến (Điều 24). The
    rating counts only with the document that states it (NĐ 98/2023 Điều 34 khoản 2 điểm d asks for it).
    """

    class Rating(models.TextChoices):
        EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
        GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
        COMPLETE = "complete", _("Hoàn thành nhiệm vụ")
        INCOMPLETE = "incomplete", _("Không hoàn thành nhiệm vụ")

    person = models.ForeignKey(
        "thiduakt.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="task_ratings",
    )
    unit = models.ForeignKey(
        "thiduakt.OrgUnit",
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="task_ratings",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.CharField(_("mức xếp loại"), max_length=20, choices=Rating.choices)
    basis = models.CharField(
        _("văn bản xếp loại, xác nhận"),
        max_length=300,
        help_text=_("Số, ngày, cơ quan ban hành văn bản xếp loại hoặc xác nhận mức hoàn thành nhiệm vụ."),
    )
    note = models.TextField(_("ghi chú"), blank=True, max_length=REASON_LENGTH)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập, xác nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("xếp loại hoàn thành nhiệm vụ")
        verbose_name_plural = _("xếp loại hoàn thành nhiệm vụ")
        ordering = ["-year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True) | Q(person__isnull=True, unit__isnull=False),
                name="taskrating_one_recipient",
                violation_error_message=ONE_RECIPIENT,
            ),
            models.CheckConstraint(
                condition=~Q(basis=""),
                name="taskrating_has_basis",
                violation_error_message=_("Ghi số, ngày của văn bản xếp loại hoặc xác nhận."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1945, year__lte=2100),
                name="taskrating_year_range",
                violation_error_message=_("Năm phải từ 1945 đến 2100."),
            ),
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=Q(person__isnull=False),
                name="taskrating_person_once_a_year",
                violation_error_message=_("Cá nhân này đã có xếp loại của năm này."),
            ),
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(unit__isnull=False),
                name="taskrating_unit_once_a_year",
                violation_error_message=_("Tập thể này đã có xếp loại của năm này."),
            ),
        ]

    def __str__(self):
        return f"{self.get_rating_display()} {self.year}"

    def clean(self):
        self.basis = nfc(self.basis).strip()
        if not self.basis:
            raise ValidationError({"basis": _("Ghi số, ngày của văn bản xếp loại hoặc xác nhận.")})


RATING_RANK = {"incomplete": 0, "complete": 1, "good": 2, "excellent": 3}


class PendingMatter(models.Model):
    """A matter under way that suspends every award of a person or collective until it closes.

    NĐ 98/2023 and NĐ 152/2025, Điều 4 khoản 4: "chưa khen thưởng … trong thời gian cơ quan có thẩm quyền
    đang xem xét thi hành kỷ luật hoặc điều tra, thanh tra, kiểm tra khi có dấu hiệu vi phạm hoặc có đơn
    thư khiếu nại, tố cáo …". Closed with a conclusion of no wrongdoing, the award resumes.
    """

    class Kind(models.TextChoices):
        DISCIPLINE_REVIEW = "discipline_review", _("Đang xem xét thi hành kỷ luật")
        INVESTIGATION = "investigation", _("Đang điều tra")
        INSPECTION = "inspection", _("Đang thanh tra, kiểm tra khi có dấu hiệu vi phạm")
        COMPLAINT = "complaint", _("Có đơn thư khiếu nại, tố cáo đang được giải quyết")
        PRESS = "press", _("Có vấn đề tham nhũng, tiêu cực được báo chí nêu đang được xác minh")

    class Outcome(models.TextChoices):
        OPEN = "", _("Chưa có kết luận")
        NO_VIOLATION = "no_violation", _("Kết luận không có sai phạm")
        VIOLATION = "violation", _("Kết luận có sai phạm")

    person = models.ForeignKey(
        "thiduakt.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pending_matters",
    )
    unit = models.ForeignKey(
        "thiduakt.OrgUnit",
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pending_matters",
    )
    kind = models.CharField(_("loại việc"), max_length=30, choices=Kind.choices)
    started_on = models.DateField(_("bắt đầu từ ngày"))
    ended_on = models.DateField(_("kết thúc ngày"), null=True, blank=True, help_text=_("Ngày có kết luận."))
    outcome = models.CharField(_("kết luận"), max_length=20, choices=Outcome.choices, blank=True, default="")
    basis = models.CharField(
        _("văn bản căn cứ"), max_length=300, help_text=_("Số, ngày văn bản thông báo, quyết định thanh tra, đơn thư…")
    )
    note = models.TextField(_("ghi chú"), blank=True, max_length=REASON_LENGTH)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("việc đang xem xét (kỷ luật, điều tra, thanh tra, khiếu nại)")
        verbose_name_plural = _("việc đang xem xét (kỷ luật, điều tra, thanh tra, khiếu nại)")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True) | Q(person__isnull=True, unit__isnull=False),
                name="pendingmatter_one_recipient",
                violation_error_message=ONE_RECIPIENT,
            ),
            models.CheckConstraint(
                condition=~Q(basis=""),
                name="pendingmatter_has_basis",
                violation_error_message=_("Ghi số, ngày của văn bản căn cứ."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, outcome="") | (Q(ended_on__isnull=False) & ~Q(outcome="")),
                name="pendingmatter_closed_with_outcome",
                violation_error_message=_("Việc đã kết thúc phải có ngày kết thúc và kết luận (và ngược lại)."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="pendingmatter_ends_after_start",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.started_on:%d/%m/%Y})"

    def clean(self):
        self.basis = nfc(self.basis).strip()
        errors = {}
        if not self.basis:
            errors["basis"] = _("Ghi số, ngày của văn bản căn cứ.")
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("Ngày kết thúc không được trước ngày bắt đầu.")
        if self.ended_on and not self.outcome:
            errors["outcome"] = _("Việc đã kết thúc phải có kết luận.")
        if self.outcome and not self.ended_on:
            errors["ended_on"] = _("Có kết luận thì phải ghi ngày kết thúc.")
        if errors:
            raise ValidationError(errors)

    def is_open_on(self, day) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on > day)


class AchievementConfirmation(models.Model):
    """A condition of one nomination that no record holds, confirmed by staff against a document.

    The Law's alternatives for Bằng khen (Điều 74) include achievements the system cannot compute: an
    excellent result in a campaign, a sudden achievement, a contribution, a collective's internal unity, a
    household's contribution of labour, land or assets. Each counts only once staff record it with the
    document that certifies it; until then the verdict is "chưa đủ căn cứ".
    """

    class Fact(models.TextChoices):
        CAMPAIGN_RESULT = (
            "campaign_result",
            _("Thành tích xuất sắc được bình xét trong phong trào thi đua do tỉnh phát động"),
        )
        SUDDEN_ACHIEVEMENT = "sudden_achievement", _("Lập được nhiều thành tích hoặc thành tích đột xuất")
        CONTRIBUTION = "contribution", _("Có đóng góp vào sự phát triển kinh tế - xã hội, khoa học, xã hội, từ thiện")
        WORKER_ACHIEVEMENTS = (
            "worker_achievements",
            _("Công nhân, nông dân, người lao động có nhiều thành tích trong lao động, sản xuất"),
        )
        PROVINCE_RECOGNISED = (
            "province_recognised",
            _("Doanh nhân, trí thức, nhà khoa học có thành tích đóng góp được tỉnh công nhận"),
        )
        INTERNAL_UNITY = "internal_unity", _("Tập thể nội bộ đoàn kết, gương mẫu chấp hành pháp luật")
        COLLECTIVE_PRACTICES = (
            "collective_practices",
            _("Dân chủ ở cơ sở, thi đua, chăm lo đời sống, tiết kiệm, phòng, chống tham nhũng tốt"),
        )
        HOUSEHOLD_CONTRIBUTION = (
            "household_contribution",
            _("Hộ gia đình có nhiều đóng góp về công sức, đất đai và tài sản cho địa phương, xã hội"),
        )

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("đề nghị"), on_delete=models.CASCADE, related_name="confirmations"
    )
    fact = models.CharField(_("điều kiện được xác nhận"), max_length=30, choices=Fact.choices)
    basis = models.CharField(
        _("văn bản chứng nhận, xác nhận"),
        max_length=300,
        help_text=_("Số, ngày, cơ quan ban hành văn bản chứng nhận hoặc xác nhận thành tích."),
    )
    note = models.TextField(_("ghi chú"), blank=True, max_length=REASON_LENGTH)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("xác nhận thành tích của đề nghị")
        verbose_name_plural = _("xác nhận thành tích của đề nghị")
        ordering = ["nomination", "fact"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "fact"],
                name="confirmation_once_per_fact",
                violation_error_message=_("Điều kiện này đã được xác nhận cho đề nghị này."),
            ),
            models.CheckConstraint(
                condition=~Q(basis=""),
                name="confirmation_has_basis",
                violation_error_message=_("Ghi số, ngày của văn bản chứng nhận, xác nhận."),
            ),
        ]

    def __str__(self):
        return self.get_fact_display()

    def clean(self):
        self.basis = nfc(self.basis).strip()
        if not self.basis:
            raise ValidationError({"basis": _("Ghi số, ngày của văn bản chứng nhận, xác nhận.")})


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
    # The decision number split for the lookup by number (awards.decision_numbers): 163 and "qd-ubnd".
    decision_no = models.PositiveIntegerField(_("số của quyết định"), null=True, blank=True, editable=False)
    decision_code = models.CharField(max_length=60, editable=False, blank=True, default="")
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
    # The certificate's number in its register (sổ vàng: RegisterCounter), given when the decision is signed.
    register = models.CharField(_("sổ vàng"), max_length=120, blank=True)
    register_number = models.PositiveIntegerField(_("số vào sổ"), null=True, blank=True)
    created_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    objects = AwardRecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("khen thưởng đã nhận")
        verbose_name_plural = _("lịch sử khen thưởng")
        ordering = ["-year", "sort_key", "id"]
        indexes = [
            models.Index(fields=["award", "year"]),
            models.Index(fields=["decision_no", "decision_date"], name="awardrecord_decision_no"),
            # The dashboard's latest year with awards in force: read backwards from the top, not a scan; and
            # its chart of a year's awards by kind counted from the index alone (no record read).
            models.Index(
                fields=["-year", "award"], name="awardrecord_year_award_live", condition=Q(retired_by__isnull=True)
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "register_number"],
                condition=Q(register_number__isnull=False),
                name="awardrecord_register_number_once",
            ),
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
        self.decision_no, self.decision_code = split_number(self.decision_number)


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
    message = models.TextField(_("thông báo"), blank=True, max_length=REASON_LENGTH)
    digest = models.CharField(_("mã băm SHA-256 của tệp"), max_length=64, blank=True)
    # The field read from each column of the file (``awards.imports.header_mapping``), shown in the preview.
    columns = models.JSONField(_("các cột"), default=list, blank=True)
    # Whether ``columns`` was confirmed or changed by the user (else it is the proposal, made again on each read).
    columns_confirmed = models.BooleanField(_("cách đọc cột đã xác nhận"), default=False)
    total_rows = models.PositiveIntegerField(_("số dòng"), default=0)
    new_rows = models.PositiveIntegerField(_("số dòng mới"), default=0)
    duplicate_rows = models.PositiveIntegerField(_("số dòng trùng"), default=0)
    ambiguous_rows = models.PositiveIntegerField(_("số dòng cần chọn người"), default=0)
    error_rows = models.PositiveIntegerField(_("số dòng lỗi"), default=0)
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

    @property
    def rows(self) -> list[dict]:
        """Every analysed row, in sheet order (for small files and tests; screens read pages of ``preview_rows``)."""
        return [row.data for row in self.preview_rows.order_by("number")]


class HistoryImportRow(models.Model):
    """One analysed row of a history file: kept in its own table, so a big file is read back page by page.

    ``data``: what ``awards.imports`` read and found (name, award, year, matches, errors, the user's choice).
    """

    history_import = models.ForeignKey(HistoryImport, on_delete=models.CASCADE, related_name="preview_rows")
    number = models.PositiveIntegerField(_("dòng"))  # the sheet's row number
    status = models.CharField(_("kết quả"), max_length=20)
    data = models.JSONField(_("nội dung"), default=dict)

    class Meta:
        verbose_name = _("dòng của tệp nhập")
        verbose_name_plural = _("các dòng của tệp nhập")
        ordering = ["history_import", "number"]
        constraints = [
            models.UniqueConstraint(fields=["history_import", "number"], name="historyimportrow_once"),
        ]
        indexes = [models.Index(fields=["history_import", "status", "number"], name="historyimportrow_status")]

    def __str__(self):
        return f"{self.history_import} – {self.number}"
