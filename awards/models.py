"""Awards: the catalogue with its dated eligibility rules, award history, dossiers and nominations.

The rules of the domain (which title needs what, how many working days staff
have) are data with a legal basis and the date they took effect; the code only
knows how to evaluate each kind of rule.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thiduakt.text import fold, nfc, vi_sort_key


class RecipientKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")
    HOUSEHOLD = "household", _("Hộ gia đình")


class AwardType(models.TextChoices):
    """Loại hình khen thưởng. Sudden and campaign awards do not count towards higher merit awards."""

    MERIT = "merit", _("Công trạng")
    SUDDEN = "sudden", _("Đột xuất")
    CAMPAIGN = "campaign", _("Theo phong trào, chuyên đề")
    CAREER = "career", _("Quá trình cống hiến")
    SERVICE = "service", _("Niên hạn")
    FOREIGN = "foreign", _("Đối ngoại")


class DocumentKind(models.TextChoices):
    """The documents a dossier may hold; the checklist of each award names the required ones."""

    REQUEST_LETTER = "request_letter", _("Tờ trình đề nghị khen thưởng")
    ACHIEVEMENT_REPORT = "achievement_report", _("Báo cáo thành tích")
    COUNCIL_MINUTES = "council_minutes", _("Biên bản họp Hội đồng Thi đua - Khen thưởng đơn vị")
    INITIATIVE_PROOF = "initiative_proof", _("Minh chứng công nhận sáng kiến")
    TAX_CONFIRMATION = "tax_confirmation", _("Xác nhận thực hiện nghĩa vụ thuế, bảo hiểm")
    OTHER = "other", _("Tài liệu khác")


# Which documents belong to the dossier as a whole, which to each nominee.
DOSSIER_DOCUMENTS = {DocumentKind.REQUEST_LETTER, DocumentKind.COUNCIL_MINUTES}


class Award(models.Model):
    """One emulation title or form of commendation in the catalogue (admin-editable data)."""

    class Kind(models.TextChoices):
        TITLE = "title", _("Danh hiệu thi đua")
        COMMENDATION = "commendation", _("Hình thức khen thưởng")

    class Level(models.TextChoices):
        UNIT = "unit", _("Cơ sở")
        PROVINCE = "province", _("Cấp tỉnh")
        CENTRAL = "central", _("Cấp Nhà nước, Chính phủ")

    code = models.SlugField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("cấp"), max_length=20, choices=Level.choices)
    for_individual = models.BooleanField(_("cho cá nhân"), default=False)
    for_collective = models.BooleanField(_("cho tập thể"), default=False)
    for_household = models.BooleanField(_("cho hộ gia đình"), default=False)
    decided_by = models.CharField(_("thẩm quyền quyết định"), max_length=200)
    needs_council = models.BooleanField(_("cần Hội đồng xét"), default=False)
    council_threshold_percent = models.PositiveSmallIntegerField(
        _("tỷ lệ đồng ý của Hội đồng (%)"),
        null=True,
        blank=True,
        help_text=_("Tính trên tổng số thành viên Hội đồng."),
    )
    requires_disclosure = models.BooleanField(_("phải công khai lấy ý kiến"), default=False)
    disclosure_working_days = models.PositiveSmallIntegerField(_("số ngày làm việc công khai"), default=0)
    reward_coefficient_individual = models.DecimalField(
        _("hệ số tiền thưởng cá nhân (× lương cơ sở)"), max_digits=5, decimal_places=2, default=0
    )
    reward_coefficient_collective = models.DecimalField(
        _("hệ số tiền thưởng tập thể (× lương cơ sở)"), max_digits=5, decimal_places=2, default=0
    )
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    valid_from = models.DateField(_("áp dụng từ"), null=True, blank=True)
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    central_level = models.BooleanField(
        _("do Trung ương quyết định"), default=False, help_text=_("Tỉnh trình Thủ tướng, Chủ tịch nước.")
    )
    counts_for_merit = models.BooleanField(
        _("tính làm căn cứ khen cao hơn"),
        default=True,
        help_text=_("Khen đột xuất, theo phong trào không tính làm căn cứ khen thưởng công trạng."),
    )
    required_documents = models.JSONField(
        _("thành phần hồ sơ bắt buộc"), default=list, blank=True, help_text=_("Danh sách mã loại tài liệu.")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("danh hiệu, hình thức khen thưởng")
        verbose_name_plural = _("danh mục khen thưởng")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="award_valid_range",
            ),
            models.CheckConstraint(
                condition=Q(council_threshold_percent__isnull=True) | Q(council_threshold_percent__lte=100),
                name="award_threshold_max_100",
            ),
        ]

    def __str__(self):
        return self.name

    def is_for(self, kind: str) -> bool:
        return {
            RecipientKind.INDIVIDUAL: self.for_individual,
            RecipientKind.COLLECTIVE: self.for_collective,
            RecipientKind.HOUSEHOLD: self.for_household,
        }.get(kind, False)

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    @property
    def required_document_kinds(self) -> list[str]:
        return [k for k in self.required_documents if k in DocumentKind.values]


class RuleSet(models.Model):
    """The eligibility conditions of one award, as a legal text set them from a date.

    A nomination is judged by the rule set of its award in force on the day its
    dossier was received.
    """

    award = models.ForeignKey(Award, verbose_name=_("khen thưởng"), on_delete=models.PROTECT, related_name="rule_sets")
    name = models.CharField(_("tên bộ tiêu chuẩn"), max_length=200)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bộ tiêu chuẩn xét khen thưởng")
        verbose_name_plural = _("bộ tiêu chuẩn xét khen thưởng")
        ordering = ["award__order", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["award", "valid_from"], name="ruleset_one_per_award_and_start"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")), name="ruleset_valid_range"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.valid_from:%d/%m/%Y})"


class Rule(models.Model):
    """One condition of a rule set: a kind the code knows how to evaluate, with its parameters.

    Rules with the same non-zero ``group`` are alternatives (one of them must
    pass); every group and every ungrouped rule must pass.
    """

    class Kind(models.TextChoices):
        CONSECUTIVE_TITLES = "consecutive_titles", _("Đạt danh hiệu X trong N năm liên tục trước đó")
        INITIATIVE = "initiative", _("Có sáng kiến được công nhận ở cấp L")
        MEMBER_SHARE = "member_share", _("Tập thể: ≥ P % (hoặc ≥ K) thành viên đạt danh hiệu X")
        NO_DISCIPLINE = "no_discipline", _("Không bị kỷ luật từ mức L trở lên")
        EXCLUDE_AWARD_TYPES = "exclude_award_types", _("Không tính khen đột xuất, theo phong trào")
        QUOTA = "quota", _("Chỉ tiêu: tối đa K mỗi đơn vị / phong trào, hoặc P % người tham gia")

    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("bộ tiêu chuẩn"), on_delete=models.CASCADE, related_name="rules"
    )
    kind = models.CharField(_("loại điều kiện"), max_length=30, choices=Kind.choices)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    group = models.PositiveSmallIntegerField(
        _("nhóm lựa chọn"), default=0, help_text=_("Các điều kiện cùng nhóm (khác 0): chỉ cần đạt một.")
    )
    description = models.CharField(_("diễn giải"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("điều kiện")
        verbose_name_plural = _("điều kiện")
        ordering = ["order", "id"]

    def __str__(self):
        return self.description or self.get_kind_display()


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


class Holiday(models.Model):
    """A public holiday (configurable data) excluded from the working-day clock, like weekends."""

    day = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên ngày nghỉ"), max_length=120)

    class Meta:
        verbose_name = _("ngày nghỉ lễ")
        verbose_name_plural = _("ngày nghỉ lễ")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.name}"


class Dossier(models.Model):
    """A nomination dossier (hồ sơ đề nghị khen thưởng) of one unit for one round."""

    class RoundKind(models.TextChoices):
        YEARLY = "yearly", _("Tổng kết năm")
        CAMPAIGN = "campaign", _("Tổng kết phong trào thi đua")
        CLUSTER = "cluster", _("Đề nghị của cụm, khối thi đua")
        SUDDEN = "sudden", _("Khen thưởng đột xuất")

    class Origin(models.TextChoices):
        MANUAL = "manual", _("Đơn vị tự lập")
        CAMPAIGN_REVIEW = "campaign_review", _("Từ tổng kết phong trào")
        CLUSTER_PROPOSAL = "cluster_proposal", _("Từ đề nghị của cụm, khối")
        EXEMPLAR = "exemplar", _("Từ điển hình tiên tiến")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi, chờ thẩm định")
        RETURNED = "returned", _("Trả lại để bổ sung")
        RESUBMITTED = "resubmitted", _("Đã bổ sung, chờ thẩm định")
        APPRAISED = "appraised", _("Đã thẩm định")

    unit = models.ForeignKey(
        "thiduakt.OrgUnit", verbose_name=_("đơn vị đề nghị"), on_delete=models.PROTECT, related_name="dossiers"
    )
    round_kind = models.CharField(_("đợt xét"), max_length=20, choices=RoundKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tiêu đề"), max_length=300, blank=True)
    origin = models.CharField(_("nguồn đề nghị"), max_length=20, choices=Origin.choices, default=Origin.MANUAL)
    origin_note = models.TextField(_("ghi chú nguồn"), blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("phong trào thi đua"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dossiers",
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Request letter (tờ trình).
    letter_number = models.CharField(_("số tờ trình"), max_length=60, blank=True)
    letter_date = models.DateField(_("ngày tờ trình"), null=True, blank=True)
    # The unit's own emulation council: minutes and vote.
    council_meeting_date = models.DateField(_("ngày họp Hội đồng đơn vị"), null=True, blank=True)
    council_members_total = models.PositiveSmallIntegerField(_("tổng số thành viên Hội đồng"), null=True, blank=True)
    council_members_present = models.PositiveSmallIntegerField(_("số thành viên dự họp"), null=True, blank=True)
    council_votes_for = models.PositiveSmallIntegerField(_("số phiếu đồng ý"), null=True, blank=True)
    # Intake and the working-day clock.
    round_number = models.PositiveSmallIntegerField(_("lần gửi"), default=0)
    received_on = models.DateField(_("ngày tiếp nhận"), null=True, blank=True)
    first_received_on = models.DateField(_("ngày tiếp nhận lần đầu"), null=True, blank=True)
    complete_on = models.DateField(_("ngày xác nhận hồ sơ đủ"), null=True, blank=True)
    due_on = models.DateField(_("hạn xử lý"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    appraised_at = models.DateTimeField(_("thẩm định xong lúc"), null=True, blank=True)
    search_text = models.CharField(max_length=600, editable=False, db_index=True, default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hồ sơ đề nghị khen thưởng")
        verbose_name_plural = _("hồ sơ đề nghị khen thưởng")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            # The dossier list shows the most recently changed first.
            models.Index(fields=["-updated_at", "-id"], name="dossier_recent_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=1945, year__lte=2100), name="dossier_year_range"),
            models.CheckConstraint(
                condition=Q(council_votes_for__isnull=True)
                | Q(council_members_total__isnull=True)
                | Q(council_votes_for__lte=models.F("council_members_total")),
                name="dossier_votes_within_members",
            ),
        ]

    def __str__(self):
        return self.title or f"{self.get_round_kind_display()} {self.year} – {self.unit}"

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        self.search_text = fold(f"{self.title} {self.letter_number} {self.unit.name} {self.unit.short_name}")[:600]
        super().save(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def awaits_appraisal(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.RESUBMITTED)


class Nomination(models.Model):
    """One nominee of a dossier, proposed for one award of one year."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đề nghị")
        ACCEPTED = "accepted", _("Thẩm định đạt")
        REJECTED = "rejected", _("Thẩm định không đạt")
        READY_FOR_DECISION = "ready_for_decision", _("Chờ quyết định khen thưởng")
        READY_FOR_COUNCIL = "ready_for_council", _("Chờ Hội đồng xét")
        ON_AGENDA = "on_agenda", _("Đưa vào phiên họp Hội đồng")
        COUNCIL_PASSED = "council_passed", _("Hội đồng đồng ý")
        COUNCIL_FAILED = "council_failed", _("Hội đồng không đồng ý")
        DECIDED = "decided", _("Đã có quyết định khen thưởng")
        FORWARDED = "forwarded", _("Đã trình Trung ương")
        WITHDRAWN = "withdrawn", _("Rút đề nghị")

    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="nominations")
    nominee_kind = models.CharField(_("đối tượng"), max_length=20, choices=RecipientKind.choices)
    person = models.ForeignKey(
        "thiduakt.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    unit = models.ForeignKey(
        "thiduakt.OrgUnit",
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    household_name = models.CharField(_("hộ gia đình"), max_length=200, blank=True)
    award = models.ForeignKey(Award, verbose_name=_("khen thưởng đề nghị"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    summary = models.TextField(_("tóm tắt thành tích"), blank=True)
    member_count = models.PositiveIntegerField(
        _("số thành viên tập thể"), null=True, blank=True, help_text=_("Để trống: đếm theo danh sách cá nhân.")
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    appraisal_reason = models.TextField(_("ý kiến thẩm định"), blank=True)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thẩm định"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    appraised_at = models.DateTimeField(_("thẩm định lúc"), null=True, blank=True)
    # Public disclosure (công khai) window, for awards that require it.
    disclosure_opens_on = models.DateField(_("công khai từ"), null=True, blank=True)
    disclosure_closes_on = models.DateField(_("công khai đến hết"), null=True, blank=True)
    nominee_name = models.CharField(_("tên đối tượng"), max_length=255, editable=False, default="")
    search_text = models.CharField(max_length=400, editable=False, db_index=True, default="")
    sort_key = models.CharField(max_length=400, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["dossier", "sort_key", "id"]
        constraints = [
            # The same nominee is never proposed twice for one award and year anywhere in the province
            # (a rejected or withdrawn proposal no longer counts).
            models.UniqueConstraint(
                fields=["person", "award", "year"],
                condition=Q(person__isnull=False) & ~Q(status__in=["rejected", "withdrawn"]),
                name="nomination_person_award_year_once",
            ),
            models.UniqueConstraint(
                fields=["unit", "award", "year"],
                condition=Q(unit__isnull=False) & ~Q(status__in=["rejected", "withdrawn"]),
                name="nomination_unit_award_year_once",
            ),
            models.CheckConstraint(
                condition=(Q(nominee_kind="individual") & Q(person__isnull=False) & Q(unit__isnull=True))
                | (Q(nominee_kind="collective") & Q(unit__isnull=False) & Q(person__isnull=True))
                | (Q(nominee_kind="household") & Q(person__isnull=True) & Q(unit__isnull=True) & ~Q(household_name="")),
                name="nomination_nominee_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(disclosure_closes_on__isnull=True)
                | Q(disclosure_opens_on__isnull=False, disclosure_closes_on__gte=models.F("disclosure_opens_on")),
                name="nomination_disclosure_range",
            ),
        ]

    def __str__(self):
        return f"{self.nominee_name} – {self.award}"

    def save(self, *args, **kwargs):
        self.household_name = nfc(self.household_name)
        self.nominee_name = self.compute_nominee_name()
        self.search_text = fold(self.nominee_name)[:400]
        self.sort_key = vi_sort_key(self.nominee_name) if self.nominee_kind == RecipientKind.INDIVIDUAL else ""
        super().save(*args, **kwargs)

    def compute_nominee_name(self) -> str:
        if self.nominee_kind == RecipientKind.INDIVIDUAL and self.person_id:
            return self.person.full_name
        if self.nominee_kind == RecipientKind.COLLECTIVE and self.unit_id:
            return self.unit.name
        return self.household_name


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


def _attachment_path(attachment, filename):
    return f"awards/{attachment.dossier_id}/{attachment.sha256[:16]}{attachment.extension}"


class Attachment(models.Model):
    """A document of a dossier (or of one nominee), checked by content and kept in private storage."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="attachments")
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("đối tượng"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    kind = models.CharField(_("loại tài liệu"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(_("tệp"), upload_to=_attachment_path, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("định dạng"), max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")
        ordering = ["kind", "uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class DossierEvent(models.Model):
    """What happened to a dossier or one of its nominees: who, when, what, why (Lịch sử xử lý)."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="events")
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("đối tượng"), null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("thao tác"), max_length=200)
    from_status = models.CharField(_("từ trạng thái"), max_length=30, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=30, blank=True)
    reason = models.TextField(_("lý do, ghi chú"), blank=True)
    round_number = models.PositiveSmallIntegerField(_("lần gửi"), default=0)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("lúc"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("lịch sử xử lý")
        verbose_name_plural = _("lịch sử xử lý")
        ordering = ["at", "id"]

    def __str__(self):
        return self.action


class PublicComment(models.Model):
    """A comment from the public on a candidate during the disclosure window; kept with the nomination."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("đối tượng"), on_delete=models.CASCADE, related_name="public_comments"
    )
    author_name = models.CharField(_("họ tên người góp ý"), max_length=150, blank=True)
    contact = models.CharField(_("địa chỉ liên hệ"), max_length=200, blank=True)
    body = models.TextField(_("nội dung góp ý"), max_length=4000)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến góp ý công khai")
        verbose_name_plural = _("ý kiến góp ý công khai")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.body[:60]


class ProcessingRule(models.Model):
    """How many working days staff have: to appraise a complete dossier, to return an incomplete one."""

    valid_from = models.DateField(_("áp dụng từ"), unique=True)
    appraisal_working_days = models.PositiveSmallIntegerField(_("số ngày làm việc thẩm định hồ sơ đủ"), default=20)
    return_working_days = models.PositiveSmallIntegerField(_("số ngày làm việc trả hồ sơ chưa đủ"), default=5)
    legal_basis = models.CharField(_("căn cứ"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thời hạn xử lý hồ sơ")
        verbose_name_plural = _("thời hạn xử lý hồ sơ")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{self.valid_from:%d/%m/%Y}: {self.appraisal_working_days}/{self.return_working_days}"


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


from awards.council_models import *  # noqa: E402,F403  (issue 5: council and decisions)
