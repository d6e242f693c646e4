"""Award decisions (and the decisions correcting or revoking them), their lines, numbering and history;
the dated legal citations of their "Căn cứ" and the registers (sổ vàng) of the certificates they issue."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thiduakt.text import REASON_LENGTH, TEXT_LENGTH, fold, nfc, vi_sort_key
from thiduakt.workflow import EventBase, StatusChoices


class DecisionCounter(models.Model):
    """The last number given per issuer, document kind and year; locked while a decision is signed."""

    issuer_code = models.CharField(max_length=30)
    doc_kind = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sổ đăng ký số quyết định")
        verbose_name_plural = _("sổ đăng ký số quyết định")
        constraints = [
            models.UniqueConstraint(fields=["issuer_code", "doc_kind", "year"], name="decisioncounter_once"),
        ]

    def __str__(self):
        return f"{self.doc_kind}-{self.issuer_code} {self.year}: {self.last_number}"


class RegisterCounter(models.Model):
    """The last number written in one register (sổ vàng) of certificates: one register per award and issuing
    body, numbered from 1 and never restarted (not per year, not per decision); locked while a decision is
    signed, so two signings never take the same number."""

    register = models.CharField(_("sổ"), max_length=120, unique=True)
    last_number = models.PositiveIntegerField(_("số cuối đã vào sổ"), default=0)

    class Meta:
        verbose_name = _("sổ vàng (số vào sổ)")
        verbose_name_plural = _("sổ vàng (số vào sổ)")

    def __str__(self):
        return f"{self.register}: {self.last_number}"


class LegalCitationQuerySet(models.QuerySet):
    def in_force(self, day: date):
        """The citations in force on ``day``, in the order a decision lists them."""
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day).order_by(
            "order", "valid_from", "pk"
        )


class LegalCitation(models.Model):
    """One "Căn cứ …" line of the award decisions, for the dates its text is in force (NĐ 30/2020, Annex I,
    II.6 a: laws by name and date only, decrees by number, date, issuer and full title).

    A new law or decree arrives as a new row valid from its date and the old row gets its last day; a
    decision takes the rows in force on its date (the signing date; a draft, the day it is drafted).
    """

    class Kind(models.TextChoices):
        LAW = "law", _("Luật")
        DECREE = "decree", _("Nghị định")
        CIRCULAR = "circular", _("Thông tư")
        REGULATION = "regulation", _("Quy định thi đua, khen thưởng của tỉnh")

    code = models.CharField(_("mã"), max_length=40, help_text=_("Cùng mã cho các bản thay thế nhau theo thời gian."))
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.CharField(
        _("dòng căn cứ"), max_length=500, help_text=_("Không ghi dấu “;” hay “.” ở cuối: văn bản tự thêm.")
    )
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến hết ngày"), null=True, blank=True)
    source = models.CharField(_("nguồn, mức độ đối chiếu"), max_length=300, blank=True)

    objects = LegalCitationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("căn cứ pháp lý của quyết định")
        verbose_name_plural = _("căn cứ pháp lý của quyết định")
        ordering = ["order", "valid_from", "id"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="legalcitation_once_per_code_start"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="legalcitation_valid_range",
            ),
        ]

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        self.text = nfc(self.text).strip().rstrip(";.,").strip()
        super().save(*args, **kwargs)


def _decision_pdf_path(decision, filename):
    return f"awards/decisions/{decision.year or 'draft'}/{decision.pk}/{filename}"


class Decision(models.Model):
    """A decision (Quyết định khen thưởng), or a later decision correcting or revoking one."""

    class Purpose(models.TextChoices):
        AWARD = "award", _("Khen thưởng")
        CORRECTION = "correction", _("Đính chính, sửa đổi quyết định")
        REVOCATION = "revocation", _("Hủy bỏ, thu hồi quyết định")

    class Status(StatusChoices):
        DRAFT = "draft", _("Dự thảo")
        SIGNED = "signed", _("Đã ký ban hành")
        # Older rows only: a decision amended line by line stays signed and says what holds in ``effect``.
        CORRECTED = "corrected", _("Đã được đính chính")
        REVOKED = "revoked", _("Đã bị hủy bỏ")

    class Effect(models.TextChoices):
        """What of a signed decision still holds, derived from its lines (awards.services.amendments)."""

        IN_FORCE = "in_force", _("Còn hiệu lực")
        PARTLY_CORRECTED = "partly_corrected", _("Đã đính chính một phần")
        CORRECTED = "corrected", _("Đã đính chính toàn bộ")
        PARTLY_REVOKED = "partly_revoked", _("Đã bị hủy bỏ một phần")
        REVOKED = "revoked", _("Đã bị hủy bỏ toàn bộ")

    # A signed decision is never edited: later decisions correct or revoke its lines, each by a new decision.
    Status.declare(
        moves={Status.DRAFT: [Status.SIGNED], Status.SIGNED: [Status.CORRECTED, Status.REVOKED]},
        badges={
            Status.DRAFT: "secondary",
            Status.SIGNED: "success",
            Status.CORRECTED: "warning",
            Status.REVOKED: "warning",
        },
    )

    purpose = models.CharField(_("loại quyết định"), max_length=20, choices=Purpose.choices, default=Purpose.AWARD)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    effect = models.CharField(
        _("hiệu lực"), max_length=20, choices=Effect.choices, default=Effect.IN_FORCE, editable=False
    )
    award = models.ForeignKey(
        "awards.Award", verbose_name=_("khen thưởng"), on_delete=models.PROTECT, related_name="decisions"
    )
    award_type = models.CharField(_("loại hình"), max_length=20, default="merit")
    # Header and numbering: "163/QĐ-UBND", from 01 each year per issuer and document kind.
    issuer_parent = models.CharField(_("cơ quan chủ quản (dòng trên)"), max_length=120, default="ỦY BAN NHÂN DÂN")
    issuer_name = models.CharField(_("cơ quan ban hành (dòng dưới)"), max_length=120, default="TỈNH HẬU GIANG")
    issuer = models.CharField(_("thẩm quyền"), max_length=200, default="Chủ tịch Ủy ban nhân dân tỉnh")
    issuer_code = models.CharField(_("ký hiệu cơ quan"), max_length=30, default="UBND")
    doc_kind = models.CharField(_("ký hiệu loại văn bản"), max_length=10, default="QĐ")
    place = models.CharField(_("địa danh"), max_length=60, default="Hậu Giang")
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    number_display = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày ký"), null=True, blank=True)
    # Content.
    subject = models.CharField(_("trích yếu"), max_length=300)
    # The "Căn cứ" list: the laws in force on the decision's date (LegalCitation, written here when the
    # draft is made and again when it is signed), then the decision's own lines, then the proposal.
    cited_bases = models.TextField(_("căn cứ theo ngày ban hành"), max_length=TEXT_LENGTH, blank=True, editable=False)
    legal_bases = models.TextField(
        _("căn cứ khác"),
        max_length=TEXT_LENGTH,
        blank=True,
        help_text=_("Mỗi dòng một căn cứ, ngoài các luật, nghị định và quy định của tỉnh có hiệu lực ngày ký."),
    )
    proposal = models.CharField(_("xét đề nghị"), max_length=400, blank=True)
    proposal_number = models.CharField(
        _("số tờ trình của Sở Nội vụ"), max_length=60, blank=True, help_text=_("Ví dụ: 125/TTr-SNV.")
    )
    proposal_date = models.DateField(_("ngày tờ trình"), null=True, blank=True)
    executors = models.TextField(_("Điều 3: tổ chức thực hiện"), blank=True, max_length=REASON_LENGTH)
    copy_recipients = models.TextField(
        _("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi nhận."), max_length=REASON_LENGTH
    )
    reason = models.TextField(_("lý do đính chính, hủy bỏ"), blank=True, max_length=REASON_LENGTH)
    amends = models.ForeignKey(
        "self",
        verbose_name=_("quyết định được đính chính, hủy bỏ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    # Signature.
    signer_authority = models.CharField(_("quyền hạn ký"), max_length=60, default="KT. CHỦ TỊCH", blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=60, default="PHÓ CHỦ TỊCH")
    signer_name = models.CharField(_("họ tên người ký"), max_length=150)
    base_salary = models.PositiveBigIntegerField(_("lương cơ sở áp dụng"), null=True, blank=True)
    # The signed rendition, rendered once and kept.
    pdf_file = models.FileField(_("tệp quyết định (PDF)"), upload_to=_decision_pdf_path, blank=True, max_length=300)
    certificates_file = models.FileField(
        _("tệp Bằng khen (PDF)"), upload_to=_decision_pdf_path, blank=True, max_length=300
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người soạn"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("soạn lúc"), auto_now_add=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận ký"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("ghi nhận ký lúc"), null=True, blank=True)
    search_text = models.CharField(max_length=600, editable=False, db_index=True, default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-decision_date", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_code", "doc_kind", "year", "number"],
                condition=Q(number__isnull=False),
                name="decision_number_once_per_issuer_kind_year",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(number__isnull=False, decision_date__isnull=False, year__isnull=False),
                name="decision_signed_has_number",
            ),
            models.CheckConstraint(
                condition=Q(purpose="award") | Q(amends__isnull=False, reason__gt=""),
                name="decision_amendment_references_old",
            ),
        ]

    def __str__(self):
        return f"{self.number_display or _('Dự thảo')} – {self.subject}"

    def save(self, *args, **kwargs):
        for name in ("subject", "signer_name", "proposal", "proposal_number"):
            setattr(self, name, nfc(getattr(self, name)))
        self.search_text = fold(f"{self.number_display} {self.subject} {self.signer_name}")[:600]
        super().save(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def effect_badge(self) -> str:
        """The Bootstrap colour of ``effect``."""
        return {
            self.Effect.IN_FORCE: "success",
            self.Effect.REVOKED: "danger",
        }.get(self.effect, "warning")

    @property
    def amendable(self) -> bool:
        """Whether a later decision may still correct or revoke lines of this one."""
        return not self.is_draft and self.purpose != self.Purpose.REVOCATION and self.effect != self.Effect.REVOKED

    def legal_basis_lines(self) -> list[str]:
        """The "Căn cứ" lines before the proposal, each ending with ";": the dated citations, then the
        decision's own lines."""
        lines = f"{self.cited_bases}\n{self.legal_bases}".splitlines()
        return [f"{nfc(line).strip().rstrip(';.,').rstrip()};" for line in lines if line.strip().rstrip(";.,")]

    def copy_recipient_lines(self) -> list[str]:
        return [nfc(line) for line in self.copy_recipients.splitlines() if line.strip()]


class DecisionRecipient(models.Model):
    """One collective, individual or household in a decision, with its reward."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("quyết định"), on_delete=models.CASCADE, related_name="recipients"
    )
    nomination = models.ForeignKey(
        "awards.Nomination",
        verbose_name=_("đề nghị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decision_recipients",
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("thay cho dòng của quyết định cũ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    recipient_kind = models.CharField(_("đối tượng"), max_length=20)
    person = models.ForeignKey(
        "thiduakt.Person", verbose_name=_("cá nhân"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "thiduakt.OrgUnit", verbose_name=_("tập thể"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    household_name = models.CharField(_("hộ gia đình"), max_length=200, blank=True)
    recipient_name = models.CharField(_("tên"), max_length=255)
    description = models.CharField(_("chức vụ, đơn vị"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    coefficient = models.DecimalField(_("hệ số"), max_digits=5, decimal_places=2, default=0)
    reward_amount = models.PositiveBigIntegerField(_("tiền thưởng (đồng)"), null=True, blank=True)
    # A line of a correction or revocation pays nothing: it shows what changes (0 for a correction,
    # minus the reward paid for a revoked line), written when the amendment is signed.
    reward_difference = models.BigIntegerField(_("chênh lệch tiền thưởng (đồng)"), null=True, blank=True)
    award_record = models.ForeignKey(
        "awards.AwardRecord",
        verbose_name=_("ghi vào lịch sử khen thưởng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sort_key = models.CharField(max_length=400, editable=False, default="")
    # Folded name and description, for the search within a decision's lines (trigram index on PostgreSQL).
    search_text = models.CharField(max_length=600, editable=False, default="")

    class Meta:
        verbose_name = _("người, tập thể được khen")
        verbose_name_plural = _("danh sách được khen")
        ordering = ["decision", "recipient_kind", "sort_key", "id"]
        # The annex's order within a decision: a page of 25,000 lines is an index range, not a sort.
        indexes = [
            models.Index(fields=["decision", "recipient_kind", "sort_key", "id"], name="decisionrecipient_annex"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "nomination"],
                condition=Q(nomination__isnull=False),
                name="decisionrecipient_nomination_once",
            ),
        ]

    def __str__(self):
        return self.recipient_name

    def save(self, *args, **kwargs):
        self.normalise()
        super().save(*args, **kwargs)

    def normalise(self) -> None:
        """What ``save`` derives (NFC text, the sort key, the search text); called before a ``bulk_create`` too."""
        self.recipient_name = nfc(self.recipient_name)
        self.description = nfc(self.description)
        self.household_name = nfc(self.household_name)
        self.search_text = fold(f"{self.recipient_name} {self.description}")[:600]
        self.sort_key = (
            vi_sort_key(self.recipient_name) if self.recipient_kind == "individual" else fold(self.recipient_name)
        )

    @property
    def reward_difference_display(self) -> str:
        """ "−1.490.000 đ" for a revoked line, "0 đ" for a correction: what an amendment changes."""
        amount = self.reward_difference or 0
        text = f"{abs(amount):,}".replace(",", ".") + " đ"
        return f"−{text}" if amount < 0 else (f"+{text}" if amount > 0 else text)

    @property
    def honorific(self) -> str:
        if self.recipient_kind != "individual" or not self.person_id:
            return ""
        return "Bà" if self.person.gender == "female" else "Ông"


class DecisionEvent(EventBase):
    """What happened to a decision: drafted, edited, signed, PDF kept, corrected, revoked."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="events")

    class Meta(EventBase.Meta):
        verbose_name = _("lịch sử quyết định")
        verbose_name_plural = _("lịch sử quyết định")
