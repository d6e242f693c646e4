"""Clusters and blocks (cụm, khối thi đua): yearly membership, head and deputy, the flag.

A cluster (territorial) or block (sector) exists across years; each
``ClusterYear`` holds that year's members, with at most one head (cụm trưởng)
and one deputy (cụm phó) — a database constraint on the membership role.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thiduakt.text import REASON_LENGTH, TEXT_LENGTH, fold, nfc
from thiduakt.workflow import EventBase, StatusChoices


class Cluster(models.Model):
    class Kind(models.TextChoices):
        CLUSTER = "cluster", _("Cụm thi đua")
        BLOCK = "block", _("Khối thi đua")

    class RotationRule(models.TextChoices):
        FIXED_ORDER = "fixed_order", _("Luân phiên theo thứ tự cố định")
        RANKING = "ranking", _("Theo kết quả xếp hạng năm trước")
        ELECTED = "elected", _("Bầu tại hội nghị tổng kết")

    name = models.CharField(_("tên cụm, khối"), max_length=255, unique=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.CLUSTER)
    description = models.TextField(_("mô tả"), blank=True, max_length=TEXT_LENGTH)
    rotation_rule = models.CharField(
        _("cách chọn cụm trưởng, cụm phó"),
        max_length=20,
        choices=RotationRule.choices,
        default=RotationRule.FIXED_ORDER,
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    search_text = models.CharField(max_length=400, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cụm, khối thi đua")
        verbose_name_plural = _("cụm, khối thi đua")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Derived columns only.
        self.name = nfc(self.name)
        self.search_text = fold(f"{self.name} {self.description[:200]}")
        super().save(*args, **kwargs)


class TieBreak(models.TextChoices):
    """Rules that order members with the same total, applied in the order chosen for the year."""

    FEWER_DEDUCTIONS = "fewer_deductions", _("Ít điểm trừ hơn xếp trên")
    GROUP_TOTALS = "group_totals", _("Điểm từng nhóm tiêu chí theo thứ tự bảng, cao hơn xếp trên")
    EARLIER_SUBMISSION = "earlier_submission", _("Nộp bảng tự chấm sớm hơn xếp trên")


class ClusterYear(models.Model):
    """One year of a cluster: its members, head and deputy, agreement, scoring and ranking."""

    class ScoringStatus(StatusChoices):
        OPEN = "open", _("Đang chấm điểm")
        PUBLISHED = "published", _("Đã công bố xếp hạng")

    ScoringStatus.declare(
        moves={ScoringStatus.OPEN: [ScoringStatus.PUBLISHED]},
        badges={ScoringStatus.OPEN: "warning", ScoringStatus.PUBLISHED: "success"},
    )

    cluster = models.ForeignKey(Cluster, verbose_name=_("cụm, khối"), on_delete=models.PROTECT, related_name="years")
    year = models.PositiveSmallIntegerField(_("năm"))
    flag_count = models.PositiveSmallIntegerField(
        _("số đơn vị đề nghị Cờ thi đua của UBND tỉnh"), default=1, help_text=_("Theo quy định của tỉnh cho năm này.")
    )
    commendation_count = models.PositiveSmallIntegerField(
        _("số đơn vị đề nghị Bằng khen của Chủ tịch UBND tỉnh"), default=2
    )
    table_max = models.DecimalField(
        _("tổng điểm tối đa của bảng chấm điểm"),
        max_digits=7,
        decimal_places=2,
        default=100,
        help_text=_("Theo quy chế chấm điểm của cụm; tổng điểm tối đa các tiêu chí không được vượt quá."),
    )
    tie_break = models.CharField(
        _("quy tắc phân định khi bằng điểm"),
        max_length=200,
        blank=True,
        default="fewer_deductions,group_totals",
        help_text=_("Các quy tắc, theo thứ tự áp dụng, cách nhau bởi dấu phẩy."),
    )
    scoring_status = models.CharField(
        _("tình trạng chấm điểm"), max_length=10, choices=ScoringStatus.choices, default=ScoringStatus.OPEN
    )
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công bố"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("năm của cụm, khối")
        verbose_name_plural = _("năm của cụm, khối")
        ordering = ["cluster", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "year"],
                name="clusteryear_unique_year",
                violation_error_message=_("Cụm đã có năm này."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="clusteryear_year_range",
                violation_error_message=_("Năm phải trong khoảng 2000 – 2100."),
            ),
            models.CheckConstraint(
                condition=Q(table_max__gt=0),
                name="clusteryear_table_max_positive",
                violation_error_message=_("Tổng điểm tối đa của bảng chấm điểm phải lớn hơn 0."),
            ),
        ]

    def __str__(self):
        return f"{self.cluster} – {self.year}"

    @property
    def tie_break_rules(self) -> list[str]:
        known = set(TieBreak.values)
        return [r.strip() for r in self.tie_break.split(",") if r.strip() in known]

    @property
    def is_published(self) -> bool:
        return self.scoring_status == self.ScoringStatus.PUBLISHED


class Membership(models.Model):
    """A unit in a cluster for one year, with its role (member, head or deputy)."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Thành viên")
        HEAD = "head", _("Cụm trưởng")
        DEPUTY = "deputy", _("Cụm phó")

    cluster_year = models.ForeignKey(
        ClusterYear, verbose_name=_("năm của cụm"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        "thiduakt.OrgUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="cluster_memberships"
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    rotation_position = models.PositiveSmallIntegerField(
        _("thứ tự luân phiên"), null=True, blank=True, help_text=_("Thứ tự giữ chức cụm trưởng khi luân phiên.")
    )
    submitted_at = models.DateTimeField(_("nộp bảng tự chấm lúc"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại bảng tự chấm"), blank=True, max_length=REASON_LENGTH)
    returned_at = models.DateTimeField(_("trả lại lúc"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lại"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đơn vị thành viên")
        verbose_name_plural = _("đơn vị thành viên")
        ordering = ["cluster_year", "rotation_position", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster_year", "unit"],
                name="membership_unique_unit",
                violation_error_message=_("Đơn vị đã là thành viên của cụm năm này."),
            ),
            # At most one head and one deputy per cluster year.
            models.UniqueConstraint(
                fields=["cluster_year"],
                condition=Q(role="head"),
                name="membership_one_head_per_year",
                violation_error_message=_("Mỗi năm cụm chỉ có một cụm trưởng."),
            ),
            models.UniqueConstraint(
                fields=["cluster_year"],
                condition=Q(role="deputy"),
                name="membership_one_deputy_per_year",
                violation_error_message=_("Mỗi năm cụm chỉ có một cụm phó."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} ({self.cluster_year})"


def _upload_path(instance, filename):
    # A random name keeps the original name out of the path; the original is kept in a column.
    suffix = Path(filename).suffix.lower()[:10]
    return f"clusters/{instance.upload_folder()}/{uuid.uuid4().hex}{suffix}"


class UploadMixin(models.Model):
    """A private file (served only by a permission-checked view) and its original name."""

    file = models.FileField(_("tệp"), upload_to=_upload_path, blank=True, max_length=300)
    file_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    file_content_type = models.CharField(_("định dạng tệp"), max_length=100, blank=True, editable=False)

    class Meta:
        abstract = True

    def upload_folder(self) -> str:
        return "files"


class ClusterDocument(UploadMixin):
    """A document of the cluster year (plan, agreement, minutes, report…)."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("Kế hoạch")
        AGREEMENT = "agreement", _("Giao ước thi đua")
        MINUTES = "minutes", _("Biên bản họp")
        REPORT = "report", _("Báo cáo tổng kết")
        OTHER = "other", _("Khác")

    cluster_year = models.ForeignKey(
        ClusterYear, verbose_name=_("năm của cụm"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("tiêu đề"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản của cụm")
        verbose_name_plural = _("văn bản của cụm")
        ordering = ["cluster_year", "-uploaded_at", "-id"]

    def __str__(self):
        return self.title

    def upload_folder(self) -> str:
        return f"{self.cluster_year_id}/documents"


class RotationProposal(models.Model):
    """The proposed head and deputy of the next year, under the cluster's rule; staff confirm it."""

    class Status(StatusChoices):
        PROPOSED = "proposed", _("Đề xuất")
        CONFIRMED = "confirmed", _("Đã xác nhận")
        WITHDRAWN = "withdrawn", _("Đã hủy")

    Status.declare(
        moves={Status.PROPOSED: [Status.CONFIRMED, Status.WITHDRAWN]},
        badges={Status.PROPOSED: "warning", Status.CONFIRMED: "success", Status.WITHDRAWN: "secondary"},
    )

    cluster_year = models.ForeignKey(
        ClusterYear,
        verbose_name=_("năm vừa kết thúc"),
        on_delete=models.CASCADE,
        related_name="rotation_proposals",
    )
    rule = models.CharField(_("cách chọn"), max_length=20, choices=Cluster.RotationRule.choices)
    head = models.ForeignKey(
        "thiduakt.OrgUnit", verbose_name=_("cụm trưởng đề xuất"), on_delete=models.PROTECT, related_name="+"
    )
    deputy = models.ForeignKey(
        "thiduakt.OrgUnit",
        verbose_name=_("cụm phó đề xuất"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("ghi chú, căn cứ"), blank=True, max_length=REASON_LENGTH)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đề xuất cụm trưởng, cụm phó")
        verbose_name_plural = _("đề xuất cụm trưởng, cụm phó")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster_year"], condition=Q(status="proposed"), name="rotation_one_open_proposal"
            ),
            models.UniqueConstraint(
                fields=["cluster_year"], condition=Q(status="confirmed"), name="rotation_one_confirmed"
            ),
            models.CheckConstraint(condition=~Q(head=models.F("deputy")), name="rotation_head_not_deputy"),
        ]

    def __str__(self):
        return f"{self.cluster_year}: {self.head}"

    @property
    def year_events(self):
        """The cluster year's history, where this proposal's moves are written."""
        return self.cluster_year.events


class FlagHandover(UploadMixin):
    """The cluster-head flag (Cờ Cụm trưởng) passing from one unit to the next.

    A handover recorded by mistake is corrected (its fields, with a reason) or cancelled with a reason,
    then recorded again; both stay in its history and in the year's events. Only one recorded (not
    cancelled) handover per cluster and year.
    """

    class Status(StatusChoices):
        RECORDED = "recorded", _("Đã ghi nhận")
        CANCELLED = "cancelled", _("Đã hủy (ghi nhầm)")

    Status.declare(
        moves={Status.RECORDED: [Status.CANCELLED]},
        badges={Status.RECORDED: "success", Status.CANCELLED: "secondary"},
    )

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cụm, khối"), on_delete=models.PROTECT, related_name="handovers"
    )
    year = models.PositiveSmallIntegerField(_("năm nhận cờ (nhiệm kỳ cụm trưởng)"))
    from_unit = models.ForeignKey(
        "thiduakt.OrgUnit",
        verbose_name=_("đơn vị trao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_unit = models.ForeignKey(
        "thiduakt.OrgUnit", verbose_name=_("đơn vị nhận"), on_delete=models.PROTECT, related_name="+"
    )
    handed_on = models.DateField(_("ngày trao"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True, max_length=REASON_LENGTH)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.RECORDED)
    cancel_reason = models.TextField(_("lý do hủy"), blank=True, max_length=REASON_LENGTH)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người hủy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("trao Cờ Cụm trưởng")
        verbose_name_plural = _("trao Cờ Cụm trưởng")
        ordering = ["cluster", "-handed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "year"],
                condition=Q(status="recorded"),
                name="handover_one_per_year",
                violation_error_message=_("Đã ghi nhận việc trao cờ năm này; hãy sửa hoặc hủy bản ghi đó."),
            ),
            models.CheckConstraint(
                condition=~Q(from_unit=models.F("to_unit")),
                name="handover_two_units",
                violation_error_message=_("Đơn vị trao và đơn vị nhận phải khác nhau."),
            ),
        ]

    def __str__(self):
        return f"{self.cluster} {self.year}: {self.from_unit} → {self.to_unit}"

    def upload_folder(self) -> str:
        return f"handovers/{self.cluster_id}"

    @property
    def year_events(self):
        """The history of the cluster year the flag was handed over for, where its corrections are written."""
        return ClusterYear.objects.get(cluster_id=self.cluster_id, year=self.year).events


class Agreement(UploadMixin):
    """The signed commitment agreement (giao ước thi đua) of a cluster year."""

    cluster_year = models.OneToOneField(
        ClusterYear, verbose_name=_("năm của cụm"), on_delete=models.CASCADE, related_name="agreement"
    )
    title = models.CharField(_("tên giao ước"), max_length=255)
    targets = models.TextField(_("chỉ tiêu, nội dung thi đua"), max_length=TEXT_LENGTH)
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    signed_at_place = models.CharField(_("nơi ký"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = _("giao ước thi đua")

    def __str__(self):
        return self.title

    def upload_folder(self) -> str:
        return f"{self.cluster_year_id}/agreement"


class Commitment(models.Model):
    """What one member committed to in the year's agreement."""

    membership = models.OneToOneField(
        Membership, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="commitment"
    )
    content = models.TextField(_("nội dung đăng ký, cam kết"), max_length=TEXT_LENGTH)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cam kết của đơn vị")
        verbose_name_plural = _("cam kết của đơn vị")

    def __str__(self):
        return str(self.membership)


class CriterionGroup(models.Model):
    """A group of criteria in the year's scoring table (bảng chấm điểm)."""

    cluster_year = models.ForeignKey(
        ClusterYear, verbose_name=_("năm của cụm"), on_delete=models.CASCADE, related_name="criterion_groups"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    title = models.CharField(_("nhóm tiêu chí"), max_length=255)

    class Meta:
        verbose_name = _("nhóm tiêu chí")
        verbose_name_plural = _("nhóm tiêu chí")
        ordering = ["cluster_year", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["cluster_year", "title"], name="criteriongroup_unique_title")]

    def __str__(self):
        return self.title


class Criterion(models.Model):
    group = models.ForeignKey(CriterionGroup, verbose_name=_("nhóm"), on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    title = models.CharField(_("tiêu chí"), max_length=500)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=7, decimal_places=2)
    evidence_required = models.CharField(_("minh chứng cần có"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["group__position", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_points__gt=0),
                name="criterion_max_positive",
                violation_error_message=_("Điểm tối đa của tiêu chí phải lớn hơn 0."),
            )
        ]

    def __str__(self):
        return self.title


class Score(UploadMixin):
    """A member's points on one criterion: its own, and the head's cross-check (only with a reason)."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("tiêu chí"), on_delete=models.CASCADE, related_name="scores"
    )
    self_points = models.DecimalField(_("điểm tự chấm"), max_digits=7, decimal_places=2)
    self_note = models.TextField(_("giải trình"), blank=True, max_length=REASON_LENGTH)
    adjusted_points = models.DecimalField(_("điểm thẩm định"), max_digits=7, decimal_places=2, null=True, blank=True)
    adjust_reason = models.TextField(_("lý do điều chỉnh"), blank=True, max_length=REASON_LENGTH)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người điều chỉnh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    adjusted_at = models.DateTimeField(_("điều chỉnh lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("điểm")
        verbose_name_plural = _("điểm")
        constraints = [
            models.UniqueConstraint(fields=["membership", "criterion"], name="score_unique_criterion"),
            models.CheckConstraint(condition=Q(self_points__gte=0), name="score_self_not_negative"),
            models.CheckConstraint(
                condition=Q(adjusted_points__isnull=True) | Q(adjusted_points__gte=0),
                name="score_adjusted_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(adjusted_points__isnull=True) | ~Q(adjust_reason=""), name="score_adjusted_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.membership} – {self.criterion}"

    def upload_folder(self) -> str:
        return f"evidence/{self.membership_id}"

    @property
    def points(self):
        return self.self_points if self.adjusted_points is None else self.adjusted_points


class Deduction(models.Model):
    """Points taken off a member on another agency's report (police, tax…), entered by staff."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="deductions"
    )
    points = models.DecimalField(_("điểm trừ"), max_digits=7, decimal_places=2)
    reason = models.TextField(_("lý do"), max_length=REASON_LENGTH)
    source = models.CharField(_("cơ quan, văn bản đề nghị trừ điểm"), max_length=255)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("điểm trừ")
        verbose_name_plural = _("điểm trừ")
        ordering = ["membership", "entered_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(points__gt=0),
                name="deduction_positive",
                violation_error_message=_("Điểm trừ phải lớn hơn 0."),
            )
        ]

    def __str__(self):
        return f"{self.membership}: -{self.points}"


class RankingEntry(models.Model):
    """A member's place in the published ranking, frozen when staff publish it."""

    cluster_year = models.ForeignKey(
        ClusterYear, verbose_name=_("năm của cụm"), on_delete=models.CASCADE, related_name="ranking_entries"
    )
    membership = models.OneToOneField(
        Membership, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="ranking_entry"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    rank = models.PositiveSmallIntegerField(_("hạng"))
    self_total = models.DecimalField(_("tổng tự chấm"), max_digits=9, decimal_places=2)
    scored_total = models.DecimalField(_("tổng sau thẩm định"), max_digits=9, decimal_places=2)
    deductions_total = models.DecimalField(_("tổng điểm trừ"), max_digits=9, decimal_places=2)
    total = models.DecimalField(_("tổng điểm"), max_digits=9, decimal_places=2)

    class Meta:
        verbose_name = _("kết quả xếp hạng")
        verbose_name_plural = _("kết quả xếp hạng")
        ordering = ["cluster_year", "position"]
        constraints = [
            models.UniqueConstraint(fields=["cluster_year", "position"], name="ranking_unique_position"),
        ]

    def __str__(self):
        return f"{self.rank}. {self.membership}"


class AwardProposal(UploadMixin):
    """The cluster's proposal from its final ranking (Cờ thi đua, Bằng khen), with the meeting's minutes and vote.

    ``file`` holds the minutes (biên bản họp); once sent it becomes a draft
    dossier of the head unit in the awards app.
    """

    class Status(StatusChoices):
        DRAFT = "draft", _("Dự thảo")
        SENT = "sent", _("Đã chuyển thành hồ sơ đề nghị")

    Status.declare(
        moves={Status.DRAFT: [Status.SENT]},
        badges={Status.DRAFT: "secondary", Status.SENT: "success"},
    )

    cluster_year = models.OneToOneField(
        ClusterYear, verbose_name=_("năm của cụm"), on_delete=models.CASCADE, related_name="award_proposal"
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    meeting_on = models.DateField(_("ngày họp cụm"), null=True, blank=True)
    meeting_place = models.CharField(_("địa điểm họp"), max_length=255, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("số phiếu tán thành"), null=True, blank=True)
    votes_total = models.PositiveSmallIntegerField(_("tổng số đơn vị biểu quyết"), null=True, blank=True)
    vote_note = models.TextField(_("kết quả biểu quyết"), blank=True, max_length=REASON_LENGTH)
    quota_override_reason = models.TextField(_("lý do đề nghị vượt số lượng"), blank=True, max_length=REASON_LENGTH)
    quota_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cho phép vượt số lượng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chuyển"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("chuyển lúc"), null=True, blank=True)
    dossier = models.ForeignKey(
        "awards.Dossier",
        verbose_name=_("hồ sơ đề nghị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cluster_proposals",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đề nghị khen thưởng của cụm")
        verbose_name_plural = _("đề nghị khen thưởng của cụm")
        constraints = [
            models.CheckConstraint(
                condition=Q(votes_for__isnull=True)
                | Q(votes_total__isnull=True)
                | Q(votes_for__lte=models.F("votes_total")),
                name="proposal_votes_within_total",
                violation_error_message=_("Số phiếu tán thành không thể lớn hơn số đơn vị biểu quyết."),
            ),
        ]

    def __str__(self):
        return f"{self.cluster_year}"

    def upload_folder(self) -> str:
        return f"{self.cluster_year_id}/proposal"

    @property
    def year_events(self):
        """The cluster year's history, where this proposal's moves are written."""
        return self.cluster_year.events


class AwardProposalItem(models.Model):
    """One proposed unit and award (``CTDT`` or ``BKT``) of the proposal."""

    proposal = models.ForeignKey(
        AwardProposal, verbose_name=_("đề nghị"), on_delete=models.CASCADE, related_name="items"
    )
    membership = models.ForeignKey(Membership, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    award_code = models.CharField(_("hình thức"), max_length=20)
    rank = models.PositiveSmallIntegerField(_("hạng"))
    total = models.DecimalField(_("tổng điểm"), max_digits=9, decimal_places=2)

    class Meta:
        verbose_name = _("đơn vị được đề nghị")
        verbose_name_plural = _("đơn vị được đề nghị")
        ordering = ["proposal", "rank", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "membership"], name="proposalitem_unique_unit")]

    def __str__(self):
        return f"{self.membership} – {self.award_code}"


class Event(EventBase):
    """What happened to a cluster year, by whom and why (Lịch sử xử lý)."""

    cluster_year = models.ForeignKey(
        ClusterYear, verbose_name=_("năm của cụm"), on_delete=models.CASCADE, related_name="events"
    )

    class Meta(EventBase.Meta):
        verbose_name = _("sự kiện")
        verbose_name_plural = _("sự kiện")
        ordering = ["-at", "-id"]
