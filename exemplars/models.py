"""Advanced exemplars (điển hình tiên tiến): discovered, fostered, reviewed, replicated; honoured; published.

The four stages are a tracked path: every move is one service in
``services.py`` going through ``thiduakt.workflow.transition`` and leaves a
``StageEvent`` (who, when, why) beside the django-simple-history record of the row.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thiduakt.text import LONG_TEXT_LENGTH, REASON_LENGTH, TEXT_LENGTH, fold, nfc
from thiduakt.uploads import IMAGES, KINDS
from thiduakt.workflow import EventBase, StatusChoices


class Field(models.Model):
    """A field of activity (lĩnh vực), kept as data: seeded by a data migration, edited in the admin."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Kind(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")
    HOUSEHOLD = "household", _("Hộ gia đình")


class Stage(StatusChoices):
    DISCOVERED = "discovered", _("Phát hiện")
    FOSTERED = "fostered", _("Bồi dưỡng")
    REVIEWED = "reviewed", _("Tổng kết")
    REPLICATED = "replicated", _("Nhân rộng")
    DROPPED = "dropped", _("Dừng theo dõi")


# One step forward along the path, or out of it from any live stage.
Stage.declare(
    moves={
        Stage.DISCOVERED: [Stage.FOSTERED, Stage.DROPPED],
        Stage.FOSTERED: [Stage.REVIEWED, Stage.DROPPED],
        Stage.REVIEWED: [Stage.REPLICATED, Stage.DROPPED],
        Stage.REPLICATED: [Stage.DROPPED],
    },
    badges={
        Stage.DISCOVERED: "warning",
        Stage.FOSTERED: "info",
        Stage.REVIEWED: "primary",
        Stage.REPLICATED: "success",
        Stage.DROPPED: "secondary",
    },
)


# The path in order; ``dropped`` leaves it.
PATH = [Stage.DISCOVERED, Stage.FOSTERED, Stage.REVIEWED, Stage.REPLICATED]
# Until the review, the unit that proposed the exemplar may still edit it.
UNIT_EDITABLE_STAGES = {Stage.DISCOVERED, Stage.FOSTERED}
PUBLISHABLE_STAGES = {Stage.REVIEWED, Stage.REPLICATED}


class Exemplar(models.Model):
    """An individual, collective or household whose achievement leads a movement."""

    # The enum of ``stage``, where ``{% status_badge exemplar "stage" %}`` and ``transition`` look for it.
    Stage = Stage

    kind = models.CharField(_("đối tượng"), max_length=20, choices=Kind.choices)
    person = models.ForeignKey(
        "thiduakt.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exemplars",
    )
    collective = models.ForeignKey(
        "thiduakt.OrgUnit",
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exemplars_as_collective",
    )
    household_name = models.CharField(_("hộ gia đình"), max_length=200, blank=True)
    unit = models.ForeignKey(
        "thiduakt.OrgUnit",
        verbose_name=_("đơn vị đề xuất, theo dõi"),
        on_delete=models.PROTECT,
        related_name="exemplars",
        help_text=_("Đơn vị phát hiện và theo dõi điển hình; cán bộ đơn vị này được sửa trước khi tổng kết."),
    )
    field = models.ForeignKey(Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="exemplars")
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("phong trào thi đua"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exemplars",
    )
    name = models.CharField(_("tên điển hình"), max_length=255, editable=False)
    headline = models.CharField(
        _("thành tích, mô hình tiêu biểu"),
        max_length=300,
        help_text=_("Một câu: mô hình, cách làm hay thành tích nổi bật."),
    )
    story = models.TextField(
        _("câu chuyện điển hình"),
        blank=True,
        help_text=_("Được làm sạch: chỉ giữ định dạng văn bản an toàn."),
        max_length=LONG_TEXT_LENGTH,
    )
    discovered_by = models.CharField(_("người, đơn vị phát hiện"), max_length=200)
    discovered_on = models.DateField(_("ngày phát hiện"))
    stage = models.CharField(_("giai đoạn"), max_length=20, choices=Stage.choices, default=Stage.DISCOVERED)
    review_text = models.TextField(_("tổng kết mô hình, kinh nghiệm"), blank=True, max_length=LONG_TEXT_LENGTH)
    reviewed_on = models.DateField(_("ngày tổng kết"), null=True, blank=True)
    drop_reason = models.TextField(_("lý do dừng theo dõi"), blank=True, max_length=REASON_LENGTH)
    is_published = models.BooleanField(_("công bố công khai"), default=False)
    public_summary = models.TextField(
        _("nội dung được duyệt công bố"),
        blank=True,
        help_text=_("Chỉ nội dung này (cùng tên, lĩnh vực, đơn vị và ảnh được chọn) hiện ở trang công khai."),
        max_length=TEXT_LENGTH,
    )
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    search_text = models.CharField(max_length=800, editable=False, db_index=True, default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("điển hình tiên tiến")
        verbose_name_plural = _("điển hình tiên tiến")
        ordering = ["-discovered_on", "-id"]
        indexes = [models.Index(fields=["stage", "field"]), models.Index(fields=["is_published", "published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=Kind.INDIVIDUAL, person__isnull=False, collective__isnull=True, household_name="")
                | Q(kind=Kind.COLLECTIVE, person__isnull=True, collective__isnull=False, household_name="")
                | Q(kind=Kind.HOUSEHOLD, person__isnull=True, collective__isnull=True) & ~Q(household_name=""),
                name="exemplar_nominee_matches_kind",
            ),
            models.CheckConstraint(
                condition=~Q(stage=Stage.DROPPED) | ~Q(drop_reason=""), name="exemplar_dropped_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(stage__in=[Stage.REVIEWED, Stage.REPLICATED]),
                name="exemplar_published_only_after_review",
            ),
            models.CheckConstraint(
                condition=Q(is_published=False) | ~Q(public_summary=""),
                name="exemplar_published_has_summary",
                violation_error_message=_("Điển hình công bố cần nội dung được duyệt công bố (không để trống)."),
            ),
            # One live exemplar per nominee and field: a second proposal (or a double submit) is refused.
            models.UniqueConstraint(
                fields=["person", "field"],
                condition=Q(person__isnull=False) & ~Q(stage=Stage.DROPPED),
                name="exemplar_person_field_once",
            ),
            models.UniqueConstraint(
                fields=["collective", "field"],
                condition=Q(collective__isnull=False) & ~Q(stage=Stage.DROPPED),
                name="exemplar_collective_field_once",
            ),
            models.UniqueConstraint(
                fields=["household_name", "unit", "field"],
                condition=~Q(household_name="") & ~Q(stage=Stage.DROPPED),
                name="exemplar_household_field_once",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.derive()
        super().save(*args, **kwargs)

    def derive(self) -> None:
        """Derived columns only: the display name, NFC text and the folded search form (``bulk_create`` too)."""
        self.household_name = nfc(self.household_name)
        if self.person_id:
            self.name = self.person.full_name
        elif self.collective_id:
            self.name = self.collective.name
        else:
            self.name = self.household_name
        self.name = nfc(self.name)
        self.headline = nfc(self.headline)
        self.discovered_by = nfc(self.discovered_by)
        self.search_text = fold(f"{self.name} {self.headline} {self.discovered_by}")[:800]

    @property
    def path_position(self) -> int:
        """0–3 along the path; -1 when dropped."""
        return PATH.index(self.stage) if self.stage in PATH else -1


class StageEvent(EventBase):
    """One step of the exemplar's path (or another recorded action): who, when, what, why."""

    exemplar = models.ForeignKey(Exemplar, on_delete=models.CASCADE, related_name="events")
    # The base's fields, with the stage labels for display.
    from_status = models.CharField(_("từ giai đoạn"), max_length=30, choices=Stage.choices, blank=True)
    to_status = models.CharField(_("sang giai đoạn"), max_length=30, choices=Stage.choices, blank=True)

    class Meta(EventBase.Meta):
        pass


class FosteringAction(models.Model):
    """Bồi dưỡng: what was done to help the model grow, when, and which unit was responsible."""

    exemplar = models.ForeignKey(Exemplar, on_delete=models.CASCADE, related_name="fostering_actions")
    date = models.DateField(_("ngày"))
    description = models.TextField(_("nội dung bồi dưỡng"), max_length=TEXT_LENGTH)
    responsible_unit = models.ForeignKey(
        "thiduakt.OrgUnit", verbose_name=_("đơn vị phụ trách"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hoạt động bồi dưỡng")
        verbose_name_plural = _("hoạt động bồi dưỡng")
        ordering = ["date", "id"]

    def __str__(self):
        return self.description[:60]


class Replication(models.Model):
    """Nhân rộng: a unit that adopted the model, since when, with what result."""

    exemplar = models.ForeignKey(Exemplar, on_delete=models.CASCADE, related_name="replications")
    adopting_unit = models.ForeignKey(
        "thiduakt.OrgUnit", verbose_name=_("đơn vị áp dụng"), on_delete=models.PROTECT, related_name="+"
    )
    adopted_on = models.DateField(_("áp dụng từ ngày"))
    results = models.TextField(_("kết quả"), max_length=TEXT_LENGTH)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đơn vị nhân rộng")
        verbose_name_plural = _("đơn vị nhân rộng")
        ordering = ["adopted_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["exemplar", "adopting_unit"], name="replication_unit_once"),
        ]

    def __str__(self):
        return str(self.adopting_unit)


# The extensions a stored photo may have (the one each image kind is stored under).
PHOTO_EXTENSIONS = [KINDS[k].extensions[0] for k in IMAGES.kinds]


def _stored_file_path(instance, filename):
    # Named by content hash, never by the uploaded name.
    return instance.storage_path()


class StoredFile(models.Model):
    """A file checked by content and kept in private storage; served only through a checked view."""

    file = models.FileField(_("tệp"), upload_to=_stored_file_path, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("định dạng"), max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    sha256 = models.CharField(max_length=64)
    caption = models.CharField(_("chú thích"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.extension in PHOTO_EXTENSIONS


class ExemplarFile(StoredFile):
    """A photo or document of an exemplar. A photo marked public appears in the gallery once published."""

    class FileKind(models.TextChoices):
        PHOTO = "photo", _("Ảnh")
        DOCUMENT = "document", _("Tài liệu")

    exemplar = models.ForeignKey(Exemplar, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("loại"), max_length=20, choices=FileKind.choices)
    is_public = models.BooleanField(_("được công bố"), default=False)

    class Meta:
        verbose_name = _("ảnh, tài liệu")
        verbose_name_plural = _("ảnh, tài liệu")
        ordering = ["kind", "uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_public=False) | Q(kind="photo", extension__in=PHOTO_EXTENSIONS),
                name="exemplarfile_only_photos_public",
            ),
            models.UniqueConstraint(fields=["exemplar", "sha256"], name="exemplarfile_once_per_exemplar"),
        ]

    def storage_path(self) -> str:
        return f"exemplars/{self.exemplar_id}/{self.sha256[:16]}{self.extension}"


class HonouringEvent(models.Model):
    """Biểu dương, tôn vinh: a conference or ceremony that honours exemplars."""

    class EventKind(models.TextChoices):
        COMMENDATION = "commendation", _("Biểu dương")
        TRIBUTE = "tribute", _("Tôn vinh")
        CONGRESS = "congress", _("Đại hội Thi đua yêu nước")

    title = models.CharField(_("tên sự kiện"), max_length=300)
    kind = models.CharField(_("hình thức"), max_length=20, choices=EventKind.choices, default=EventKind.TRIBUTE)
    date = models.DateField(_("ngày tổ chức"))
    organiser = models.ForeignKey(
        "thiduakt.OrgUnit", verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("địa điểm"), max_length=200, blank=True)
    occasion = models.CharField(_("nhân dịp"), max_length=300, blank=True)
    description = models.TextField(_("nội dung"), blank=True, max_length=TEXT_LENGTH)
    honoured = models.ManyToManyField(
        Exemplar, through="Honour", verbose_name=_("điển hình được biểu dương"), related_name="honouring_events"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sự kiện biểu dương, tôn vinh")
        verbose_name_plural = _("sự kiện biểu dương, tôn vinh")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["title", "date"], name="honouringevent_title_date_once"),
        ]

    def __str__(self):
        return self.title


class Honour(models.Model):
    """One exemplar honoured at one event, with the citation read out."""

    event = models.ForeignKey(HonouringEvent, on_delete=models.CASCADE, related_name="honours")
    exemplar = models.ForeignKey(Exemplar, on_delete=models.PROTECT, related_name="honours")
    citation = models.CharField(_("nội dung biểu dương"), max_length=500, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("điển hình được biểu dương")
        verbose_name_plural = _("danh sách biểu dương")
        ordering = ["exemplar__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "exemplar"], name="honour_exemplar_once_per_event"),
        ]

    def __str__(self):
        return f"{self.exemplar} – {self.event}"


class HonoureeImport(models.Model):
    """One upload of an event's honourees list (xlsx): the file as sent, how its columns are read, the
    choices made for ambiguous rows, and, once confirmed, who wrote it, when, and what it wrote.

    The rows are read again from ``data`` for every preview and at the confirmation (see
    ``exemplars.honouree_import``): what is written is what the register holds at that moment.
    """

    class Status(models.TextChoices):
        READY = "ready", _("Chờ xác nhận")
        APPLIED = "applied", _("Đã ghi")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(HonouringEvent, on_delete=models.CASCADE, related_name="honouree_imports")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    data = models.BinaryField(_("nội dung tệp"))
    sha256 = models.CharField(max_length=64)
    columns = models.JSONField(_("cách đọc các cột"), default=list)
    choices = models.JSONField(_("lựa chọn cho các dòng cần chọn"), default=dict)
    default_field = models.ForeignKey(
        Field,
        verbose_name=_("lĩnh vực cho điển hình mới"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.READY)
    created_count = models.PositiveIntegerField(_("số điển hình được thêm"), default=0)
    skipped_count = models.PositiveIntegerField(_("số dòng bỏ qua"), default=0)
    message = models.CharField(_("kết quả"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("ghi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhập danh sách biểu dương")
        verbose_name_plural = _("lượt nhập danh sách biểu dương")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.original_name


class EventDocument(StoredFile):
    """A document of an honouring event (decision, programme, photos of the ceremony)."""

    event = models.ForeignKey(HonouringEvent, on_delete=models.CASCADE, related_name="documents")

    class Meta:
        verbose_name = _("tài liệu sự kiện")
        verbose_name_plural = _("tài liệu sự kiện")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "sha256"], name="eventdocument_once_per_event"),
        ]

    def storage_path(self) -> str:
        return f"exemplars/events/{self.event_id}/{self.sha256[:16]}{self.extension}"


class AwardProposal(models.Model):
    """From exemplar to award: a proposal that opened a draft nomination dossier for the exemplar's unit."""

    exemplar = models.ForeignKey(Exemplar, on_delete=models.CASCADE, related_name="award_proposals")
    award = models.ForeignKey(
        "awards.Award", verbose_name=_("danh hiệu, hình thức khen thưởng"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    summary = models.TextField(_("tóm tắt thành tích"), blank=True, max_length=TEXT_LENGTH)
    dossier = models.ForeignKey(
        "awards.Dossier",
        verbose_name=_("hồ sơ đề nghị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exemplar_proposals",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đề nghị"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("đề nghị lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đề nghị khen thưởng từ điển hình")
        verbose_name_plural = _("đề nghị khen thưởng từ điển hình")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["exemplar", "award", "year"], name="awardproposal_once_per_award_year"),
            models.CheckConstraint(condition=Q(year__gte=1945, year__lte=2100), name="awardproposal_year_range"),
        ]

    def __str__(self):
        return f"{self.exemplar} – {self.award} {self.year}"
