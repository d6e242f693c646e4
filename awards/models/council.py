"""The provincial council: its terms and members, meetings with agenda, attendance and secret ballots.

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

from thiduakt.text import fold, nfc
from thiduakt.workflow import EventBase, StatusChoices


class AbsentOnlineVote(models.TextChoices):
    """What happens when a member marked absent votes on the system (the council's own rule)."""

    REFUSE = "refuse", _("Không nhận: thành viên vắng mặt gửi phiếu bằng văn bản (Thư ký ghi nhận)")
    ALLOW_FLAGGED = "allow_flagged", _("Nhận phiếu và ghi rõ trong biên bản là phiếu của thành viên vắng mặt")


class CouncilTerm(models.Model):
    """The provincial emulation council (Hội đồng Thi đua – Khen thưởng tỉnh) for a period.

    Pass thresholds are the award's (``Award.council_threshold_percent``), counted over ALL members of the
    council: NĐ 98/2023 Điều 30 khoản 7 "tính trên tổng số thành viên của Hội đồng". A member who steps out
    for a nominee (``Recusal``) does not vote and still counts in that total.
    """

    name = models.CharField(_("tên"), max_length=200)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    # Quorum, as fractions of all members (2/3 is not a whole percentage): ordinary sessions, and sessions
    # that consider awards. The source is the province's own regulation, not a decree.
    quorum_ordinary_numerator = models.PositiveSmallIntegerField(_("phiên họp thường: tử số"), default=2)
    quorum_ordinary_denominator = models.PositiveSmallIntegerField(
        _("phiên họp thường: mẫu số"), default=3, help_text=_("Ít nhất 2/3 tổng số thành viên dự họp.")
    )
    quorum_award_numerator = models.PositiveSmallIntegerField(_("phiên họp xét khen thưởng: tử số"), default=80)
    quorum_award_denominator = models.PositiveSmallIntegerField(
        _("phiên họp xét khen thưởng: mẫu số"), default=100, help_text=_("Ít nhất 80/100 tổng số thành viên dự họp.")
    )
    quorum_basis = models.CharField(
        _("căn cứ số thành viên tối thiểu dự họp"),
        max_length=300,
        default="Quy chế hoạt động của Hội đồng Thi đua - Khen thưởng tỉnh [giả định: theo Quyết định số "
        "86/2025/QĐ-UBND tỉnh Bắc Ninh, Điều 8 khoản 4 điểm b]",
    )
    # NĐ 98/2023 Điều 30 khoản 7: an absent member gives their opinion in writing ("lấy ý kiến bằng văn
    # bản"); whether a vote on the system counts as that is the council's own rule [assume: refuse].
    absent_online_vote = models.CharField(
        _("thành viên vắng mặt bỏ phiếu trên hệ thống"),
        max_length=20,
        choices=AbsentOnlineVote.choices,
        default=AbsentOnlineVote.REFUSE,
        help_text=_("Áp dụng cho phiên họp mở bỏ phiếu từ nay; phiên họp đã mở giữ quy định lúc mở."),
    )
    absent_online_vote_basis = models.CharField(
        _("căn cứ quy định bỏ phiếu của thành viên vắng mặt"),
        max_length=300,
        default="NĐ 98/2023/NĐ-CP Điều 30 khoản 7 (thành viên vắng mặt thì lấy ý kiến bằng văn bản); Quy chế "
        "hoạt động của Hội đồng Thi đua - Khen thưởng tỉnh [giả định: không cho bỏ phiếu trên hệ thống]",
    )
    default_threshold_percent = models.PositiveSmallIntegerField(
        _("tỷ lệ đồng ý mặc định (%)"),
        default=50,
        help_text=_("Dùng khi danh hiệu, hình thức khen thưởng không ghi tỷ lệ riêng."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhiệm kỳ Hội đồng")
        verbose_name_plural = _("nhiệm kỳ Hội đồng")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")), name="councilterm_range"
            ),
            models.CheckConstraint(
                condition=Q(
                    quorum_ordinary_numerator__gte=1,
                    quorum_ordinary_numerator__lte=models.F("quorum_ordinary_denominator"),
                )
                & Q(quorum_award_numerator__gte=1, quorum_award_numerator__lte=models.F("quorum_award_denominator")),
                name="councilterm_quorum_fractions",
            ),
            models.CheckConstraint(
                condition=Q(default_threshold_percent__gte=1, default_threshold_percent__lte=100),
                name="councilterm_threshold_range",
            ),
        ]

    def __str__(self):
        return self.name

    def quorum(self, *, award_session: bool) -> tuple[int, int]:
        """The quorum of a session as (numerator, denominator) of all members."""
        if award_session:
            return self.quorum_award_numerator, self.quorum_award_denominator
        return self.quorum_ordinary_numerator, self.quorum_ordinary_denominator

    @property
    def quorum_ordinary_label(self) -> str:
        return fraction_label(*self.quorum(award_session=False))

    @property
    def quorum_award_label(self) -> str:
        return fraction_label(*self.quorum(award_session=True))


def fraction_label(numerator: int, denominator: int) -> str:
    """ "80%" for a fraction over 100, else "2/3"."""
    return f"{numerator}%" if denominator == 100 else f"{numerator}/{denominator}"


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

    class Status(StatusChoices):
        DRAFT = "draft", _("Đang chuẩn bị")
        VOTING = "voting", _("Đang bỏ phiếu")
        CLOSED = "closed", _("Đã kết thúc bỏ phiếu")

    Status.declare(
        moves={Status.DRAFT: [Status.VOTING], Status.VOTING: [Status.CLOSED]},
        badges={Status.DRAFT: "secondary", Status.VOTING: "warning", Status.CLOSED: "success"},
    )

    term = models.ForeignKey(CouncilTerm, verbose_name=_("Hội đồng"), on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("tên phiên họp"), max_length=300)
    date = models.DateField(_("ngày họp"))
    kind = models.CharField(_("loại phiên họp"), max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    location = models.CharField(_("địa điểm"), max_length=200, blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Frozen when the ballot closes.
    members_total = models.PositiveSmallIntegerField(_("tổng số thành viên"), null=True, blank=True)
    present_count = models.PositiveSmallIntegerField(_("số thành viên dự họp"), null=True, blank=True)
    quorum_required = models.PositiveSmallIntegerField(_("số thành viên tối thiểu dự họp"), null=True, blank=True)
    quorum_rule = models.CharField(_("quy định số thành viên tối thiểu dự họp"), max_length=400, blank=True)
    quorum_met = models.BooleanField(_("đủ số thành viên dự họp"), null=True, blank=True)
    opened_at = models.DateTimeField(_("mở bỏ phiếu lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("đóng bỏ phiếu lúc"), null=True, blank=True)
    # The term's rule on absent members voting on the system, frozen when the ballot opens (blank before).
    absent_online_vote = models.CharField(
        _("thành viên vắng mặt bỏ phiếu trên hệ thống"), max_length=20, choices=AbsentOnlineVote.choices, blank=True
    )
    absent_online_vote_basis = models.CharField(_("căn cứ"), max_length=300, blank=True)
    # Archived: the council's reading room of the nominees' dossiers is closed (``meeting_archive``).
    archived_at = models.DateTimeField(_("lưu trữ lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    search_text = models.CharField(max_length=400, editable=False, db_index=True, default="")

    history = HistoricalRecords()

    class Meta:
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
        verbose_name = _("tránh xét")
        verbose_name_plural = _("tránh xét")
        ordering = ["item", "member__order"]
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="recusal_once")]

    def __str__(self):
        return f"{self.member} – {self.get_reason_display()}"


class MeetingEvent(EventBase):
    """What happened to a meeting: who, when, what (Lịch sử xử lý). Never names a vote."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="events")

    class Meta(EventBase.Meta):
        verbose_name = _("lịch sử phiên họp")
        verbose_name_plural = _("lịch sử phiên họp")


class MeetingDocumentRead(EventBase):
    """A council member read a document of a nominee on the agenda (the reading room): who, when, which file."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("phiên họp"), on_delete=models.CASCADE, related_name="reads")
    attachment = models.ForeignKey(
        "awards.Attachment",
        verbose_name=_("tài liệu"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="council_reads",
    )
    file_name = models.CharField(_("tên tệp"), max_length=255)

    class Meta(EventBase.Meta):
        verbose_name = _("lượt đọc hồ sơ của thành viên Hội đồng")
        verbose_name_plural = _("lượt đọc hồ sơ của thành viên Hội đồng")
