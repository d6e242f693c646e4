"""Nomination dossiers: a unit's request, its nominees, documents, history and the public's comments."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.models.catalogue import Award, DocumentKind, RecipientKind
from thiduakt.text import REASON_LENGTH, TEXT_LENGTH, fold, nfc, vi_sort_key
from thiduakt.uploads import AllowList
from thiduakt.workflow import EventBase, StatusChoices

# What a dossier's documents may be (the product's DOCUMENTS without the ODF kinds, which awards never took).
ATTACHMENT_FILES = AllowList(("pdf", "docx", "xlsx", "jpg", "png"))


def deadline_wording(day, inclusive: bool) -> str:
    """The deadline as the text words it: "trước ngày 10/12/2026" or "chậm nhất ngày 30/06/2026"."""
    wording = _("chậm nhất ngày %(d)s") if inclusive else _("trước ngày %(d)s")
    return wording % {"d": day.strftime("%d/%m/%Y")}


def late_message(day, inclusive: bool, basis: str) -> str:
    return _("Hồ sơ nộp muộn so với hạn %(day)s (%(rule)s; %(basis)s).") % {
        "day": day.strftime("%d/%m/%Y"),
        "rule": deadline_wording(day, inclusive),
        "basis": basis,
    }


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

    class Status(StatusChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi, chờ thẩm định")
        RETURNED = "returned", _("Trả lại để bổ sung")
        RESUBMITTED = "resubmitted", _("Đã bổ sung, chờ thẩm định")
        APPRAISED = "appraised", _("Đã thẩm định")

    # The unit sends (and sends again); staff return it or, once every nominee is appraised, close it.
    Status.declare(
        moves={
            Status.DRAFT: [Status.SUBMITTED],
            Status.SUBMITTED: [Status.RETURNED, Status.APPRAISED],
            Status.RETURNED: [Status.RESUBMITTED],
            Status.RESUBMITTED: [Status.RETURNED, Status.APPRAISED],
        },
        badges={
            Status.DRAFT: "secondary",
            Status.SUBMITTED: "primary",
            Status.RETURNED: "warning",
            Status.RESUBMITTED: "primary",
            Status.APPRAISED: "success",
        },
    )
    # Where the unit may still change the dossier; where it waits for staff's appraisal.
    EDITABLE = (Status.DRAFT, Status.RETURNED)
    AWAITING = (Status.SUBMITTED, Status.RESUBMITTED)

    unit = models.ForeignKey(
        "thiduakt.OrgUnit", verbose_name=_("đơn vị đề nghị"), on_delete=models.PROTECT, related_name="dossiers"
    )
    round_kind = models.CharField(_("đợt xét"), max_length=20, choices=RoundKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tiêu đề"), max_length=300, blank=True)
    origin = models.CharField(_("nguồn đề nghị"), max_length=20, choices=Origin.choices, default=Origin.MANUAL)
    origin_note = models.TextField(_("ghi chú nguồn"), blank=True, max_length=REASON_LENGTH)
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
    return_reason = models.TextField(_("lý do trả lại"), blank=True, max_length=REASON_LENGTH)
    # The round's deadline (SubmissionDeadline), found when the dossier is first sent. A late dossier is
    # appraised only once staff accept it with a written reason.
    deadline_on = models.DateField(_("hạn gửi hồ sơ"), null=True, blank=True)
    deadline_inclusive = models.BooleanField(_("gửi đúng ngày hạn vẫn đúng hạn"), default=True)
    deadline_basis = models.CharField(_("căn cứ hạn gửi hồ sơ"), max_length=300, blank=True)
    submitted_late = models.BooleanField(_("gửi muộn"), default=False)
    late_accepted_at = models.DateTimeField(_("chấp nhận hồ sơ gửi muộn lúc"), null=True, blank=True)
    late_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chấp nhận hồ sơ gửi muộn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    late_acceptance_reason = models.TextField(_("lý do chấp nhận hồ sơ gửi muộn"), blank=True, max_length=REASON_LENGTH)
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
            # The intake queue (awards.selectors.intake_queue): the waiting dossiers in their order, a page read
            # from the index, not every waiting dossier sorted at each visit.
            models.Index(
                fields=["due_on", "received_on", "id"],
                name="dossier_intake_order",
                condition=Q(status__in=["submitted", "resubmitted"]),
            ),
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
        return self.status in self.EDITABLE

    @property
    def awaits_appraisal(self) -> bool:
        return self.status in self.AWAITING

    @property
    def deadline_label(self) -> str:
        return deadline_wording(self.deadline_on, self.deadline_inclusive) if self.deadline_on else ""

    @property
    def late_message(self) -> str:
        """What the unit and staff read about a late dossier ("" when it was sent on time)."""
        if not self.submitted_late:
            return ""
        return late_message(self.deadline_on, self.deadline_inclusive, self.deadline_basis)

    @property
    def late_pending(self) -> bool:
        """Sent late and not yet accepted by staff: it cannot be appraised yet."""
        return self.submitted_late and self.late_accepted_at is None


class Nomination(models.Model):
    """One nominee of a dossier, proposed for one award of one year."""

    class Status(StatusChoices):
        PROPOSED = "proposed", _("Đề nghị")
        ACCEPTED = "accepted", _("Thẩm định đạt")
        REJECTED = "rejected", _("Thẩm định không đạt")
        READY_FOR_DECISION = "ready_for_decision", _("Chờ quyết định khen thưởng")
        READY_FOR_COUNCIL = "ready_for_council", _("Chờ Hội đồng xét")
        ON_AGENDA = "on_agenda", _("Đưa vào phiên họp Hội đồng")
        COUNCIL_PASSED = "council_passed", _("Hội đồng đồng ý")
        COUNCIL_FAILED = "council_failed", _("Hội đồng không đồng ý")
        DECIDED = "decided", _("Đã có quyết định khen thưởng")
        REVOKED = "revoked", _("Khen thưởng đã bị hủy bỏ")
        FORWARDED = "forwarded", _("Đã trình Trung ương")
        WITHDRAWN = "withdrawn", _("Rút đề nghị")

    # Appraisal routes a nominee to the council or straight to a decision; the council's result
    # leads to a provincial decision or to the central level. A unit withdraws a nominee from its
    # returned dossier only before the council takes it. ACCEPTED is never set by a service (older
    # data may hold it): no move leads to or from it.
    Status.declare(
        moves={
            Status.PROPOSED: [
                Status.READY_FOR_COUNCIL,
                Status.READY_FOR_DECISION,
                Status.REJECTED,
                Status.WITHDRAWN,
            ],
            Status.REJECTED: [Status.WITHDRAWN],
            Status.READY_FOR_COUNCIL: [Status.ON_AGENDA, Status.WITHDRAWN],
            Status.READY_FOR_DECISION: [Status.DECIDED, Status.WITHDRAWN],
            Status.ON_AGENDA: [Status.READY_FOR_COUNCIL, Status.COUNCIL_PASSED, Status.COUNCIL_FAILED],
            Status.COUNCIL_PASSED: [Status.DECIDED, Status.FORWARDED],
            Status.FORWARDED: [Status.DECIDED],
            # A later decision revokes the award (awards.services.amendments).
            Status.DECIDED: [Status.REVOKED],
        },
        badges={
            Status.PROPOSED: "secondary",
            Status.ACCEPTED: "success",
            Status.REJECTED: "danger",
            Status.READY_FOR_DECISION: "success",
            Status.READY_FOR_COUNCIL: "success",
            Status.ON_AGENDA: "success",
            Status.COUNCIL_PASSED: "success",
            Status.COUNCIL_FAILED: "success",
            Status.DECIDED: "success",
            Status.FORWARDED: "success",
            Status.WITHDRAWN: "danger",
            Status.REVOKED: "danger",
        },
    )

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
    summary = models.TextField(_("tóm tắt thành tích"), blank=True, max_length=TEXT_LENGTH)
    member_count = models.PositiveIntegerField(
        _("số thành viên tập thể"), null=True, blank=True, help_text=_("Để trống: đếm theo danh sách cá nhân.")
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    appraisal_reason = models.TextField(_("ý kiến thẩm định"), blank=True, max_length=REASON_LENGTH)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thẩm định"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    appraised_at = models.DateTimeField(_("thẩm định lúc"), null=True, blank=True)
    # Set when staff pass a nominee the automatic check did not find eligible: what the check said. Their
    # written justification is the appraisal reason; the council reads both (packet, voting room).
    overridden_verdict = models.TextField(
        _("kết quả kiểm tra tự động khi đề nghị đạt"),
        blank=True,
        help_text=_("Cán bộ đề nghị đạt dù kiểm tra tự động chưa đạt; căn cứ là ý kiến thẩm định."),
        max_length=TEXT_LENGTH,
    )
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
        indexes = [
            # The dashboard's queues (waiting for the council, for a decision) read the nominees in that
            # status, not every nominee of every year; the open disclosure windows likewise.
            models.Index(fields=["status", "award"], name="nomination_status"),
            # A dossier's nominees counted by status (the dossier list's columns) from the index alone, not
            # from every nominee's row (a dossier of a thousand nominees cost 2.5 ms a column).
            models.Index(fields=["dossier", "status"], name="nomination_dossier_status"),
            models.Index(
                fields=["disclosure_closes_on"],
                name="nomination_disclosure_closes",
                condition=Q(disclosure_closes_on__isnull=False),
            ),
        ]
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
        self.derive()
        super().save(*args, **kwargs)

    def derive(self) -> None:
        """Set the derived columns (NFC, the nominee's name, its search and sort forms); for ``bulk_create``."""
        self.household_name = nfc(self.household_name)
        self.nominee_name = self.compute_nominee_name()
        self.search_text = fold(self.nominee_name)[:400]
        self.sort_key = vi_sort_key(self.nominee_name) if self.nominee_kind == RecipientKind.INDIVIDUAL else ""

    def compute_nominee_name(self) -> str:
        if self.nominee_kind == RecipientKind.INDIVIDUAL and self.person_id:
            return self.person.full_name
        if self.nominee_kind == RecipientKind.COLLECTIVE and self.unit_id:
            return self.unit.name
        return self.household_name


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


def _nominee_import_path(nominee_import, filename):
    return f"awards/{nominee_import.dossier_id}/imports/{nominee_import.public_id}.xlsx"


class NomineeImport(models.Model):
    """An xlsx listing a dossier's nominees: stored, read (preview, matches, findings), then written all at once.

    The preview and the writing both read the stored file, whose SHA-256 is kept: a file changed in storage
    is refused. ``revision`` grows at each new reading (columns, choices), so that a confirmation sent from
    an older preview (another tab) is refused.
    """

    class Status(models.TextChoices):
        READY = "ready", _("Chờ xác nhận")
        INVALID = "invalid", _("Có lỗi, chưa thể ghi")
        APPLIED = "applied", _("Đã ghi vào hồ sơ")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="nominee_imports"
    )
    file = models.FileField(_("tệp"), upload_to=_nominee_import_path, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.READY)
    message = models.TextField(_("thông báo"), blank=True, max_length=REASON_LENGTH)
    # The field read from each column (``thiduakt.imports.Columns.propose`` or the user's choice).
    columns = models.JSONField(_("các cột"), default=list, blank=True)
    # For ambiguous rows, the person chosen: sheet row number (as text) → person id or "new".
    choices = models.JSONField(_("lựa chọn"), default=dict, blank=True)
    rows = models.JSONField(_("các dòng"), default=list, blank=True)
    revision = models.PositiveIntegerField(_("lần đọc"), default=1)
    created_count = models.PositiveIntegerField(_("số đối tượng đã thêm"), default=0)
    skipped_count = models.PositiveIntegerField(_("số dòng trùng đã bỏ qua"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    applied_at = models.DateTimeField(_("ghi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhập danh sách đối tượng")
        verbose_name_plural = _("lượt nhập danh sách đối tượng")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.original_name


class DossierEvent(EventBase):
    """What happened to a dossier or one of its nominees: who, when, what, why (Lịch sử xử lý)."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="events")
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("đối tượng"), null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    round_number = models.PositiveSmallIntegerField(_("lần gửi"), default=0)

    class Meta(EventBase.Meta):
        verbose_name = _("lịch sử xử lý")
        verbose_name_plural = _("lịch sử xử lý")
        ordering = ["at", "id"]


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
