"""The digitally signed decision (ký số): staff upload the PDF the chair signed with a token, and it is kept
only when every check passes; optionally the server signs with a configured PKCS#12 key.

Checks (pyHanko, no network): the file is a PDF with at least one signature; each signature is intact (the
signed bytes unchanged) and cryptographically valid; each signer's certificate chains to a trust root of
``settings.SIGNATURE_TRUST_ROOTS``, is in force and not known revoked, and allows signing (non-repudiation);
the last signature covers the whole file (nothing appended after it); the signing time is not in the future;
and the text of the signed pages is the approved decision's (its kept PDF, or the decision rendered again),
whitespace aside. A file failing any check is refused with the reason in Vietnamese; nothing is stored.
"""

import asyncio
import concurrent.futures
import hashlib
import io
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.jobs import decision_pdf
from awards.models import Decision, DecisionSignature
from thiduakt.models import User
from thiduakt.services import DomainError
from thiduakt.uploads import AllowList, UploadError, check_upload
from thiduakt.workflow import record_event

SIGNED_PDF = AllowList(("pdf",))
SIGNED_STATUSES = (Decision.Status.SIGNED, Decision.Status.CORRECTED, Decision.Status.REVOKED)
# A signing clock a little ahead of ours is not "in the future".
CLOCK_SKEW = timedelta(minutes=10)


def off_the_loop(function, /, *args, **kwargs):
    """Call ``function``, which runs pyHanko's event loop (``asyncio.run``), in a thread of its own when this
    thread already runs a loop (an async server, a browser-test driver): ``asyncio.run`` refuses to nest."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


@dataclass(frozen=True)
class Verified:
    """What the verification found in a signed PDF (the first signature: the chair's)."""

    subject: str
    serial: str
    issuer: str
    signing_time: datetime | None
    signature_count: int


def normalised_text(pdf: bytes) -> str:
    """The text of every page (pypdf), NFC, whitespace collapsed: two renditions of one text compare equal."""
    from pypdf import PdfReader  # noqa: PLC0415 -- pypdf loads only when a signed file is checked

    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def approved_pdf(decision: Decision) -> bytes:
    """The approved decision as the product rendered it: its kept PDF, else rendered now."""
    if decision.pdf_file:
        try:
            with decision.pdf_file.storage.open(decision.pdf_file.name, "rb") as handle:
                return handle.read()
        except FileNotFoundError:
            pass
    return decision_pdf(decision)  # the decision job's own path (a long annex in parts)


def _trust_roots() -> list:
    from pyhanko.keys import load_certs_from_pemder  # noqa: PLC0415 -- pyHanko loads only to verify or sign

    paths = [p for p in settings.SIGNATURE_TRUST_ROOTS if str(p).strip()]
    if not paths:
        raise DomainError(
            _("Chưa cấu hình chứng thư gốc tin cậy (SIGNATURE_TRUST_ROOTS): chưa thể xác minh chữ ký số.")
        )
    roots = []
    for path in paths:
        try:
            roots.extend(load_certs_from_pemder([str(Path(path))]))
        except (OSError, ValueError) as exc:
            raise DomainError(
                _("Không đọc được chứng thư gốc tin cậy %(p)s (SIGNATURE_TRUST_ROOTS).") % {"p": Path(path).name}
            ) from exc
    return roots


def _rfc4514(cert, which: str) -> str:
    from cryptography import x509  # noqa: PLC0415 -- as in _trust_roots

    try:
        loaded = x509.load_der_x509_certificate(cert.dump())
        return getattr(loaded, which).rfc4514_string()
    except Exception:  # an unusual encoding: asn1crypto's readable form is enough to record
        return getattr(cert, which).human_friendly


def _common_name(cert) -> str:
    return cert.subject.native.get("common_name") or cert.subject.human_friendly


def verify_signed_pdf(data: bytes, *, name: str, expected_text: str) -> Verified:
    """Check a signed PDF (see the module's docstring); return what it says or raise ``DomainError``."""
    from pyhanko.pdf_utils.misc import PdfReadError  # noqa: PLC0415 -- as in _trust_roots
    from pyhanko.pdf_utils.reader import PdfFileReader  # noqa: PLC0415 -- as above
    from pyhanko.sign.validation import async_validate_pdf_signature  # noqa: PLC0415 -- as above
    from pyhanko.sign.validation.status import SignatureCoverageLevel  # noqa: PLC0415 -- as above
    from pyhanko_certvalidator import ValidationContext  # noqa: PLC0415 -- as above

    roots = _trust_roots()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise DomainError(_("Tệp “%(name)s” không đọc được như một tệp PDF.") % {"name": name}) from exc
    if not signatures:
        raise DomainError(_("Tệp “%(name)s” không có chữ ký số.") % {"name": name})

    # In the order they were applied: the first is the chair's, the last must cover the whole file.
    signatures.sort(key=lambda signature: signature.signed_revision)

    async def validate_all():
        results = []
        for signature in signatures:
            context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
            results.append(await async_validate_pdf_signature(signature, signer_validation_context=context))
        return results

    try:
        statuses = off_the_loop(asyncio.run, validate_all())
    except Exception as exc:  # a malformed signature dictionary or CMS blob: the file is not a valid signed PDF
        raise DomainError(_("Chữ ký số trong tệp “%(name)s” bị hỏng, không kiểm tra được.") % {"name": name}) from exc
    for status in statuses:
        who = _common_name(status.signing_cert)
        if not status.intact:
            raise DomainError(
                _("Tệp “%(name)s”: nội dung đã bị thay đổi sau khi %(who)s ký (chữ ký không còn khớp).")
                % {"name": name, "who": who}
            )
        if not status.valid:
            raise DomainError(_("Tệp “%(name)s”: chữ ký số của %(who)s không hợp lệ.") % {"name": name, "who": who})
        if status.revoked:
            raise DomainError(_("Tệp “%(name)s”: chứng thư số của %(who)s đã bị thu hồi.") % {"name": name, "who": who})
        if not status.trusted:
            raise DomainError(
                _(
                    "Tệp “%(name)s”: chứng thư số của %(who)s (cấp bởi %(issuer)s) không thuộc tổ chức chứng thực "
                    "được tin cậy hoặc đã hết hiệu lực."
                )
                % {"name": name, "who": who, "issuer": _rfc4514(status.signing_cert, "issuer")}
            )
        if status is statuses[-1] and status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
            raise DomainError(
                _("Tệp “%(name)s” đã bị sửa đổi sau khi ký: chữ ký số không bao trùm toàn bộ tệp.") % {"name": name}
            )
        if not status.bottom_line and status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
            raise DomainError(
                _("Tệp “%(name)s” đã bị sửa đổi sau khi %(who)s ký, ngoài việc thêm chữ ký khác.")
                % {"name": name, "who": who}
            )
        if not status.bottom_line:
            raise DomainError(
                _("Tệp “%(name)s”: chữ ký số của %(who)s không đạt yêu cầu (mục đích sử dụng khóa, chính sách ký).")
                % {"name": name, "who": who}
            )
    first = statuses[0]
    signing_time = first.signer_reported_dt
    if first.timestamp_validity is not None:
        signing_time = first.timestamp_validity.timestamp
    if signing_time is not None and signing_time > timezone.now() + CLOCK_SKEW:
        raise DomainError(
            _("Tệp “%(name)s”: thời điểm ký %(t)s ở tương lai.")
            % {"name": name, "t": timezone.localtime(signing_time).strftime("%d/%m/%Y %H:%M")}
        )
    signed_text = normalised_text(data)
    if signed_text != expected_text:
        raise DomainError(_difference(name, expected_text, signed_text))
    cert = first.signing_cert
    return Verified(
        subject=_rfc4514(cert, "subject")[:500],
        serial=format(cert.serial_number, "X")[:100],
        issuer=_rfc4514(cert, "issuer")[:500],
        signing_time=signing_time,
        signature_count=len(statuses),
    )


def _difference(name: str, expected: str, signed: str) -> str:
    """The refusal for a signed text that is not the approved one, quoting where they part."""
    at = next(
        (i for i, (a, b) in enumerate(zip(expected, signed, strict=False)) if a != b), min(len(expected), len(signed))
    )
    start = max(at - 30, 0)
    return _(
        "Tệp “%(name)s”: nội dung văn bản đã ký khác với quyết định đã duyệt, từ “…%(signed)s…” "
        "(quyết định đã duyệt: “…%(expected)s…”)."
    ) % {"name": name, "signed": signed[start : at + 40], "expected": expected[start : at + 40]}


def decision_signed_pdf_upload(*, decision: Decision, upload, by: User | None) -> DecisionSignature:
    """Keep the PDF of ``decision`` as the chair signed it, once it passes every check.

    Refused: a decision not yet signed (no number), a file the upload gate refuses, any failed check of
    ``verify_signed_pdf`` (reported first: the reason is about the file), and a decision that already has its
    signed file (kept once, never replaced). Side effects: the file in private storage, one
    DecisionSignature (the signer certificate's subject, serial and issuer, the signing time), one event.
    """
    if decision.status not in SIGNED_STATUSES:
        raise DomainError(_("Chỉ nhận bản ký số của quyết định đã ghi nhận ký ban hành (đã có số)."), field="file")
    try:
        checked = check_upload(upload, allow=SIGNED_PDF)
    except UploadError as exc:
        raise DomainError(str(exc), field="file") from exc
    try:
        verified = verify_signed_pdf(
            checked.data, name=checked.name, expected_text=normalised_text(approved_pdf(decision))
        )
    except DomainError as exc:
        raise DomainError(str(exc), field="file") from exc
    if DecisionSignature.objects.filter(decision=decision).exists():
        raise DomainError(_already(decision), field="file")
    return _store(decision=decision, data=checked.data, verified=verified, by=by, server=False)


def _already(decision: Decision) -> str:
    return _("Quyết định số %(n)s đã có bản ký số; không thay được.") % {"n": decision.number_display}


def _store(*, decision: Decision, data: bytes, verified: Verified, by: User | None, server: bool) -> DecisionSignature:
    slug = decision.number_display.replace("/", "-")
    field = DecisionSignature._meta.get_field("file")
    holder = DecisionSignature(decision=decision)
    name = default_storage.save(field.generate_filename(holder, f"QD-{slug}-ky-so.pdf"), ContentFile(data))
    try:
        with transaction.atomic():
            locked = Decision.objects.select_for_update().get(pk=decision.pk)
            if DecisionSignature.objects.filter(decision=locked).exists():
                raise DomainError(_already(locked), field="file")
            signature = DecisionSignature(
                decision=locked,
                file=name,
                sha256=hashlib.sha256(data).hexdigest(),
                signer_subject=verified.subject,
                signer_serial=verified.serial,
                signer_issuer=verified.issuer,
                signing_time=verified.signing_time,
                signature_count=verified.signature_count,
                signed_by_server=server,
                recorded_by=by,
            )
            signature._change_reason = "signed PDF verified"
            signature.save()
            when = (
                timezone.localtime(verified.signing_time).strftime("%d/%m/%Y %H:%M") if verified.signing_time else "—"
            )
            record_event(
                locked,
                by=by,
                action=(
                    _("Ký số trên máy chủ: %(s)s, lúc %(t)s")
                    if server
                    else _("Nhận bản ký số đã xác minh: %(s)s, ký lúc %(t)s")
                )
                % {"s": verified.subject, "t": when},
            )
    except Exception:
        default_storage.delete(name)
        raise
    return signature


def server_signing_available() -> bool:
    return bool(settings.SIGNATURE_PKCS12_PATH)


def decision_sign_on_server(*, decision: Decision, by: User | None) -> DecisionSignature:
    """Sign the approved PDF of ``decision`` with the configured PKCS#12 key (units without tokens), then keep it
    after the same checks as an upload. Side effects: as ``decision_signed_pdf_upload``."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: PLC0415 -- as in _trust_roots
    from pyhanko.sign import signers  # noqa: PLC0415 -- as above

    if not server_signing_available():
        raise DomainError(_("Chưa cấu hình khóa ký số trên máy chủ (SIGNATURE_PKCS12_PATH)."))
    if decision.status not in SIGNED_STATUSES:
        raise DomainError(_("Chỉ ký số quyết định đã ghi nhận ký ban hành (đã có số)."))
    if DecisionSignature.objects.filter(decision=decision).exists():
        raise DomainError(_already(decision))
    password = settings.SIGNATURE_PKCS12_PASSWORD
    try:
        signer = signers.SimpleSigner.load_pkcs12(
            settings.SIGNATURE_PKCS12_PATH, passphrase=password.encode() if password else None
        )
    except (OSError, ValueError) as exc:
        raise DomainError(_("Không mở được khóa ký số trên máy chủ (SIGNATURE_PKCS12_PATH).")) from exc
    if signer is None:
        raise DomainError(_("Không mở được khóa ký số trên máy chủ (SIGNATURE_PKCS12_PATH)."))
    original = approved_pdf(decision)
    out = off_the_loop(
        signers.sign_pdf,
        IncrementalPdfFileWriter(io.BytesIO(original), strict=False),
        signers.PdfSignatureMetadata(
            field_name="ChuKySo", reason=f"Ký ban hành Quyết định số {decision.number_display}"
        ),
        signer=signer,
    )
    data = out.getvalue()
    verified = verify_signed_pdf(
        data, name=f"QD-{decision.number_display}.pdf", expected_text=normalised_text(original)
    )
    return _store(decision=decision, data=data, verified=verified, by=by, server=True)
