"""Awards, part 2: the provincial council, its meetings and secret ballots, award decisions.

Loaded by one line at the end of ``awards/models.py``; every model declares
``app_label = "awards"``.

Secrecy of the ballot is a property of the schema: who has voted on an item
(``BallotReceipt``, member + item, no choice) and how the item was voted
(``BallotBox``, two counters per item, no member, no history) are separate
tables written in one transaction. No row anywhere links a member to a choice.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thiduakt.text import fold, nfc, vi_sort_key


class BaseSalary(models.Model):
    """The base salary (lương cơ sở) in force from a date: reward money is a multiple of it."""

    amount = models.PositiveBigIntegerField(_("mức lương cơ sở (đồng)"))
    valid_from = models.DateField(_("áp dụng từ"), unique=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        app_label = "awards"
        verbose_name = _("mức lương cơ sở")
        verbose_name_plural = _("mức lương cơ sở")
        ordering = ["-valid_from"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="basesalary_positive")]

    def __str__(self):
        return f"{self.amount:,} đ ({self.valid_from:%d/%m/%Y})".replace(",", ".")


class CouncilTerm(models.Model):
    """The provincial emulation council (Hội đồng Thi đua – Khen thưởng tỉnh) for a period."""

    name = models.CharField(_("tên"), max_length=200)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    quorum_percent = models.PositiveSmallIntegerField(
        _("số thành viên tối thiểu dự họp (%)"),
        default=80,
        help_text=_("Phiên họp xét khen thưởng: ít nhất 80% tổng số thành viên."),
    )
    default_threshold_percent = models.PositiveSmallIntegerField(
        _("tỷ lệ đồng ý mặc định (%)"),
        default=50,
        help_text=_("Dùng khi danh hiệu, hình thức khen thưởng không ghi tỷ lệ riêng."),
    )
    recused_excluded_from_total = models.BooleanField(
        _("thành viên tránh xét không tính vào tổng số"),
        default=True,
        help_text=_("Bỏ chọn: thành viên tránh xét vẫn tính vào tổng số (như một phiếu không đồng ý)."),
    )

    history = HistoricalRecords()

    class Meta:
        app_label = "awards"
        verbose_name = _("nhiệm kỳ Hội đồng")
        verbose_name_plural = _("nhiệm kỳ Hội đồng")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")), name="councilterm_range"
            ),
            models.CheckConstraint(
                condition=Q(quorum_percent__gte=1, quorum_percent__lte=100), name="councilterm_quorum_range"
            ),
            models.CheckConstraint(
                condition=Q(default_threshold_percent__gte=1, default_threshold_percent__lte=100),
                name="councilterm_threshold_range",
            ),
        ]

    def __str__(self):
        return self.name


class CouncilMember(models.Model):
    """A seat on the council for its term, held by a user with the council-member role."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chủ tịch Hội đồng")
        VICE_CHAIR = "vice_chair", _("Phó Chủ tịch Hội đồng")
        SECRETARY = "secretary", _("Thư ký Hội đồng")
        MEMBER = "member", _("Ủy viên")

    term = models.ForeignKey(CouncilTerm, verbose_name=_("nhiệm kỳ"), on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.PROTECT,
        related_name="council_seats",
        limit_choices_to={"is_council_member": True},
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()

    class Meta:
        app_label = "awards"
        verbose_name = _("thành viên Hội đồng")
        verbose_name_plural = _("thành viên Hội đồng")
        ordering = ["term", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["term", "user"], name="councilmember_once_per_term"),
            models.UniqueConstraint(
                fields=["term"], condition=Q(role="chair"), name="councilmember_one_chair_per_term"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}"


class Meeting(models.Model):
    """A council meeting (phiên họp) with its agenda, attendance and ballot."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Họp định kỳ 6 tháng")
        EXTRAORDINARY = "extraordinary", _("Họp bất thường")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang chuẩn bị")
        VOTING = "voting", _("Đang bỏ phiếu")
        CLOSED = "closed", _("Đã kết thúc bỏ phiếu")

    term = models.ForeignKey(CouncilTerm, verbose_name=_("Hội đồng"), on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("tên phiên họp"), max_length=300)
    date = models.DateField(_("ngày họp"))
    kind = models.CharField(_("loại phiên họp"), max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    location = models.CharField(_("địa điểm"), max_length=200, blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Frozen when the ballot closes.
    members_total = models.PositiveSmallIntegerField(_("tổng số thành viên"), null=True, blank=True)
    present_count = models.PositiveSmallIntegerField(_("số thành viên dự họp"), null=True, blank=True)
    quorum_percent = models.PositiveSmallIntegerField(_("tỷ lệ tối thiểu dự họp (%)"), null=True, blank=True)
    quorum_met = models.BooleanField(_("đủ số thành viên dự họp"), null=True, blank=True)
    opened_at = models.DateTimeField(_("mở bỏ phiếu lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("đóng bỏ phiếu lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    search_text = models.CharField(max_length=400, editable=False, db_index=True, default="")

    history = HistoricalRecords()

    class Meta:
        app_label = "awards"
        verbose_name = _("phiên họp Hội đồng")
        verbose_name_plural = _("phiên họp Hội đồng")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(present_count__isnull=True)
                | Q(members_total__isnull=True)
                | Q(present_count__lte=models.F("members_total")),
                name="meeting_present_within_total",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        self.location = nfc(self.location)
        self.search_text = fold(f"{self.title} {self.location}")[:400]
        super().save(*args, **kwargs)


class Attendance(models.Model):
    """Whether a member sat in the meeting; an absent member may still send a written ballot."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Có mặt")
        ABSENT = "absent", _("Vắng mặt")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("phiên họp"), on_delete=models.CASCADE, related_name="attendance"
    )
    member = models.ForeignKey(CouncilMember, verbose_name=_("thành viên"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("tham dự"), max_length=10, choices=Status.choices, default=Status.PRESENT)
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        app_label = "awards"
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        ordering = ["member__order", "member_id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once")]

    def __str__(self):
        return f"{self.member} – {self.get_status_display()}"


class AgendaItem(models.Model):
    """One nominee on a meeting's agenda; the result is written when the ballot closes."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("phiên họp"), on_delete=models.CASCADE, related_name="items")
    nomination = models.ForeignKey(
        "awards.Nomination", verbose_name=_("đối tượng"), on_delete=models.PROTECT, related_name="agenda_items"
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    threshold_percent = models.PositiveSmallIntegerField(_("tỷ lệ đồng ý cần đạt (%)"))
    # Result (frozen at closing).
    members_total = models.PositiveSmallIntegerField(_("tổng số thành viên tính tỷ lệ"), null=True, blank=True)
    agree_count = models.PositiveSmallIntegerField(_("số phiếu đồng ý"), null=True, blank=True)
    disagree_count = models.PositiveSmallIntegerField(_("số phiếu không đồng ý"), null=True, blank=True)
    recused_count = models.PositiveSmallIntegerField(_("số thành viên tránh xét"), null=True, blank=True)
    not_voted_count = models.PositiveSmallIntegerField(_("số thành viên không bỏ phiếu"), null=True, blank=True)
    required_count = models.PositiveSmallIntegerField(_("số phiếu đồng ý cần đạt"), null=True, blank=True)
    passed = models.BooleanField(_("đạt"), null=True, blank=True)
    rule_applied = models.CharField(_("quy tắc áp dụng"), max_length=300, blank=True)

    class Meta:
        app_label = "awards"
        verbose_name = _("đối tượng trong chương trình họp")
        verbose_name_plural = _("chương trình họp")
        ordering = ["meeting", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "nomination"], name="agendaitem_once_per_meeting"),
            models.CheckConstraint(
                condition=Q(threshold_percent__gte=1, threshold_percent__lte=100), name="agendaitem_threshold_range"
            ),
            models.CheckConstraint(
                condition=Q(agree_count__isnull=True)
                | Q(members_total__isnull=True)
                | Q(agree_count__lte=models.F("members_total")),
                name="agendaitem_agree_within_total",
            ),
        ]

    def __str__(self):
        return str(self.nomination)


class BallotBox(models.Model):
    """The sealed box of one agenda item: anonymous counters, no member, no timestamps, no history.

    Read only by ``meeting_close``, which copies the tallies to the agenda item.
    """

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="ballot_box")
    agree = models.PositiveSmallIntegerField(default=0)
    disagree = models.PositiveSmallIntegerField(default=0)

    class Meta:
        app_label = "awards"
        verbose_name = _("hòm phiếu")
        verbose_name_plural = _("hòm phiếu")

    def __str__(self):
        return str(_("Hòm phiếu"))


class BallotReceipt(models.Model):
    """That a member has voted on an item (never how): the guard against a second vote."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Bỏ phiếu trên hệ thống")
        PAPER = "paper", _("Phiếu giấy, phiếu bằng văn bản (Thư ký ghi nhận)")

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="receipts")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)

    class Meta:
        app_label = "awards"
        verbose_name = _("đã bỏ phiếu")
        verbose_name_plural = _("đã bỏ phiếu")
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="ballotreceipt_one_vote_per_item")]

    def __str__(self):
        return str(self.member)


class Recusal(models.Model):
    """A member who steps out for one nominee because of a conflict of interest."""

    class Reason(models.TextChoices):
        OWN_UNIT = "own_unit", _("Cùng đơn vị với đối tượng được xét")
        RELATION = "relation", _("Có quan hệ gia đình, thân thích (tự khai)")
        OTHER = "other", _("Lý do khác")

    item = models.ForeignKey(AgendaItem, verbose_name=_("đối tượng"), on_delete=models.CASCADE, related_name="recusals")
    member = models.ForeignKey(CouncilMember, verbose_name=_("thành viên"), on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("lý do"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        app_label = "awards"
        verbose_name = _("tránh xét")
        verbose_name_plural = _("tránh xét")
        ordering = ["item", "member__order"]
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="recusal_once")]

    def __str__(self):
        return f"{self.member} – {self.get_reason_display()}"


class MeetingEvent(models.Model):
    """What happened to a meeting: who, when, what (Lịch sử xử lý). Never names a vote."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=300)
    reason = models.TextField(_("ghi chú"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        app_label = "awards"
        verbose_name = _("lịch sử phiên họp")
        verbose_name_plural = _("lịch sử phiên họp")
        ordering = ["at", "id"]

    def __str__(self):
        return self.action


class DecisionTemplate(models.Model):
    """The wording a decision for one award starts from (staff edit each decision afterwards)."""

    award = models.OneToOneField(
        "awards.Award", verbose_name=_("khen thưởng"), on_delete=models.CASCADE, related_name="decision_template"
    )
    subject = models.CharField(_("trích yếu"), max_length=300)
    legal_bases = models.TextField(_("căn cứ"), help_text=_("Mỗi dòng một căn cứ."))
    proposal = models.CharField(_("xét đề nghị"), max_length=400, blank=True)
    executors = models.TextField(_("Điều 3: tổ chức thực hiện"), blank=True)
    copy_recipients = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi nhận."))

    history = HistoricalRecords()

    class Meta:
        app_label = "awards"
        verbose_name = _("mẫu quyết định")
        verbose_name_plural = _("mẫu quyết định")

    def __str__(self):
        return self.subject


class DecisionCounter(models.Model):
    """The last number given per issuer, document kind and year; locked while a decision is signed."""

    issuer_code = models.CharField(max_length=30)
    doc_kind = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "awards"
        verbose_name = _("sổ đăng ký số quyết định")
        verbose_name_plural = _("sổ đăng ký số quyết định")
        constraints = [
            models.UniqueConstraint(fields=["issuer_code", "doc_kind", "year"], name="decisioncounter_once"),
        ]

    def __str__(self):
        return f"{self.doc_kind}-{self.issuer_code} {self.year}: {self.last_number}"


def _decision_pdf_path(decision, filename):
    return f"awards/decisions/{decision.year or 'draft'}/{decision.pk}/{filename}"


class Decision(models.Model):
    """A decision (Quyết định khen thưởng), or a later decision correcting or revoking one."""

    class Purpose(models.TextChoices):
        AWARD = "award", _("Khen thưởng")
        CORRECTION = "correction", _("Đính chính, sửa đổi quyết định")
        REVOCATION = "revocation", _("Hủy bỏ, thu hồi quyết định")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        SIGNED = "signed", _("Đã ký ban hành")
        CORRECTED = "corrected", _("Đã được đính chính")
        REVOKED = "revoked", _("Đã bị hủy bỏ")

    purpose = models.CharField(_("loại quyết định"), max_length=20, choices=Purpose.choices, default=Purpose.AWARD)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
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
    legal_bases = models.TextField(_("căn cứ"), help_text=_("Mỗi dòng một căn cứ."))
    proposal = models.CharField(_("xét đề nghị"), max_length=400, blank=True)
    executors = models.TextField(_("Điều 3: tổ chức thực hiện"), blank=True)
    copy_recipients = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi nhận."))
    reason = models.TextField(_("lý do đính chính, hủy bỏ"), blank=True)
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
        app_label = "awards"
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
        for name in ("subject", "signer_name", "proposal"):
            setattr(self, name, nfc(getattr(self, name)))
        self.search_text = fold(f"{self.number_display} {self.subject} {self.signer_name}")[:600]
        super().save(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def legal_basis_lines(self) -> list[str]:
        return [nfc(line) for line in self.legal_bases.splitlines() if line.strip()]

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
    award_record = models.ForeignKey(
        "awards.AwardRecord",
        verbose_name=_("ghi vào lịch sử khen thưởng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sort_key = models.CharField(max_length=400, editable=False, default="")

    class Meta:
        app_label = "awards"
        verbose_name = _("người, tập thể được khen")
        verbose_name_plural = _("danh sách được khen")
        ordering = ["decision", "recipient_kind", "sort_key", "id"]
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
        self.recipient_name = nfc(self.recipient_name)
        self.description = nfc(self.description)
        self.household_name = nfc(self.household_name)
        self.sort_key = (
            vi_sort_key(self.recipient_name) if self.recipient_kind == "individual" else fold(self.recipient_name)
        )
        super().save(*args, **kwargs)

    @property
    def honorific(self) -> str:
        if self.recipient_kind != "individual" or not self.person_id:
            return ""
        return "Bà" if self.person.gender == "female" else "Ông"


class DecisionEvent(models.Model):
    """What happened to a decision: drafted, edited, signed, PDF kept, corrected, revoked."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=300)
    reason = models.TextField(_("ghi chú"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        app_label = "awards"
        verbose_name = _("lịch sử quyết định")
        verbose_name_plural = _("lịch sử quyết định")
        ordering = ["at", "id"]

    def __str__(self):
        return self.action


class CentralSubmission(models.Model):
    """A submission letter (tờ trình) forwarding nominees to the Prime Minister or the President."""

    letter_number = models.CharField(_("số tờ trình"), max_length=60)
    letter_date = models.DateField(_("ngày tờ trình"))
    addressee = models.CharField(_("kính gửi"), max_length=200, default="Thủ tướng Chính phủ")
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        app_label = "awards"
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
        app_label = "awards"
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
