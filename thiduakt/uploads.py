"""The one upload gate: every file a user uploads is checked here, by its content, before it is stored.

``check_upload(upload, allow=DOCUMENTS)`` returns a ``CheckedFile`` (what the content really
is, its size, hash and bytes) or raises ``UploadError`` with a Vietnamese message naming the
file. What it refuses:

- anything whose content is not one of the kinds the screen allows (a renamed executable, an
  HTML page, a script), whatever its name says;
- a name whose extension does not agree with the content (``bao-cao.hta`` that starts with
  ``%PDF-``, ``bao-cao.pdf`` that is a zip);
- macros in every OOXML and ODF kind (``vbaProject.bin``, Excel 4 macro sheets, the
  macro-enabled content types of .docm/.xlsm/.pptm, ODF ``Basic/`` and ``Scripts/``);
- zip bombs (inflated size in total and per entry, compression ratio, number of entries; every
  entry is inflated under a budget, so sizes that lie in the headers fail their checksum);
- empty and oversized files (``settings.UPLOAD_MAX_BYTES`` unless the screen says less);
- images that Pillow cannot read, or too many pixels.

Each screen passes its allow-list (``DOCUMENTS``, ``IMAGES``, ``SPREADSHEETS``); forms declare
``UploadField(allow=...)``, which also sets the browser's ``accept`` and the help text.
Downloads serve the stored ``content_type`` of the checked content (``thiduakt.downloads``).
"""

import contextlib
import hashlib
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

MAX_ZIP_ENTRIES = 2_000
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200  # for an entry (or the whole archive) past RATIO_CHECKED_FROM bytes inflated
RATIO_CHECKED_FROM = 1024 * 1024
MAX_IMAGE_PIXELS = 80_000_000
_CHUNK = 64 * 1024
_READ_PART_BYTES = 1024 * 1024  # the small parts read to tell the kind ([Content_Types].xml, mimetype)


@dataclass(frozen=True)
class Kind:
    """A kind of file the product accepts somewhere: its content type, extensions (first is the one stored)."""

    code: str
    content_type: str
    extensions: tuple[str, ...]
    label: str

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


KINDS: dict[str, Kind] = {
    k.code: k
    for k in (
        Kind("pdf", "application/pdf", (".pdf",), "PDF"),
        Kind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",), "DOCX"),
        Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",), "XLSX"),
        Kind("odt", "application/vnd.oasis.opendocument.text", (".odt",), "ODT"),
        Kind("ods", "application/vnd.oasis.opendocument.spreadsheet", (".ods",), "ODS"),
        Kind("jpg", "image/jpeg", (".jpg", ".jpeg"), "JPG"),
        Kind("png", "image/png", (".png",), "PNG"),
        Kind("webp", "image/webp", (".webp",), "WEBP"),
    )
}
# Content recognised only to be named in a refusal (never accepted).
_OTHER_LABELS = {"pptx": "PPTX", "odp": "ODP"}
_PIL_FORMATS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}
_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}


@dataclass(frozen=True)
class AllowList:
    """The kinds one kind of screen accepts, in the order they are named to the user."""

    kinds: tuple[str, ...]

    def __post_init__(self):
        unknown = set(self.kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown kinds: {sorted(unknown)}")

    @property
    def extensions(self) -> tuple[str, ...]:
        return tuple(e for k in self.kinds for e in KINDS[k].extensions)

    @property
    def content_types(self) -> frozenset[str]:
        return frozenset(KINDS[k].content_type for k in self.kinds)

    @property
    def accept(self) -> str:
        """The HTML ``accept`` attribute of the file input."""
        return ",".join(self.extensions)

    def labels(self) -> str:
        """'PDF, DOCX, XLSX hoặc PNG' in the user's language."""
        names = [KINDS[k].label for k in self.kinds]
        if len(names) == 1:
            return names[0]
        return _("%(first)s hoặc %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}

    def help_text(self) -> str:
        return _("%(kinds)s; tối đa %(size)s.") % {"kinds": self.labels(), "size": _size_text(None)}


DOCUMENTS = AllowList(("pdf", "docx", "xlsx", "odt", "ods", "jpg", "png"))
IMAGES = AllowList(("jpg", "png", "webp"))
SPREADSHEETS = AllowList(("xlsx",))

# Every content type a stored upload may be served as (downloads fall back to octet-stream).
SERVABLE_CONTENT_TYPES = frozenset(k.content_type for k in KINDS.values())


class UploadError(ValueError):
    """The upload is refused; the message (Vietnamese, naming the file) is for the user."""


@dataclass(frozen=True)
class CheckedFile:
    """What an accepted upload really is. Store ``data``; store ``content_type`` to serve it back."""

    name: str  # the uploaded name, cleaned (no folders, no control characters, NFC), for display
    kind: str  # a code of KINDS
    content_type: str
    extension: str  # the canonical extension of the kind (".jpg" for a .jpeg), for the stored name
    size: int
    sha256: str
    data: bytes

    @property
    def is_image(self) -> bool:
        return KINDS[self.kind].is_image


def _size_text(limit: int | None) -> str:
    """'20 MB', or '500 KB' under a megabyte."""
    limit = limit or settings.UPLOAD_MAX_BYTES
    if limit >= 1024 * 1024:
        return f"{limit // (1024 * 1024)} MB"
    return f"{max(limit // 1024, 1)} KB"


def clean_name(name: str, *, default: str = "tep") -> str:
    """The uploaded name as shown and offered back: last path part, NFC, no control characters, ≤ 200."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip().strip(".") or default
    if len(name) > 200:
        suffix = PurePosixPath(name).suffix[:12]
        name = name[: 200 - len(suffix)] + suffix
    return name


def _extension(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def check_upload(upload, *, allow: AllowList, max_bytes: int | None = None) -> CheckedFile:
    """Check an uploaded file by its content against the screen's allow-list; return it or raise ``UploadError``.

    ``upload`` is anything file-like with a ``name`` (an ``UploadedFile``, a ``ContentFile``).
    ``max_bytes`` replaces ``settings.UPLOAD_MAX_BYTES`` for one screen.
    The upload is left rewound. Checking the same upload again with the same list is free.
    """
    if upload is None:
        raise UploadError(_("Chưa chọn tệp."))
    limit = max_bytes or settings.UPLOAD_MAX_BYTES
    memo = getattr(upload, "_thiduakt_checked", None)
    if memo is not None and memo[0] == (allow, limit):
        return memo[1]
    name = clean_name(getattr(upload, "name", "") or "")
    too_big = UploadError(_("Tệp “%(name)s” quá lớn (tối đa %(size)s).") % {"name": name, "size": _size_text(limit)})
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise too_big
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:
        raise too_big
    if not data:
        raise UploadError(_("Tệp “%(name)s” rỗng.") % {"name": name})
    code = _detect(data, name)
    if code is None or code not in allow.kinds:
        raise UploadError(
            _("Tệp “%(name)s” không phải %(kinds)s (kiểm tra theo nội dung tệp).")
            % {"name": name, "kinds": allow.labels()}
        )
    kind = KINDS[code]
    if _extension(name) not in kind.extensions:
        raise UploadError(
            _("Tên tệp “%(name)s” không khớp nội dung (nội dung là %(label)s).") % {"name": name, "label": kind.label}
        )
    if kind.is_image:
        _check_image(data, code, name)
    checked = CheckedFile(
        name=name,
        kind=code,
        content_type=kind.content_type,
        extension=kind.extensions[0],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
    )
    with contextlib.suppress(AttributeError):  # an object that takes no attributes is checked again next time
        upload._thiduakt_checked = ((allow, limit), checked)
    return checked


# ---------------------------------------------------------------------------
# What the content is
# ---------------------------------------------------------------------------


def _detect(data: bytes, name: str) -> str | None:
    """The code of the content's kind (KINDS or _OTHER_LABELS), or None; raises for macros and bombs."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data, name)
    return None


def _zip_kind(data: bytes, name: str) -> str | None:
    """docx, xlsx, pptx, odt, ods, odp, or None for any other zip; every entry is inflated under a budget."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        return None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise UploadError(
            _("Tệp “%(name)s” chứa quá nhiều thành phần (hơn %(n)s); không thể kiểm tra an toàn.")
            % {"name": name, "n": f"{MAX_ZIP_ENTRIES:,}".replace(",", ".")}
        )
    bomb = UploadError(
        _("Tệp “%(name)s” bị nén bất thường (nghi là “bom nén”); hệ thống từ chối nhận.") % {"name": name}
    )
    declared = sum(e.file_size for e in entries)
    if declared > MAX_UNZIPPED_BYTES or _ratio_too_high(declared, sum(e.compress_size for e in entries)):
        raise bomb
    for entry in entries:
        if _ratio_too_high(entry.file_size, entry.compress_size):
            raise bomb
    names = {e.filename for e in entries}
    lowered = {n.lower() for n in names}
    macro = UploadError(_("Tệp “%(name)s” chứa macro; chỉ nhận tài liệu không có macro.") % {"name": name})
    if any(
        n.endswith(("vbaproject.bin", "vbaprojectsignature.bin", "vbadata.xml"))
        or "/macrosheets/" in n
        or n.split("/", 1)[0] in ("basic", "scripts")
        for n in lowered
    ):
        raise macro
    inflated = 0
    parts = {}
    try:
        for entry in entries:
            keep = entry.filename in ("[Content_Types].xml", "mimetype") and entry.file_size <= _READ_PART_BYTES
            chunks = []
            with archive.open(entry) as handle:
                while chunk := handle.read(_CHUNK):
                    inflated += len(chunk)
                    if inflated > MAX_UNZIPPED_BYTES:
                        raise bomb
                    if keep:
                        chunks.append(chunk)
            if keep:
                parts[entry.filename] = b"".join(chunks)
    except UploadError:
        raise
    except Exception as exc:  # bad checksum (sizes that lie), encrypted entry, unknown compression
        raise UploadError(_("Tệp “%(name)s” bị hỏng hoặc không đọc được.") % {"name": name}) from exc
    types = parts.get("[Content_Types].xml", b"").lower()
    if b"macroenabled" in types or b"vbaproject" in types:
        raise macro
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "ppt/presentation.xml" in names:
            return "pptx"
        return None
    if entries and entries[0].filename == "mimetype" and "content.xml" in names:
        return _ODF_MIMETYPES.get(parts.get("mimetype", b"").strip())
    return None


def _ratio_too_high(inflated: int, compressed: int) -> bool:
    return inflated > RATIO_CHECKED_FROM and inflated / max(compressed, 1) > MAX_COMPRESSION_RATIO


def _check_image(data: bytes, code: str, name: str) -> None:
    """An image must really be one (of the kind its first bytes say), and not a decompression bomb."""
    broken = UploadError(_("Tệp ảnh “%(name)s” bị hỏng hoặc không đọc được.") % {"name": name})
    too_many_pixels = UploadError(_("Ảnh “%(name)s” quá lớn (quá nhiều điểm ảnh).") % {"name": name})
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != _PIL_FORMATS[code]:
                raise broken
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise too_many_pixels
            image.verify()
    except UploadError:
        raise
    except Image.DecompressionBombError as exc:  # Pillow's own ceiling, met before ours can be checked
        raise too_many_pixels from exc
    except Exception as exc:  # Pillow raises many kinds of errors for broken files
        raise broken from exc


def thumbnail_bytes(data: bytes, *, size: int = 480) -> bytes:
    """A JPEG thumbnail of a checked image (no metadata carried over: EXIF may hold GPS positions)."""
    with Image.open(io.BytesIO(data)) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail((size, size))
        out = io.BytesIO()
        image.convert("RGB").save(out, format="JPEG", quality=82)
    return out.getvalue()


# ---------------------------------------------------------------------------
# Forms
# ---------------------------------------------------------------------------


@deconstructible
class UploadValidator:
    """A form field validator: ``check_upload`` with the screen's allow-list, as a ``ValidationError``."""

    def __init__(self, allow: AllowList, *, max_bytes: int | None = None):
        self.allow = allow
        self.max_bytes = max_bytes

    def __call__(self, upload) -> None:
        try:
            check_upload(upload, allow=self.allow, max_bytes=self.max_bytes)
        except UploadError as exc:
            raise ValidationError(str(exc), code="upload") from exc

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and (self.allow, self.max_bytes) == (other.allow, other.max_bytes)


class UploadField(forms.FileField):
    """A file input for one kind of screen: ``file = UploadField(label=_("Tệp"), allow=DOCUMENTS)``.

    Validates through ``check_upload``; sets ``accept`` and, unless given, the help text.
    The services check again (the same upload is not read twice), since they are the gate for every caller.
    """

    def __init__(self, *, allow: AllowList, max_bytes: int | None = None, **kwargs):
        kwargs.setdefault("help_text", lazy(allow.help_text, str)())
        kwargs.setdefault("widget", forms.ClearableFileInput)
        super().__init__(**kwargs)
        self.allow = allow
        self.max_bytes = max_bytes
        self.widget.attrs["accept"] = allow.accept
        self.validators.append(UploadValidator(allow, max_bytes=max_bytes))
