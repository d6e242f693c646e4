"""Files for upload tests: small real ones, and the hostile set every upload screen must refuse.

``HOSTILE`` is a list of ``HostileFile``: a name, its bytes, and the exact Vietnamese refusal
expected on a screen with a given allow-list (the refusal may depend on what the screen allows:
a PDF named .hta is "not matching its content" where PDF is allowed, "not an image" elsewhere).
"""

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import openpyxl
from PIL import Image

from thiduakt.uploads import MAX_ZIP_ENTRIES, AllowList

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CONTENT_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
DOCM_TYPES = (
    '<?xml version="1.0"?><Types><Override PartName="/word/document.xml" '
    'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
)
XLSM_TYPES = (
    '<?xml version="1.0"?><Types><Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>'
)


def zip_bytes(entries, *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return out.getvalue()


@cache
def png_bytes(size=(8, 6), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


@cache
def image_bytes(fmt: str, size=(8, 6)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 10)).save(out, format=fmt)
    return out.getvalue()


def docx_bytes(*extra) -> bytes:
    return zip_bytes([("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", "<w:document/>"), *extra])


def xlsx_bytes() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Tên", "Số"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def odf_bytes(mimetype: str, *extra) -> bytes:
    """An OpenDocument file: ``mimetype`` first and stored, as the format requires."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
        for name, data in extra:
            archive.writestr(name, data)
    return out.getvalue()


def odt_bytes(*extra) -> bytes:
    return odf_bytes("application/vnd.oasis.opendocument.text", *extra)


def ods_bytes(*extra) -> bytes:
    return odf_bytes("application/vnd.oasis.opendocument.spreadsheet", *extra)


@cache
def zip_bomb() -> bytes:
    """50 MB of zeros in a few kilobytes (ratio ~1000)."""
    return docx_bytes(("word/media/zeros.bin", b"\0" * (50 * 1024 * 1024)))


@cache
def zip_lying_sizes() -> bytes:
    """A zip whose headers say 1,000 bytes for an entry that inflates to 10 MB."""
    data = bytearray(docx_bytes(("word/media/big.bin", b"\0" * (10 * 1024 * 1024))))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("word/media/big.bin")
    struct.pack_into("<I", data, info.header_offset + 22, 1000)  # local header: uncompressed size
    central = data.find(b"PK\x01\x02")
    while central != -1:  # the central directory entry of that file
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_length] == b"word/media/big.bin":
            struct.pack_into("<I", data, central + 24, 1000)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


@cache
def zip_many_entries() -> bytes:
    return docx_bytes(*[(f"word/media/p{i}.xml", "x") for i in range(MAX_ZIP_ENTRIES)])


def pixel_bomb() -> bytes:
    """A valid PNG header declaring 30,000 × 30,000 pixels (900 megapixels) in a few bytes."""
    data = bytearray(png_bytes())
    struct.pack_into(">II", data, 16, 30_000, 30_000)  # IHDR width, height
    struct.pack_into(">I", data, 29, zlib.crc32(bytes(data[12:29])))
    return bytes(data)


# ---------------------------------------------------------------------------
# The hostile set
# ---------------------------------------------------------------------------


def not_allowed(name: str, allow: AllowList) -> str:
    return f"Tệp “{name}” không phải {allow.labels()} (kiểm tra theo nội dung tệp)."


def mismatch_or_not_allowed(kind: str, label: str):
    def expect(name: str, allow: AllowList) -> str:
        if kind in allow.kinds:
            return f"Tên tệp “{name}” không khớp nội dung (nội dung là {label})."
        return not_allowed(name, allow)

    return expect


def macro(name: str, allow: AllowList) -> str:
    return f"Tệp “{name}” chứa macro; chỉ nhận tài liệu không có macro."


def bomb(name: str, allow: AllowList) -> str:
    return f"Tệp “{name}” bị nén bất thường (nghi là “bom nén”); hệ thống từ chối nhận."


def broken(name: str, allow: AllowList) -> str:
    return f"Tệp “{name}” bị hỏng hoặc không đọc được."


def broken_image(name: str, allow: AllowList) -> str:
    return f"Tệp ảnh “{name}” bị hỏng hoặc không đọc được."


@dataclass(frozen=True)
class HostileFile:
    id: str
    name: str
    build: Callable[[], bytes]
    expect: Callable[[str, AllowList], str]
    max_bytes: int | None = None  # the settings.UPLOAD_MAX_BYTES the case runs under

    def message(self, allow: AllowList) -> str:
        return self.expect(self.name, allow)


HOSTILE = [
    HostileFile(
        "renamed-executable", "bao-cao.pdf", lambda: b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 300, not_allowed
    ),
    HostileFile(
        "hta-starting-with-pdf",
        "bao-cao.hta",
        lambda: b"%PDF-1.4\n<html><hta:application/><script>new ActiveXObject('WScript.Shell')</script></html>",
        mismatch_or_not_allowed("pdf", "PDF"),
    ),
    HostileFile(
        "html", "bao-cao.html", lambda: b"<!DOCTYPE html><html><script>alert(document.cookie)</script>", not_allowed
    ),
    HostileFile("bat", "cai-dat.bat", lambda: b"@echo off\r\ndel /q C:\\*\r\n", not_allowed),
    HostileFile(
        "docx-with-vba", "bao-cao.docx", lambda: docx_bytes(("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")), macro
    ),
    HostileFile(
        "docm-with-vba",
        "bao-cao.docm",
        lambda: zip_bytes(
            [("[Content_Types].xml", DOCM_TYPES), ("word/document.xml", "<w/>"), ("word/vbaProject.bin", b"\xd0\xcf")]
        ),
        macro,
    ),
    HostileFile(
        "xlsm",
        "bang-diem.xlsm",
        lambda: zip_bytes(
            [("[Content_Types].xml", XLSM_TYPES), ("xl/workbook.xml", "<workbook/>"), ("xl/vbaProject.bin", b"\xd0")]
        ),
        macro,
    ),
    HostileFile(
        "xlsx-with-excel4-macro-sheet",
        "bang-diem.xlsx",
        lambda: zip_bytes(
            [
                ("[Content_Types].xml", CONTENT_TYPES),
                ("xl/workbook.xml", "<workbook/>"),
                ("xl/macrosheets/sheet1.xml", "<xm:macrosheet/>"),
            ]
        ),
        macro,
    ),
    HostileFile(
        "odt-with-basic-macro",
        "ke-hoach.odt",
        lambda: odt_bytes(("Basic/Standard/Module1.xml", "<script:module/>")),
        macro,
    ),
    HostileFile("ods-with-script", "bang.ods", lambda: ods_bytes(("Scripts/python/run.py", "import os")), macro),
    HostileFile("zip-bomb", "bao-cao.docx", zip_bomb, bomb),
    HostileFile("zip-with-lying-sizes", "bao-cao.docx", zip_lying_sizes, broken),
    HostileFile(
        "too-many-entries",
        "bao-cao.docx",
        zip_many_entries,
        lambda name, allow: f"Tệp “{name}” chứa quá nhiều thành phần (hơn 2.000); không thể kiểm tra an toàn.",
    ),
    HostileFile("zip-named-pdf", "bao-cao.pdf", lambda: zip_bytes([("a.txt", "x")]), not_allowed),
    HostileFile("docx-named-pdf", "bao-cao.pdf", docx_bytes, mismatch_or_not_allowed("docx", "DOCX")),
    HostileFile(
        "oversize",
        "bao-cao.pdf",
        lambda: PDF + b"0" * (1024 * 1024),
        lambda name, allow: f"Tệp “{name}” quá lớn (tối đa 1 MB).",
        max_bytes=1024 * 1024,
    ),
    HostileFile("fake-image", "anh.png", lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, broken_image),
    HostileFile(
        "pixel-bomb",
        "anh.png",
        pixel_bomb,
        lambda name, allow: f"Ảnh “{name}” quá lớn (quá nhiều điểm ảnh).",
    ),
]
