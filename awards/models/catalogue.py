"""The award catalogue and the dated data it is judged and paid by (admin-editable).

Titles and forms of commendation, their eligibility rule sets, the working-day
clock (holidays, processing rules), the base salary rewards are multiples of
(the coefficients themselves, per kind of recipient and decree, are in ``money``),
and the wording a decision for each award starts from. Rules of the domain are
data with a legal basis and the date they took effect; the code only knows how
to evaluate each kind of rule.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thiduakt.text import REASON_LENGTH, TEXT_LENGTH


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
    aliases = models.TextField(
        _("tên gọi khác"),
        blank=True,
        max_length=REASON_LENGTH,
        help_text=_("Mỗi dòng một tên mà tệp nhập khen thưởng có thể ghi, vd. “Bằng khen UBND tỉnh”."),
    )
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
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True, max_length=REASON_LENGTH)
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

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

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
        TASK_RATING = "task_rating", _("Xếp loại hoàn thành nhiệm vụ từ mức M trở lên trong N năm liên tục")
        TITLE_CYCLES = "title_cycles", _("Đạt danh hiệu X K lần liên tục, mỗi lần cách nhau một chu kỳ N năm")
        CONFIRMED = "confirmed", _("Thành tích, điều kiện được cán bộ xác nhận theo văn bản")
        ALL_OF = "all_of", _("Đồng thời đạt các điều kiện")
        NO_PENDING_MATTER = "no_pending_matter", _("Không đang bị xem xét kỷ luật, điều tra, thanh tra, khiếu nại")

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


class BaseSalary(models.Model):
    """The base salary (lương cơ sở) in force from a date: reward money is a multiple of it."""

    amount = models.PositiveBigIntegerField(_("mức lương cơ sở (đồng)"))
    valid_from = models.DateField(_("áp dụng từ"), unique=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mức lương cơ sở")
        verbose_name_plural = _("mức lương cơ sở")
        ordering = ["-valid_from"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="basesalary_positive")]

    def __str__(self):
        return f"{self.amount:,} đ ({self.valid_from:%d/%m/%Y})".replace(",", ".")


class DecisionTemplate(models.Model):
    """The wording a decision for one award starts from (staff edit each decision afterwards)."""

    award = models.OneToOneField(
        "awards.Award", verbose_name=_("khen thưởng"), on_delete=models.CASCADE, related_name="decision_template"
    )
    subject = models.CharField(_("trích yếu"), max_length=300)
    legal_bases = models.TextField(
        _("căn cứ khác"),
        max_length=TEXT_LENGTH,
        blank=True,
        help_text=_("Mỗi dòng một căn cứ riêng của khen thưởng này, ngoài các căn cứ theo ngày ký (Căn cứ pháp lý)."),
    )
    proposal = models.CharField(_("xét đề nghị"), max_length=400, blank=True)
    executors = models.TextField(_("Điều 3: tổ chức thực hiện"), blank=True, max_length=REASON_LENGTH)
    copy_recipients = models.TextField(
        _("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi nhận."), max_length=REASON_LENGTH
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mẫu quyết định")
        verbose_name_plural = _("mẫu quyết định")

    def __str__(self):
        return self.subject
