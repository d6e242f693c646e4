"""The shared foundation: users and roles, organisation units, people, jobs, notifications."""

import hashlib
import json
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thiduakt.jobs import handler_label
from thiduakt.text import REASON_LENGTH, fold, nfc, vi_sort_key


class Role(models.TextChoices):
    DEPARTMENT_STAFF = "staff", _("Cán bộ Sở Nội vụ")
    UNIT_OFFICER = "officer", _("Cán bộ đơn vị")
    COUNCIL_MEMBER = "council", _("Thành viên Hội đồng")
    ADMINISTRATOR = "admin", _("Quản trị hệ thống")


class OrgUnit(models.Model):
    """An organisation unit (đơn vị), in a hierarchy held as data.

    Units are never deleted: a unit that closes gets ``valid_to``; one merged
    into another (the 2025 reorganisation) also points at its successor, so
    that its history stays attached to it.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Tỉnh")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        DISTRICT = "district", _("Huyện, thị xã, thành phố")
        COMMUNE = "commune", _("Xã, phường, đặc khu")
        MASS_ORGANISATION = "mass_org", _("Tổ chức chính trị - xã hội")
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        DIVISION = "division", _("Phòng, bộ phận trực thuộc")

    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("mã đơn vị"), max_length=40, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("sáp nhập vào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_units",
    )
    # How the unit writes itself on its documents (NĐ 30/2020, Annex I): "tỉnh" / "thành phố" (the kind of
    # administrative area it governs) and the place name of the "Hậu Giang, ngày … tháng … năm …" line.
    area_type = models.CharField(
        _("loại đơn vị hành chính"),
        max_length=20,
        blank=True,
        help_text=_("Ghi trên văn bản: “tỉnh”, “thành phố”, “xã”, “phường”, “đặc khu”…"),
    )
    place_name = models.CharField(
        _("địa danh"),
        max_length=60,
        blank=True,
        help_text=_("Địa danh ở dòng ngày tháng của văn bản đơn vị ban hành, vd. “Hậu Giang”, “Cần Thơ”."),
    )
    search_text = models.CharField(max_length=400, editable=False, db_index=True, default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="orgunit_valid_range",
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="orgunit_not_own_parent"),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(valid_to__isnull=False), name="orgunit_merged_has_end"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Derived columns only (normalised text and its search form); rules live in services.
        self.name = nfc(self.name)
        self.short_name = nfc(self.short_name)
        self.area_type, self.place_name = nfc(self.area_type).strip(), nfc(self.place_name).strip()
        self.search_text = fold(f"{self.name} {self.short_name} {self.code}")
        super().save(*args, **kwargs)

    def is_active_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class Succession(models.Model):
    """One successor of a unit that was closed in a reorganisation, and the resolution that decided it.

    A commune merged whole has one successor (also its ``merged_into``); a
    district of 2025 was split over several communes and wards, each of them a
    row here. The old unit keeps its history (people, records, dossiers stay
    attached to it); these rows say where its area and tasks went.
    """

    class Share(models.TextChoices):
        WHOLE = "whole", _("Toàn bộ")
        PART = "part", _("Một phần")

    predecessor = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị cũ"), on_delete=models.PROTECT, related_name="successions"
    )
    successor = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị kế thừa"), on_delete=models.PROTECT, related_name="predecessions"
    )
    effective_on = models.DateField(_("có hiệu lực từ"))
    share = models.CharField(_("phạm vi"), max_length=10, choices=Share.choices, default=Share.WHOLE)
    legal_basis = models.CharField(
        _("căn cứ"), max_length=255, help_text=_("Vd. Nghị quyết số 1668/NQ-UBTVQH15 ngày 16/6/2025.")
    )
    clause = models.CharField(_("điều, khoản"), max_length=60, blank=True, help_text=_("Vd. Điều 1 khoản 55."))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đơn vị kế thừa")
        verbose_name_plural = _("đơn vị kế thừa")
        ordering = ["predecessor__name", "successor__name"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_once"),
            models.CheckConstraint(condition=~Q(predecessor=models.F("successor")), name="succession_not_itself"),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"


class OfficeHolder(models.Model):
    """Who held the chair or a vice-chair of a unit, and when: the signer of its documents is data, by date."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chủ tịch")
        VICE_CHAIR = "vice_chair", _("Phó Chủ tịch")

    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="office_holders")
    role = models.CharField(_("chức vụ"), max_length=20, choices=Role.choices)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    signs_documents = models.BooleanField(
        _("ký văn bản khen thưởng"),
        default=False,
        help_text=_("Người ký các quyết định khen thưởng của đơn vị (Chủ tịch, hoặc Phó Chủ tịch ký thay)."),
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lãnh đạo đơn vị")
        verbose_name_plural = _("lãnh đạo đơn vị")
        ordering = ["unit__name", "-valid_from", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="officeholder_valid_range",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} {self.unit}: {self.full_name}"

    def save(self, *args, **kwargs):
        self.full_name = nfc(self.full_name)
        super().save(*args, **kwargs)

    def is_active_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class User(AbstractUser):
    """A person who signs in. Roles are cumulative: one user may hold several."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    is_department_staff = models.BooleanField(_("cán bộ Sở Nội vụ"), default=False)
    is_unit_officer = models.BooleanField(_("cán bộ đơn vị"), default=False)
    is_council_member = models.BooleanField(_("thành viên Hội đồng"), default=False)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("đơn vị công tác"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("Bắt buộc với cán bộ đơn vị: họ chỉ thấy và gửi hồ sơ của đơn vị này."),
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_unit_officer=False) | Q(unit__isnull=False), name="user_officer_has_unit"
            ),
        ]

    def __str__(self):
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        self.full_name = nfc(self.full_name)
        super().save(*args, **kwargs)

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser

    @property
    def roles(self) -> list[str]:
        held = [
            (self.is_department_staff, Role.DEPARTMENT_STAFF),
            (self.is_unit_officer, Role.UNIT_OFFICER),
            (self.is_council_member, Role.COUNCIL_MEMBER),
            (self.is_superuser, Role.ADMINISTRATOR),
        ]
        return [role for has, role in held if has]

    @property
    def role_labels(self) -> list[str]:
        return [Role(r).label for r in self.roles]


class Person(models.Model):
    """An individual (cá nhân) with one identity across years and units."""

    class Gender(models.TextChoices):
        MALE = "male", _("Nam")
        FEMALE = "female", _("Nữ")

    class LeaderRank(models.TextChoices):
        NONE = "", _("Không giữ chức vụ lãnh đạo")
        DIVISION = "division", _("Lãnh đạo cấp phòng và tương đương")
        DEPARTMENT = "department", _("Lãnh đạo cấp sở, huyện và tương đương")
        PROVINCE = "province", _("Lãnh đạo cấp tỉnh trở lên")

    full_name = models.CharField(_("họ và tên"), max_length=150)
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    position = models.CharField(_("chức vụ, chức danh"), max_length=200, blank=True)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("đơn vị hiện tại"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    is_direct_worker = models.BooleanField(
        _("người lao động trực tiếp"), default=False, help_text=_("Công nhân, nông dân, người lao động trực tiếp.")
    )
    is_business_person = models.BooleanField(_("doanh nhân"), default=False)
    leader_rank = models.CharField(_("cấp lãnh đạo"), max_length=20, choices=LeaderRank.choices, blank=True, default="")
    id_number = models.CharField(_("số định danh cá nhân"), max_length=20, null=True, blank=True, unique=True)
    search_text = models.CharField(max_length=300, editable=False, db_index=True, default="")
    sort_key = models.CharField(max_length=400, editable=False, db_index=True, default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")
        ordering = ["sort_key", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True) | Q(birth_year__gte=1900, birth_year__lte=2100),
                name="person_birth_year_range",
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.derive()
        super().save(*args, **kwargs)

    def derive(self) -> None:
        """Set the derived columns (NFC storage, search form, Vietnamese order); ``bulk_create`` callers use it."""
        self.full_name = nfc(self.full_name)
        self.id_number = (self.id_number or "").strip() or None
        self.search_text = fold(self.full_name)
        self.sort_key = vi_sort_key(self.full_name)


def _job_result_path(job, filename):
    return f"jobs/{job.created_at:%Y/%m}/{job.public_id}/{filename}"


class Job(models.Model):
    """One piece of background work. This row, not the broker, is the truth.

    The broker only carries the id; a worker claims the row with a
    conditional update, so the same job never runs twice at once. A user has
    at most one waiting or running job per kind, parameters and unit (a
    partial unique constraint on ``params_digest``), so a repeated request
    joins the job under way.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Thất bại")

    ACTIVE = (Status.WAITING, Status.RUNNING)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("loại công việc"), max_length=60)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    # SHA-256 of the parameters and the unit (see ``params_digest``): what makes two requests "the same".
    params_digest = models.CharField(max_length=64, editable=False, default="")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("phạm vi đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Nếu có, chỉ cán bộ của đơn vị này (và cấp trên) xem được kết quả."),
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.WAITING)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    message = models.CharField(_("thông báo"), max_length=500, blank=True)
    result_file = models.FileField(_("tệp kết quả"), upload_to=_job_result_path, blank=True, max_length=300)
    result_name = models.CharField(_("tên tệp"), max_length=200, blank=True)
    result_size = models.PositiveBigIntegerField(_("dung lượng"), default=0)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("số lần chạy tối đa"), default=3)
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    enqueued_at = models.DateTimeField(_("gửi hàng đợi lúc"), null=True, blank=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("báo tiến độ lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("công việc nền")
        verbose_name_plural = _("công việc nền")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="job_progress_max_100"),
            models.UniqueConstraint(
                fields=["requested_by", "kind", "params_digest"],
                condition=Q(status__in=["waiting", "running"], requested_by__isnull=False),
                name="job_one_active_per_request",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def save(self, *args, **kwargs):
        # A derived column only; joining the job under way is ``thiduakt.services.job_request``'s.
        self.params_digest = self.params_digest_of(self.params, self.unit_id)
        super().save(*args, **kwargs)

    @staticmethod
    def params_digest_of(params: dict, unit_id: int | None) -> str:
        """The digest of a request: the parameters as canonical JSON (sorted keys) and the unit."""
        canonical = json.dumps({"params": params, "unit": unit_id}, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    def get_kind_display(self) -> str:
        return handler_label(self.kind)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class Notification(models.Model):
    """What a user was told, when, and through which channels. Kept as a record."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"), blank=True, max_length=REASON_LENGTH)
    link = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    emailed_to = models.EmailField(_("đã gửi thư tới"), blank=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title


class DailyDigest(models.Model):
    """A unit's daily digest (bản nhắc việc trong ngày): at most one per unit and day, claimed before anyone is told.

    The reminders of a day reach a unit's officers as one notice; the row's unique constraint is what
    makes a second run, or two workers at once, tell nobody twice.
    """

    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("ngày"))
    items = models.PositiveSmallIntegerField(_("số việc nhắc"), default=0)
    recipients = models.PositiveSmallIntegerField(_("số người nhận"), default=0)
    title = models.CharField(_("tiêu đề"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("bản nhắc việc trong ngày")
        verbose_name_plural = _("bản nhắc việc trong ngày")
        ordering = ["-day", "unit_id"]
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="dailydigest_one_per_unit_and_day")]

    def __str__(self):
        return f"{self.unit_id} – {self.day:%d/%m/%Y}"


class ImportTemplate(models.Model):
    """A named way of reading a spreadsheet's columns, saved by a user for the next file of the same shape.

    ``columns``: header key (``thiduakt.spreadsheets.header_key``) → field key of the import (``""`` for a
    column not read); see ``thiduakt.imports``. Shared by everyone who runs that import.
    """

    kind = models.CharField(_("loại nhập"), max_length=50)
    name = models.CharField(_("tên mẫu"), max_length=100)
    columns = models.JSONField(_("cách đọc các cột"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lưu"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("lưu lúc"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mẫu đọc cột bảng tính")
        verbose_name_plural = _("mẫu đọc cột bảng tính")
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="importtemplate_unique_name")]

    def __str__(self):
        return self.name
