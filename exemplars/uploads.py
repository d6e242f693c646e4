"""Uploaded photos and documents: checked by content through the shared validator of the awards app
(``awards.attachments.check_upload``: magic bytes, size cap, zip bombs, macros), plus a decode check
for images, and thumbnails without metadata.
"""

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from thiduakt.services import DomainError

IMAGE_EXTENSIONS = (".jpg", ".png")


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    extension: str
    content_type: str
    sha256: str
    original_name: str

    @property
    def is_image(self) -> bool:
        return self.extension in IMAGE_EXTENSIONS


def check_upload(upload, *, images_only: bool = False) -> CheckedFile:
    """Read ``upload`` and return it checked, or raise ``DomainError`` with a Vietnamese message."""
    from awards.attachments import AttachmentError
    from awards.attachments import check_upload as check_attachment

    if upload is None:
        raise DomainError(_("Chưa chọn tệp."))
    try:
        checked = check_attachment(upload)
    except AttachmentError as exc:
        raise DomainError(str(exc)) from exc
    if images_only and checked.extension not in IMAGE_EXTENSIONS:
        raise DomainError(_("Ảnh phải là tệp JPG hoặc PNG (kiểm tra theo nội dung tệp)."))
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if checked.extension in IMAGE_EXTENSIONS:
        _check_image(data)
    name = (getattr(upload, "name", "") or "tep").replace("/", "_").replace("\\", "_")[-200:]
    return CheckedFile(
        data=data,
        extension=checked.extension,
        content_type=checked.content_type,
        sha256=checked.sha256,
        original_name=name,
    )


def _check_image(data: bytes) -> None:
    """An image must really decode, and not be a decompression bomb."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > 80_000_000:
                raise DomainError(_("Ảnh quá lớn."))
            image.verify()
    except DomainError:
        raise
    except Exception as exc:
        raise DomainError(_("Tệp ảnh bị hỏng hoặc không đọc được.")) from exc


def thumbnail_bytes(data: bytes, *, size: int = 480) -> bytes:
    """A JPEG thumbnail of an image file (no metadata carried over: EXIF may hold GPS positions)."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail((size, size))
        out = io.BytesIO()
        image.convert("RGB").save(out, format="JPEG", quality=82)
    return out.getvalue()
