"""Uploaded documents checked by content, not by name: PDF, DOCX, XLSX, JPG, PNG, size capped.

Other apps import ``check_upload`` (raises ``AttachmentError`` with a Vietnamese
message) or ``validate_attachment`` (a Django validator for form fields).
Files are then stored under the private storage and served only by a
permission-checked view.
"""

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ZIP_ENTRIES = 2_000
MAX_COMPRESSION_RATIO = 200
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024

KINDS = {
    # kind: (content type, accepted extensions, label)
    "pdf": ("application/pdf", (".pdf",), "PDF"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",), "DOCX"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",), "XLSX"),
    "jpg": ("image/jpeg", (".jpg", ".jpeg"), "JPG"),
    "png": ("image/png", (".png",), "PNG"),
}
ACCEPT = ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"


class AttachmentError(ValueError):
    """The upload is refused; the message is for the user."""


@dataclass
class CheckedFile:
    kind: str
    content_type: str
    extension: str
    size: int
    sha256: str


def _office_kind(head_and_rest: bytes) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(head_and_rest))
    except zipfile.BadZipFile:
        return None
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise AttachmentError(_("Tệp chứa quá nhiều thành phần; không thể kiểm tra an toàn."))
    total = 0
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if total > MAX_UNZIPPED_BYTES or (entry.file_size > 1_000_000 and ratio > MAX_COMPRESSION_RATIO):
            raise AttachmentError(_("Tệp bị nén bất thường (nghi là “bom nén”); hệ thống từ chối nhận."))
    names = {e.filename for e in entries}
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise AttachmentError(_("Tệp chứa macro; chỉ nhận tài liệu không có macro."))
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _detect(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    return None


def check_upload(upload, *, max_bytes: int | None = None) -> CheckedFile:
    """Check an uploaded file by its content; return what it is, or raise ``AttachmentError``.

    Refused: empty or oversized files, anything that is not PDF, DOCX, XLSX, JPG
    or PNG by its first bytes (a renamed executable), a name whose extension
    does not match the content, zip bombs and documents with macros.
    """
    limit = max_bytes or settings.UPLOAD_MAX_BYTES
    name = getattr(upload, "name", "") or ""
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise AttachmentError(
            _("Tệp “%(name)s” quá lớn (tối đa %(mb)s MB).") % {"name": name, "mb": limit // (1024 * 1024)}
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:
        raise AttachmentError(
            _("Tệp “%(name)s” quá lớn (tối đa %(mb)s MB).") % {"name": name, "mb": limit // (1024 * 1024)}
        )
    if not data:
        raise AttachmentError(_("Tệp “%(name)s” rỗng.") % {"name": name})
    kind = _detect(data)
    if kind is None:
        raise AttachmentError(
            _("Tệp “%(name)s” không phải PDF, DOCX, XLSX, JPG hoặc PNG (kiểm tra theo nội dung tệp).") % {"name": name}
        )
    content_type, extensions, label = KINDS[kind]
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if extension not in extensions:
        raise AttachmentError(
            _("Tên tệp “%(name)s” không khớp nội dung (nội dung là %(label)s).") % {"name": name, "label": label}
        )
    return CheckedFile(
        kind=kind,
        content_type=content_type,
        extension=extensions[0],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def validate_attachment(upload) -> None:
    """A Django field validator wrapping ``check_upload``."""
    try:
        check_upload(upload)
    except AttachmentError as exc:
        raise ValidationError(str(exc), code="attachment") from exc
