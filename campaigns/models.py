"""Emulation campaigns (phong trào thi đua): plan, participants, registrations, progress, reviews.

A campaign is launched by a plan document, has measurable criteria (a target
and a weight each, or marked qualitative), participating units that register
with their own commitments, a schedule of progress report due dates, stored
reminders (never twice for the same due date and reason) and interim/final
reviews whose proposals become draft award dossiers.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thiduakt.text import LONG_TEXT_LENGTH, REASON_LENGTH, TEXT_LENGTH, fold, nfc
from thiduakt.workflow import EventBase, StatusChoices


def _campaign_file_path(campaign, filename):
    return f"campaigns/{campaign.pk or 'new'}/document/{filename}"


def _report_file_path(attachment, filename):
    return f"campaigns/reports/{attachment.report_id}/{filename}"


class Campaign(models.Model):
    class Launcher(models.TextChoices):
        PRIME_MINISTER = "prime_minister", _("Thủ tướng Chính phủ")
        MINISTRY = "ministry", _("Bộ, ngành Trung ương")
        PROVINCIAL_COMMITTEE = "provincial_committee", _("UBND tỉnh")
        PROVINCIAL_CHAIR = "provincial_chair", _("Chủ tịch UBND tỉnh")
        UNIT = "unit", _("Đơn vị")

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Thường xuyên")
        THEMATIC = "thematic", _("Theo chuyên đề")
        PEAK = "peak", _("Đợt thi đua cao điểm")
        SUDDEN = "sudden", _("Đột xuất")

    class Status(StatusChoices):
        DRAFT = "draft", _("Dự thảo")
        LAUNCHED = "launched", _("Đã phát động")
        IN_PROGRESS = "in_progress", _("Đang triển khai")
        INTERIM_REVIEWED = "interim_reviewed", _("Đã sơ kết")
        FINAL_REVIEWED = "final_reviewed", _("Đã tổng kết")
        CLOSED = "closed", _("Đã kết thúc")

    Status.declare(
        moves={
            Status.DRAFT: [Status.LAUNCHED],
            Status.LAUNCHED: [Status.IN_PROGRESS],
            # The interim review (sơ kết) is optional: a campaign may go straight to its final review.
            Status.IN_PROGRESS: [Status.INTERIM_REVIEWED, Status.FINAL_REVIEWED],
            # Back moves: only when a mistaken review is cancelled (``review_cancel``, with a reason).
            Status.INTERIM_REVIEWED: [Status.FINAL_REVIEWED, Status.IN_PROGRESS],
            Status.FINAL_REVIEWED: [Status.CLOSED, Status.INTERIM_REVIEWED, Status.IN_PROGRESS],
        },
        badges={
            Status.DRAFT: "secondary",
            Status.LAUNCHED: "primary",
            Status.IN_PROGRESS: "success",
            Status.INTERIM_REVIEWED: "info",
            Status.FINAL_REVIEWED: "info",
            Status.CLOSED: "dark",
        },
    )

    class ReportFrequency(models.TextChoices):
        MONTHLY = "monthly", _("Hằng tháng")
        QUARTERLY = "quarterly", _("Hằng quý")
        FIXED = "fixed", _("Theo các ngày ấn định")
        NONE = "none", _("Không yêu cầu báo cáo định kỳ")

    name = models.CharField(_("tên phong trào"), max_length=300)
    slogan = models.CharField(_("khẩu hiệu"), max_length=300, blank=True)
    purpose = models.TextField(_("mục đích, yêu cầu"), blank=True, max_length=TEXT_LENGTH)
    launcher = models.CharField(_("cấp phát động"), max_length=30, choices=Launcher.choices)
    launcher_unit = models.ForeignKey(
        "thiduakt.OrgUnit",
        verbose_name=_("đơn vị phát động"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Khi phong trào do một đơn vị phát động."),
    )
    document_number = models.CharField(_("số văn bản phát động"), max_length=60, blank=True)
    document_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    document_file = models.FileField(_("tệp văn bản"), upload_to=_campaign_file_path, blank=True, max_length=300)
    document_file_name = models.CharField(_("tên tệp văn bản"), max_length=200, blank=True)
    document_content_type = models.CharField(_("định dạng tệp văn bản"), max_length=100, blank=True, editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("triển khai phong trào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="implementations",
        help_text=_("Phong trào cấp trên (ví dụ do Thủ tướng phát động) mà kế hoạch này triển khai."),
    )
    kind = models.CharField(_("loại phong trào"), max_length=20, choices=Kind.choices)
    start_date = models.DateField(_("bắt đầu ngày"))
    start_time = models.TimeField(_("bắt đầu lúc (giờ)"), null=True, blank=True)
    end_date = models.DateField(_("kết thúc ngày"), null=True, blank=True)
    end_time = models.TimeField(_("kết thúc lúc (giờ)"), null=True, blank=True)
    host_unit = models.ForeignKey(
        "thiduakt.OrgUnit",
        verbose_name=_("cơ quan chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_campaigns",
    )
    cooperating_units = models.ManyToManyField(
        "thiduakt.OrgUnit", verbose_name=_("cơ quan phối hợp"), blank=True, related_name="cooperating_campaigns"
    )
    allows_nominee_registration = models.BooleanField(
        _("cá nhân, tập thể được đăng ký"),
        default=False,
        help_text=_("Kế hoạch cho phép đơn vị đăng ký cả cá nhân, tập thể trực thuộc."),
    )
    dossier_deadline = models.DateField(_("hạn nộp hồ sơ khen thưởng"), null=True, blank=True)
    interim_review_on = models.DateField(_("ngày sơ kết dự kiến"), null=True, blank=True)
    final_review_on = models.DateField(_("ngày tổng kết dự kiến"), null=True, blank=True)
    report_frequency = models.CharField(
        _("kỳ báo cáo tiến độ"), max_length=10, choices=ReportFrequency.choices, default=ReportFrequency.QUARTERLY
    )
    report_day = models.PositiveSmallIntegerField(
        _("ngày báo cáo trong kỳ"), default=20, help_text=_("Ngày trong tháng (cuối kỳ) phải gửi báo cáo.")
    )
    remind_days_before = models.PositiveSmallIntegerField(_("nhắc trước hạn (ngày)"), default=3)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    search_text = models.CharField(max_length=800, editable=False, db_index=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    launched_at = models.DateTimeField(_("phát động lúc"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-start_date", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="campaign_period_order",
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="campaign_not_own_parent"),
            models.CheckConstraint(
                condition=~Q(launcher="unit") | Q(launcher_unit__isnull=False), name="campaign_unit_launcher_named"
            ),
            models.CheckConstraint(
                condition=Q(report_day__gte=1, report_day__lte=28), name="campaign_report_day_range"
            ),
            models.UniqueConstraint(
                fields=["document_number", "document_date", "name"],
                condition=~Q(document_number=""),
                name="campaign_unique_document",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Derived columns only.
        self.name = nfc(self.name)
        self.slogan = nfc(self.slogan)
        self.search_text = fold(f"{self.name} {self.slogan} {self.document_number}")[:800]
        super().save(*args, **kwargs)

    @property
    def has_times(self) -> bool:
        return self.start_time is not None or self.end_time is not None

    @property
    def document_label(self) -> str:
        if not self.document_number:
            return ""
        if self.document_date:
            return _("%(number)s ngày %(date)s") % {
                "number": self.document_number,
                "date": self.document_date.strftime("%d/%m/%Y"),
            }
        return self.document_number


# Reports are taken from the launch until the final review; registrations until the interim review.
ACTIVE_STATUSES = frozenset({Campaign.Status.LAUNCHED, Campaign.Status.IN_PROGRESS, Campaign.Status.INTERIM_REVIEWED})
REGISTRATION_STATUSES = frozenset({Campaign.Status.LAUNCHED, Campaign.Status.IN_PROGRESS})


class Phase(models.Model):
    """A phase (giai đoạn) of a campaign's period."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("tên giai đoạn"), max_length=200)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))

    class Meta:
        verbose_name = _("giai đoạn")
        verbose_name_plural = _("giai đoạn")
        ordering = ["campaign", "start_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="phase_period_order"),
        ]

    def __str__(self):
        return self.name


class ParticipantGroup(models.Model):
    """A group of participants with its own criteria (e.g. departments, districts, enterprises)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("tên nhóm đối tượng"), max_length=200)
    description = models.TextField(_("mô tả"), blank=True, max_length=TEXT_LENGTH)

    class Meta:
        verbose_name = _("nhóm đối tượng")
        verbose_name_plural = _("nhóm đối tượng")
        ordering = ["campaign", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "name"], name="participantgroup_unique_name")]

    def __str__(self):
        return self.name


def is_rate(unit_of_measure: str) -> bool:
    """A unit of measure that makes the indicator a rate ("%", "% số hộ"): rates are averaged, never summed."""
    return "%" in (unit_of_measure or "")


class Criterion(models.Model):
    """A criterion of the plan: an indicator with a unit of measure, a target and a weight, or qualitative.

    ``aggregation``: how the units' values make the campaign's figure (a rate is averaged, never summed);
    ``target_scope``: the plan's target is each unit's, or the province's as a whole (not multiplied).
    """

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Tổng các đơn vị")
        AVERAGE = "average", _("Trung bình các đơn vị")
        MIN = "min", _("Nhỏ nhất trong các đơn vị")
        SHARE = "share", _("Tỷ lệ đơn vị đạt chỉ tiêu")

    class Scope(models.TextChoices):
        PER_UNIT = "per_unit", _("Mỗi đơn vị")
        PROVINCE = "province", _("Toàn tỉnh")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="criteria")
    group = models.ForeignKey(
        ParticipantGroup,
        verbose_name=_("nhóm đối tượng"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="criteria",
        help_text=_("Để trống nếu áp dụng cho mọi đơn vị tham gia."),
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    indicator = models.CharField(_("chỉ tiêu"), max_length=300)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=60, blank=True)
    target = models.DecimalField(_("chỉ tiêu kế hoạch"), max_digits=14, decimal_places=2, null=True, blank=True)
    weight = models.DecimalField(_("trọng số (%)"), max_digits=5, decimal_places=2, default=0)
    is_qualitative = models.BooleanField(
        _("tiêu chí định tính"), default=False, help_text=_("Không khuyến khích: tiêu chí định tính khó đo lường.")
    )
    aggregation = models.CharField(
        _("cách tổng hợp"),
        max_length=10,
        choices=Aggregation.choices,
        blank=True,
        help_text=_("Để trống: chỉ tiêu tính bằng % lấy trung bình, chỉ tiêu khác cộng tổng."),
    )
    target_scope = models.CharField(
        _("chỉ tiêu kế hoạch áp dụng cho"), max_length=10, choices=Scope.choices, default=Scope.PER_UNIT
    )

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["campaign", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_qualitative=True) | (Q(target__isnull=False) & ~Q(unit_of_measure="")),
                name="criterion_measurable_has_target",
                violation_error_message=_("Tiêu chí đo lường được cần đơn vị tính và chỉ tiêu."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0, weight__lte=100),
                name="criterion_weight_range",
                violation_error_message=_("Trọng số phải từ 0 đến 100."),
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gte=0),
                name="criterion_target_min",
                violation_error_message=_("Chỉ tiêu không được âm."),
            ),
        ]

    def __str__(self):
        return self.indicator

    def save(self, *args, **kwargs):
        # Derived: an aggregation left empty follows the unit of measure (% → average, otherwise sum).
        if not self.aggregation:
            self.aggregation = self.Aggregation.AVERAGE if is_rate(self.unit_of_measure) else self.Aggregation.SUM
        super().save(*args, **kwargs)


class AwardQuota(models.Model):
    """An award form the plan allows, with its quota (a number per unit or a share of participants)."""

    class For(models.TextChoices):
        COLLECTIVE = "collective", _("Tập thể")
        INDIVIDUAL = "individual", _("Cá nhân")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="quotas")
    award = models.ForeignKey(
        "awards.Award", verbose_name=_("hình thức khen thưởng"), on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.CharField(_("đối tượng"), max_length=12, choices=For.choices)
    max_per_unit = models.PositiveSmallIntegerField(_("tối đa mỗi đơn vị"), null=True, blank=True)
    max_percent = models.DecimalField(
        _("tối đa (% số tham gia)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("hình thức khen thưởng, số lượng")
        verbose_name_plural = _("hình thức khen thưởng, số lượng")
        ordering = ["campaign", "award__code", "recipient"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "award", "recipient"],
                name="awardquota_unique_award",
                violation_error_message=_("Hình thức khen thưởng này đã có trong kế hoạch."),
            ),
            models.CheckConstraint(
                condition=Q(max_percent__isnull=True) | Q(max_percent__gt=0, max_percent__lte=100),
                name="awardquota_percent_range",
                violation_error_message=_("Tỷ lệ tối đa phải lớn hơn 0 và không quá 100%."),
            ),
        ]

    def __str__(self):
        return f"{self.award} ({self.get_recipient_display()})"


class Participant(models.Model):
    """A unit taking part in a campaign; the host unit is a participant too (it reports)."""

    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("Đơn vị tham gia")
        HOST = "host", _("Cơ quan chủ trì")
        COOPERATING = "cooperating", _("Cơ quan phối hợp")

    class Source(models.TextChoices):
        INDIVIDUAL = "individual", _("Chọn từng đơn vị")
        KIND = "kind", _("Theo loại đơn vị")
        CLUSTER = "cluster", _("Theo cụm, khối")
        IMPORT = "import", _("Nhập từ tệp")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participants")
    unit = models.ForeignKey(
        "thiduakt.OrgUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="campaign_participations"
    )
    group = models.ForeignKey(
        ParticipantGroup,
        verbose_name=_("nhóm đối tượng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participants",
    )
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices, default=Role.PARTICIPANT)
    source = models.CharField(_("cách chọn"), max_length=12, choices=Source.choices, default=Source.INDIVIDUAL)
    added_at = models.DateTimeField(_("thêm lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đơn vị tham gia")
        verbose_name_plural = _("đơn vị tham gia")
        ordering = ["campaign", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="participant_unique_unit")]

    def __str__(self):
        return f"{self.unit} – {self.campaign}"


# The host agency reports like a participant; cooperating agencies do not report.
REPORTING_ROLES = (Participant.Role.PARTICIPANT, Participant.Role.HOST)


class Registration(models.Model):
    """A unit's registration (đăng ký thi đua) with its commitments per criterion."""

    class Status(StatusChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi")
        APPROVED = "approved", _("Đã duyệt")
        RETURNED = "returned", _("Trả lại để bổ sung")

    Status.declare(
        moves={
            Status.DRAFT: [Status.SUBMITTED],
            Status.RETURNED: [Status.SUBMITTED],
            Status.SUBMITTED: [Status.APPROVED, Status.RETURNED],
        },
        badges={
            Status.DRAFT: "secondary",
            Status.SUBMITTED: "primary",
            Status.APPROVED: "success",
            Status.RETURNED: "warning",
        },
    )

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="registrations")
    unit = models.ForeignKey(
        "thiduakt.OrgUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="campaign_registrations"
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    note = models.TextField(_("nội dung đăng ký"), blank=True, max_length=REASON_LENGTH)
    return_reason = models.TextField(_("lý do trả lại"), blank=True, max_length=REASON_LENGTH)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        ordering = ["campaign", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="registration_unique_unit"),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""), name="registration_returned_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.campaign}"


class Commitment(models.Model):
    """The target a unit commits to for one criterion."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="commitments")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="commitments")
    target = models.DecimalField(_("chỉ tiêu đăng ký"), max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.CharField(_("nội dung cam kết"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("cam kết")
        verbose_name_plural = _("cam kết")
        ordering = ["registration", "criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "criterion"], name="commitment_unique_criterion"),
            models.CheckConstraint(condition=Q(target__isnull=True) | Q(target__gte=0), name="commitment_target_min"),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.target}"


class RegisteredNominee(models.Model):
    """An individual or a collective of the unit registered in the campaign (where the plan allows it)."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Cá nhân")
        COLLECTIVE = "collective", _("Tập thể")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="nominees")
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    person = models.ForeignKey("thiduakt.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("thiduakt.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    commitment = models.CharField(_("nội dung đăng ký"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("cá nhân, tập thể đăng ký")
        verbose_name_plural = _("cá nhân, tập thể đăng ký")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="individual") & Q(person__isnull=False) & Q(unit__isnull=True))
                | (Q(kind="collective") & Q(unit__isnull=False) & Q(person__isnull=True)),
                name="registerednominee_kind_matches",
            ),
        ]

    def __str__(self):
        return str(self.person or self.unit or "")


class ReportDue(models.Model):
    """One due date of the progress report schedule."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="dues")
    due_on = models.DateField(_("hạn báo cáo"))
    label = models.CharField(_("kỳ báo cáo"), max_length=100)

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["campaign", "due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "due_on"],
                name="reportdue_unique_day",
                violation_error_message=_("Đã có kỳ báo cáo ngày này."),
            )
        ]

    def __str__(self):
        return f"{self.label} ({self.due_on:%d/%m/%Y})"


class ProgressReport(models.Model):
    """A unit's progress report for one due date: values per indicator, a narrative, attachments."""

    class Status(StatusChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi")

    Status.declare(
        moves={Status.DRAFT: [Status.SUBMITTED]},
        badges={Status.DRAFT: "secondary", Status.SUBMITTED: "primary"},
    )

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reports")
    due = models.ForeignKey(ReportDue, verbose_name=_("kỳ báo cáo"), on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(
        "thiduakt.OrgUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="campaign_reports"
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    narrative = models.TextField(_("kết quả thực hiện"), blank=True, max_length=LONG_TEXT_LENGTH)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_late = models.BooleanField(_("gửi trễ hạn"), default=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["campaign", "due__due_on", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["due", "unit"], name="progressreport_unique_unit")]

    def __str__(self):
        return f"{self.unit} – {self.due}"


class ReportValue(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="values")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="report_values")
    value = models.DecimalField(_("kết quả"), max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("kết quả chỉ tiêu")
        verbose_name_plural = _("kết quả chỉ tiêu")
        constraints = [models.UniqueConstraint(fields=["report", "criterion"], name="reportvalue_unique_criterion")]

    def __str__(self):
        return f"{self.criterion_id}: {self.value}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=_report_file_path, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=200)
    content_kind = models.CharField(_("loại tệp"), max_length=10)
    content_type = models.CharField(_("định dạng"), max_length=100, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm báo cáo")
        verbose_name_plural = _("tệp đính kèm báo cáo")
        ordering = ["report", "id"]

    def __str__(self):
        return self.original_name


class Reminder(models.Model):
    """A reminder sent to a unit about one due date: stored, so never sent twice for the same reason."""

    class Reason(models.TextChoices):
        UPCOMING = "upcoming", _("Sắp đến hạn")
        OVERDUE = "overdue", _("Quá hạn")
        MANUAL = "manual", _("Cán bộ Sở nhắc")

    due = models.ForeignKey(ReportDue, on_delete=models.CASCADE, related_name="reminders")
    unit = models.ForeignKey("thiduakt.OrgUnit", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("lý do"), max_length=10, choices=Reason.choices)
    sent_on = models.DateField(_("ngày nhắc"))
    sent_at = models.DateTimeField(_("nhắc lúc"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipients = models.PositiveSmallIntegerField(_("số người nhận"), default=0)

    class Meta:
        verbose_name = _("lần nhắc báo cáo")
        verbose_name_plural = _("lần nhắc báo cáo")
        ordering = ["-sent_at", "-id"]
        constraints = [
            # Automatic reminders: once per due date and reason. Staff reminders: once per day.
            models.UniqueConstraint(
                fields=["due", "unit", "reason"], condition=~Q(reason="manual"), name="reminder_once_per_reason"
            ),
            models.UniqueConstraint(
                fields=["due", "unit", "sent_on"], condition=Q(reason="manual"), name="reminder_manual_once_a_day"
            ),
        ]

    def __str__(self):
        return f"{self.unit_id} – {self.get_reason_display()} – {self.sent_on:%d/%m/%Y}"


class Review(models.Model):
    """An interim (sơ kết) or final (tổng kết) review."""

    class Kind(models.TextChoices):
        INTERIM = "interim", _("Sơ kết")
        FINAL = "final", _("Tổng kết")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    held_on = models.DateField(_("ngày tổ chức"))
    summary = models.TextField(_("tóm tắt kết quả"), max_length=TEXT_LENGTH)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sơ kết, tổng kết")
        verbose_name_plural = _("sơ kết, tổng kết")
        ordering = ["campaign", "held_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "kind"],
                name="review_unique_kind",
                violation_error_message=_("Phong trào đã có sơ kết (hoặc tổng kết) loại này."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.campaign}"


class ReviewResult(models.Model):
    """One unit's result against its commitments: computed from the reports, editable with a reason."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="results")
    unit = models.ForeignKey("thiduakt.OrgUnit", on_delete=models.PROTECT, related_name="+")
    computed_percent = models.DecimalField(
        _("mức hoàn thành tính từ báo cáo (%)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    percent = models.DecimalField(_("mức hoàn thành (%)"), max_digits=7, decimal_places=2, null=True, blank=True)
    adjust_reason = models.TextField(_("lý do điều chỉnh"), blank=True, max_length=REASON_LENGTH)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kết quả của đơn vị")
        verbose_name_plural = _("kết quả của đơn vị")
        ordering = ["review", "-percent", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["review", "unit"], name="reviewresult_unique_unit")]

    def __str__(self):
        return f"{self.unit_id}: {self.percent}"

    @property
    def is_adjusted(self) -> bool:
        return self.percent != self.computed_percent


class ReviewProposal(models.Model):
    """A collective, individual or exemplar proposed at a review; becomes a draft dossier for its unit."""

    class Kind(models.TextChoices):
        COLLECTIVE = "collective", _("Tập thể")
        INDIVIDUAL = "individual", _("Cá nhân")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="proposals")
    unit = models.ForeignKey(
        "thiduakt.OrgUnit",
        verbose_name=_("đơn vị trình"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Đơn vị hoàn thiện và gửi hồ sơ."),
    )
    kind = models.CharField(_("đối tượng"), max_length=12, choices=Kind.choices)
    person = models.ForeignKey(
        "thiduakt.Person", verbose_name=_("cá nhân"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nominee_unit = models.ForeignKey(
        "thiduakt.OrgUnit", verbose_name=_("tập thể"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    award = models.ForeignKey(
        "awards.Award", verbose_name=_("hình thức khen thưởng"), on_delete=models.PROTECT, related_name="+"
    )
    is_exemplar = models.BooleanField(_("điển hình tiên tiến"), default=False)
    summary = models.TextField(_("thành tích tóm tắt"), blank=True, max_length=TEXT_LENGTH)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("đề xuất lúc"), auto_now_add=True)
    dossier = models.ForeignKey(
        "awards.Dossier",
        verbose_name=_("hồ sơ đề nghị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dossier_created_at = models.DateTimeField(_("tạo hồ sơ lúc"), null=True, blank=True)
    quota_override_reason = models.TextField(
        _("lý do vượt số lượng"),
        blank=True,
        max_length=REASON_LENGTH,
        help_text=_("Cán bộ Sở ghi khi đề xuất vượt số lượng kế hoạch cho phép."),
    )

    class Meta:
        verbose_name = _("đề xuất khen thưởng")
        verbose_name_plural = _("đề xuất khen thưởng")
        ordering = ["review", "unit__name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="individual") & Q(person__isnull=False) & Q(nominee_unit__isnull=True))
                | (Q(kind="collective") & Q(nominee_unit__isnull=False) & Q(person__isnull=True)),
                name="reviewproposal_kind_matches",
                violation_error_message=_("Đề xuất cá nhân cần chọn cá nhân, đề xuất tập thể cần chọn tập thể."),
            ),
            models.UniqueConstraint(
                fields=["review", "person", "award"],
                condition=Q(person__isnull=False),
                name="reviewproposal_unique_person_award",
                violation_error_message=_("Cá nhân này đã được đề xuất hình thức khen thưởng đó."),
            ),
            models.UniqueConstraint(
                fields=["review", "nominee_unit", "award"],
                condition=Q(nominee_unit__isnull=False),
                name="reviewproposal_unique_collective_award",
                violation_error_message=_("Tập thể này đã được đề xuất hình thức khen thưởng đó."),
            ),
        ]

    def __str__(self):
        return f"{self.nominee_name} – {self.award_id}"

    @property
    def nominee_name(self) -> str:
        return str(self.person or self.nominee_unit or "")


class CampaignEvent(EventBase):
    """Lịch sử xử lý: who did what to the campaign, one of its registrations or reports, when and why."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="events")
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    report = models.ForeignKey(ProgressReport, null=True, blank=True, on_delete=models.CASCADE, related_name="events")

    class Meta(EventBase.Meta):
        # The screens show the newest first.
        ordering = ["-at", "-id"]
