"""Attachments checked by their content, not their name (the awards app has no shared validator)."""

import io
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

from thiduakt.services import DomainError

KINDS = {"pdf": "PDF", "docx": "Word", "xlsx": "Excel", "jpg": "JPEG", "png": "PNG"}


def sniff(head: bytes, data_file) -> str | None:
    """The kind of file from its first bytes (and, for zip files, their content)."""
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        try:
            data_file.seek(0)
            names = zipfile.ZipFile(data_file).namelist()
        except zipfile.BadZipFile:
            return None
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
    return None


def validate_attachment(upload) -> str:
    """Return the kind of an uploaded file, or raise ``DomainError`` in Vietnamese.

    Allowed: PDF, DOCX, XLSX, JPG, PNG, recognised by their content; size capped by
    ``settings.UPLOAD_MAX_BYTES``.
    """
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise DomainError(
            _("Tệp “%(name)s” quá lớn (tối đa %(mb)s MB).")
            % {"name": upload.name, "mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
        )
    if upload.size == 0:
        raise DomainError(_("Tệp “%(name)s” trống.") % {"name": upload.name})
    upload.seek(0)
    head = upload.read(16)
    source = upload.file if hasattr(upload, "file") else io.BytesIO(upload.read())
    kind = sniff(head, source)
    upload.seek(0)
    if kind is None:
        raise DomainError(
            _("Tệp “%(name)s” không đúng định dạng cho phép (PDF, DOCX, XLSX, JPG, PNG).") % {"name": upload.name}
        )
    return kind
