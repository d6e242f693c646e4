"""The upload gate: what it accepts, what it refuses (exact messages), and every upload screen behind it."""

import ast
import hashlib
import inspect
import io
import re
import unicodedata
from pathlib import Path

import pytest
from django import forms as django_forms
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from PIL import Image

from thiduakt.tests.upload_files import (
    HOSTILE,
    PDF,
    docx_bytes,
    image_bytes,
    not_allowed,
    ods_bytes,
    odt_bytes,
    png_bytes,
    xlsx_bytes,
)
from thiduakt.tests.upload_screens import CONTENT_CHECKED, SCREENS, SPREADSHEET_IMPORTS
from thiduakt.uploads import (
    DOCUMENTS,
    IMAGES,
    SPREADSHEETS,
    AllowList,
    CheckedFile,
    UploadError,
    UploadField,
    check_upload,
    thumbnail_bytes,
)

APPS = ("thiduakt", "campaigns", "clusters", "awards", "exemplars", "reports")
ROOT = Path(settings.BASE_DIR)


def upload(name: str, data: bytes, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def refusal(name, data, allow=DOCUMENTS, **kwargs) -> str:
    with pytest.raises(UploadError) as err:
        check_upload(upload(name, data), allow=allow, **kwargs)
    return str(err.value)


# ---------------------------------------------------------------------------
# Allow-lists
# ---------------------------------------------------------------------------


def test_allow_lists_name_their_kinds_and_accept_string():
    assert (DOCUMENTS.labels(), DOCUMENTS.accept) == (
        "PDF, DOCX, XLSX, ODT, ODS, JPG hoặc PNG",
        ".pdf,.docx,.xlsx,.odt,.ods,.jpg,.jpeg,.png",
    )
    assert (IMAGES.labels(), IMAGES.accept) == ("JPG, PNG hoặc WEBP", ".jpg,.jpeg,.png,.webp")
    assert (SPREADSHEETS.labels(), SPREADSHEETS.accept) == ("XLSX", ".xlsx")
    assert DOCUMENTS.help_text() == "PDF, DOCX, XLSX, ODT, ODS, JPG hoặc PNG; tối đa 20 MB."


def test_allow_list_of_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match=r"unknown kinds: \['exe'\]"):
        AllowList(("pdf", "exe"))


# ---------------------------------------------------------------------------
# Accepted
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,data,allow,kind,content_type,extension",
    [
        ("Tờ trình.pdf", PDF, DOCUMENTS, "pdf", "application/pdf", ".pdf"),
        (
            "bao-cao.docx",
            docx_bytes(),
            DOCUMENTS,
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
        ),
        (
            "bang.XLSX",
            xlsx_bytes(),
            SPREADSHEETS,
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx",
        ),
        ("ke-hoach.odt", odt_bytes(), DOCUMENTS, "odt", "application/vnd.oasis.opendocument.text", ".odt"),
        ("bang.ods", ods_bytes(), DOCUMENTS, "ods", "application/vnd.oasis.opendocument.spreadsheet", ".ods"),
        ("anh.JPEG", image_bytes("JPEG"), IMAGES, "jpg", "image/jpeg", ".jpg"),
        ("anh.png", png_bytes(), DOCUMENTS, "png", "image/png", ".png"),
        ("anh.webp", image_bytes("WEBP"), IMAGES, "webp", "image/webp", ".webp"),
    ],
)
def test_check_upload_accepts_each_allowed_kind(name, data, allow, kind, content_type, extension):
    checked = check_upload(upload(name, data, content_type="text/html"), allow=allow)
    assert checked == CheckedFile(
        name=name,
        kind=kind,
        content_type=content_type,
        extension=extension,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
    )


def test_checked_name_keeps_no_folder_no_control_character_and_is_nfc():
    name = "..\\..\\etc/" + unicodedata.normalize("NFD", "Tờ trình") + "\x00\r\n.pdf"
    assert check_upload(upload(name, PDF), allow=DOCUMENTS).name == "Tờ trình.pdf"
    long = "a" * 300 + ".pdf"
    assert check_upload(upload(long, PDF), allow=DOCUMENTS).name == "a" * 196 + ".pdf"


def test_the_same_upload_is_checked_once_per_allow_list():
    file = upload("anh.png", png_bytes())
    first = check_upload(file, allow=IMAGES)
    assert check_upload(file, allow=IMAGES) is first
    assert check_upload(file, allow=DOCUMENTS) is not first
    assert file.tell() == 0


# ---------------------------------------------------------------------------
# Refused: the hostile set, and the rest
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("allow", [DOCUMENTS, IMAGES], ids=["documents", "images"])
@pytest.mark.parametrize("hostile", HOSTILE, ids=[h.id for h in HOSTILE])
def test_check_upload_refuses_hostile_file(hostile, allow, settings):
    if hostile.max_bytes:
        settings.UPLOAD_MAX_BYTES = hostile.max_bytes
    assert refusal(hostile.name, hostile.build(), allow) == hostile.message(allow)


def test_hostile_messages_depend_on_what_the_screen_allows():
    hta = next(h for h in HOSTILE if h.id == "hta-starting-with-pdf")
    assert hta.message(DOCUMENTS) == "Tên tệp “bao-cao.hta” không khớp nội dung (nội dung là PDF)."
    assert hta.message(IMAGES) == "Tệp “bao-cao.hta” không phải JPG, PNG hoặc WEBP (kiểm tra theo nội dung tệp)."


def test_check_upload_refuses_empty_unlisted_and_oversized_for_one_screen():
    assert refusal("rong.pdf", b"") == "Tệp “rong.pdf” rỗng."
    assert refusal("anh.webp", image_bytes("WEBP")) == not_allowed("anh.webp", DOCUMENTS)
    assert refusal("bao-cao.pdf", PDF, IMAGES) == not_allowed("bao-cao.pdf", IMAGES)
    assert refusal("bang.ods", ods_bytes(), SPREADSHEETS) == not_allowed("bang.ods", SPREADSHEETS)
    assert refusal("to-trinh.pdf", PDF + b"0" * 2048, max_bytes=1024) == "Tệp “to-trinh.pdf” quá lớn (tối đa 1 KB)."
    assert refusal("anh.jpg", png_bytes(), IMAGES) == "Tên tệp “anh.jpg” không khớp nội dung (nội dung là PNG)."
    assert refusal("ten-khong-duoi", PDF) == "Tên tệp “ten-khong-duoi” không khớp nội dung (nội dung là PDF)."


def test_check_upload_refuses_a_jpeg_header_on_other_image_data():
    data = b"\xff\xd8\xff\xe0" + png_bytes()
    assert refusal("anh.jpg", data, IMAGES) == "Tệp ảnh “anh.jpg” bị hỏng hoặc không đọc được."


def test_upload_error_is_a_value_error():
    assert issubclass(UploadError, ValueError)


def test_thumbnail_is_a_small_jpeg_without_metadata():
    source = Image.new("RGB", (1200, 800), (200, 30, 30))
    exif = Image.Exif()
    exif[0x8825] = {2: (10, 5, 0)}  # GPS latitude
    out = io.BytesIO()
    source.save(out, format="JPEG", exif=exif)
    thumb = Image.open(io.BytesIO(thumbnail_bytes(out.getvalue())))
    assert (thumb.format, thumb.size, dict(thumb.getexif())) == ("JPEG", (480, 320), {})


# ---------------------------------------------------------------------------
# The form field
# ---------------------------------------------------------------------------


def _form(allow=DOCUMENTS, **kwargs):
    class Form(django_forms.Form):
        file = UploadField(label="Tệp", allow=allow, **kwargs)

    return Form


def test_upload_field_sets_accept_and_help_text():
    field = _form()().fields["file"]
    assert (field.widget.attrs["accept"], str(field.help_text)) == (
        ".pdf,.docx,.xlsx,.odt,.ods,.jpg,.jpeg,.png",
        "PDF, DOCX, XLSX, ODT, ODS, JPG hoặc PNG; tối đa 20 MB.",
    )
    assert 'accept=".jpg,.jpeg,.png,.webp"' in str(_form(IMAGES)()["file"])


def test_upload_field_refuses_with_the_gate_message_and_accepts_a_real_file():
    form = _form()(files={"file": upload("bao-cao.hta", b"%PDF-1.4 <script>")})
    assert not form.is_valid()
    assert form.errors["file"] == ["Tên tệp “bao-cao.hta” không khớp nội dung (nội dung là PDF)."]
    good = _form()(files={"file": upload("bao-cao.pdf", PDF)})
    assert good.is_valid()
    assert good.cleaned_data["file"].read() == PDF


def test_upload_field_with_a_lower_cap():
    form = _form(max_bytes=1024 * 1024)(files={"file": upload("bao-cao.pdf", PDF + b"0" * (1024 * 1024))})
    assert form.errors["file"] == ["Tệp “bao-cao.pdf” quá lớn (tối đa 1 MB)."]


# ---------------------------------------------------------------------------
# Every upload screen, through its real view, as the user who uses it
# ---------------------------------------------------------------------------


def _stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _snapshot(screen) -> list[list[dict]]:
    return [list(qs.values()) for qs in screen.written()]


@pytest.mark.django_db
@pytest.mark.parametrize("screen", SCREENS, ids=[s.id for s in SCREENS])
def test_upload_screen_refuses_every_hostile_file_and_saves_nothing(screen, world, private_media, settings):
    target = screen.prepare(world)
    client = Client()
    client.force_login(world.user(screen.role))
    before = _snapshot(screen)
    wrong = []
    for hostile in HOSTILE:
        settings.UPLOAD_MAX_BYTES = hostile.max_bytes or 20 * 1024 * 1024
        file = upload(hostile.name, hostile.build(), content_type="application/pdf")
        response = client.post(target.url, {**target.data, target.field: file}, follow=True)
        page = response.content.decode()
        expected = hostile.message(screen.allow)
        if response.status_code != 200 or expected not in page:
            wrong.append((hostile.id, response.status_code, expected))
        if _snapshot(screen) != before or _stored_files():
            wrong.append((hostile.id, "saved"))
    assert wrong == []


@pytest.mark.django_db
@pytest.mark.parametrize("screen", SCREENS, ids=[s.id for s in SCREENS])
def test_upload_screen_stores_a_real_file_with_its_checked_content_type(screen, world, private_media):
    target = screen.prepare(world)
    client = Client()
    client.force_login(world.user(screen.role))
    name, data, content_type = (
        ("Ảnh lớp học.png", png_bytes(), "image/png")
        if screen.allow is IMAGES
        else ("Báo cáo quý.pdf", PDF, "application/pdf")
    )
    file = upload(name, data, content_type="text/html")  # what the browser says counts for nothing
    client.post(target.url, {**target.data, target.field: file}, follow=True)
    row = screen.stored().get()
    assert screen.content_type(row) == content_type
    assert [p.read_bytes() for p in _stored_files()] == [data]


# ---------------------------------------------------------------------------
# The registry is complete: a view that takes files, or a form that declares one, is listed
# ---------------------------------------------------------------------------


def _url_patterns(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def _views_reading_files() -> set[str]:
    names = set()
    for name, callback in _url_patterns():
        view = getattr(callback, "view_class", None) or inspect.unwrap(callback)
        if not view.__module__.startswith(APPS):
            continue
        if "request.FILES" in inspect.getsource(view):
            names.add(name)
    return names


FILE_FIELD = re.compile(r"\b(FileField|ImageField|UploadField|_file_field)\(")


def _forms_with_file_fields() -> set[str]:
    """'<app>.<Form>' of every form class in the apps' source (tests, migrations, admin aside) with a file field."""
    found = set()
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if {"tests", "migrations"} & set(path.relative_to(ROOT).parts) or path.name == "admin.py":
                continue
            source = path.read_text()
            for node in ast.walk(ast.parse(source)):
                if (
                    isinstance(node, ast.ClassDef)
                    and any("Form" in ast.unparse(base) for base in node.bases)
                    and FILE_FIELD.search(ast.get_source_segment(source, node))
                ):
                    found.add(f"{app}.{node.name}")
    return found


def test_every_upload_screen_is_registered():
    listed = {(s.view, s.form) for s in SCREENS} | SPREADSHEET_IMPORTS | CONTENT_CHECKED
    assert sorted(_views_reading_files() - {view for view, _form in listed}) == []
    assert sorted(_forms_with_file_fields() - {form for _view, form in listed}) == []
    for view, _form in listed:  # every listed view exists
        assert next(name for name, _cb in _url_patterns() if name == view) == view


def test_the_completeness_check_sees_the_screens_it_must():
    assert {"campaigns:report_edit", "campaigns:create", "clusters:score_sheet", "awards:attachment_upload"} <= (
        _views_reading_files()
    )
    assert {"campaigns.CampaignForm", "clusters.ScoreSheetForm", "exemplars.FileForm", "awards.AttachmentForm"} <= (
        _forms_with_file_fields()
    )
    assert reverse("clusters:score_sheet", args=[1]) == "/cum-khoi/thanh-vien/1/cham-diem/"


@pytest.mark.django_db
def test_no_admin_page_takes_a_file_past_the_gate(world):
    request = RequestFactory().get("/admin/")
    request.user = world.user("admin")
    open_fields = set()
    for model_admin in admin.site._registry.values():
        forms = [model_admin.get_form(request)]
        forms += [inline.get_formset(request).form for inline in model_admin.get_inline_instances(request)]
        for form in forms:
            for name, field in form.base_fields.items():
                if isinstance(field, django_forms.FileField):
                    open_fields.add(f"{form._meta.model._meta.label}.{name}")
    assert sorted(open_fields) == []
