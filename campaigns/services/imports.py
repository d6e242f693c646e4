"""Imports from spreadsheets: all or nothing; the rows were checked by ``campaigns.resources``.

An upload waits for its confirmation as a file in private storage, named by a random token
(``preview_store``). A file larger than ``IMPORT_INLINE_MAX_BYTES`` is read and checked by a
background job (``import_analyse``, kind ``campaigns.import_analyse``), which leaves its outcome
next to the file as JSON for the import screen to show as the same preview.
"""

import json
import os
import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from campaigns.models import Campaign, Participant
from campaigns.resources import parse_campaigns, parse_participants, parse_registrations
from campaigns.services.plan import campaign_create, participants_add
from campaigns.services.registrations import registration_save, registration_submit
from thiduakt.imports import MissingColumns
from thiduakt.models import User
from thiduakt.services import DomainError
from thiduakt.spreadsheets import SpreadsheetError

PARSERS = {"campaigns": parse_campaigns, "participants": parse_participants, "registrations": parse_registrations}
TOKEN = re.compile(r"^[0-9a-f]{32}$")  # what ``preview_store`` names an upload by
PREVIEW_KEPT_FOR = 24 * 3600  # seconds a previewed file waits for its confirmation
ANALYSIS_SHOWN_ROWS = 500  # rows of the preview (and errors) kept from a background analysis
ANALYSE_SECONDS = 300  # soft time limit of a background analysis (the hard one follows the settings' grace)


# ---------------------------------------------------------------------------
# Uploads waiting for their confirmation, and their analysis in the background
# ---------------------------------------------------------------------------


def preview_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "tmp" / "campaign-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def preview_store(data: bytes) -> str:
    """Keep an uploaded file until it is confirmed (its token); previews never confirmed are removed after a day."""
    folder = preview_dir()
    oldest = time.time() - PREVIEW_KEPT_FOR
    for stale in [*folder.glob("*.xlsx"), *folder.glob("*.done"), *folder.glob("*.json")]:
        if stale.stat().st_mtime < oldest:
            stale.unlink(missing_ok=True)
    token = uuid.uuid4().hex
    (folder / f"{token}.xlsx").write_bytes(data)
    return token


def inline_import(data: bytes) -> bool:
    """Whether an upload is small enough to be read and checked inside the request."""
    return len(data) <= settings.IMPORT_INLINE_MAX_BYTES


@dataclass
class Analysis:
    """What a background analysis found, in the shape of ``resources.Parsed`` that the import screen shows."""

    count: int = 0  # valid rows
    errors: list = field(default_factory=list)
    preview: list = field(default_factory=list)
    headers: list = field(default_factory=list)
    error_count: int = 0
    file_error: str = ""  # the file could not be read at all (SpreadsheetError)
    columns: list = field(default_factory=list)  # the field read from each column

    @property
    def rows(self) -> range:  # the screen counts rows as it does for ``Parsed``
        return range(self.count)

    @property
    def shown_all(self) -> bool:
        return self.error_count <= len(self.errors) and len(self.preview) >= self.count + self.error_count


def _display(value):
    """A cell as the preview shows it (the template would localise a date or a number the same way)."""
    if value is None or isinstance(value, str | int | bool):
        return value
    if isinstance(value, float | Decimal | date | datetime):
        return str(formats.localize(value))
    return str(value)


def analysis_path(token: str) -> Path:
    return preview_dir() / f"{token}.json"


def analysis_read(token: str) -> Analysis | None:
    """The stored outcome of the background analysis of this upload, or None while there is none."""
    if not TOKEN.match(token):
        return None
    try:
        return Analysis(**json.loads(analysis_path(token).read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None


def import_analyse(*, kind: str, token: str, campaign: Campaign | None = None, lines=None, saved=None) -> Analysis:
    """Read and check a stored upload as the import screen would; record the outcome next to it.

    A file with errors (or unreadable) is removed: there is nothing to confirm.
    Side effects: ``<token>.json`` in the previews folder (atomically); maybe the upload removed.
    Raises ``DomainError`` when the upload is no longer there (expired, or already imported).
    """
    upload = preview_dir() / f"{token}.xlsx"
    try:
        if not TOKEN.match(token):
            raise FileNotFoundError(token)
        data = upload.read_bytes()
    except FileNotFoundError:
        raise DomainError(_("Phiên nhập tệp đã hết hạn; hãy tải tệp lên lại.")) from None
    try:
        parsed = PARSERS[kind](data, *([campaign] if campaign is not None else []), lines=lines, saved=saved)
    except MissingColumns as exc:
        analysis = Analysis(file_error=str(exc), columns=exc.lines)
    except SpreadsheetError as exc:
        analysis = Analysis(file_error=str(exc))
    else:
        shown = ANALYSIS_SHOWN_ROWS
        analysis = Analysis(
            count=len(parsed.rows),
            errors=parsed.errors[:shown],
            error_count=len(parsed.errors),
            preview=[[n, [_display(v) for v in values], error] for n, values, error in parsed.preview[:shown]],
            headers=parsed.headers,
            columns=parsed.columns,
        )
    if analysis.file_error and not analysis.columns:
        upload.unlink(missing_ok=True)  # unreadable: nothing to read again with other columns
    path = analysis_path(token)
    tmp = path.with_suffix(f".{uuid.uuid4().hex}.tmp")
    tmp.write_text(json.dumps(analysis.__dict__, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)  # the screen reads a whole outcome or none
    return analysis


def _refuse_if_errors(parsed) -> None:
    if parsed.errors:
        raise DomainError(_("Tệp có %(n)s lỗi, chưa ghi dữ liệu nào.") % {"n": len(parsed.errors)})


@transaction.atomic
def campaigns_import(*, data: bytes, by: User, lines=None) -> int:
    """Create draft campaigns from an xlsx; nothing is written if any row is wrong.

    Side effects: Campaigns (drafts) and their events. Raises ``SpreadsheetError`` or ``DomainError``.
    """
    parsed = parse_campaigns(data, lines=lines)
    _refuse_if_errors(parsed)
    for values in parsed.rows:
        campaign_create(by=by, **values)
    return len(parsed.rows)


@transaction.atomic
def participants_import(*, campaign: Campaign, data: bytes, by: User, lines=None) -> int:
    """Add the units of an xlsx to the campaign; all or nothing. Side effects: Participants, an event."""
    parsed = parse_participants(data, campaign, lines=lines)
    _refuse_if_errors(parsed)
    added = 0
    for row in parsed.rows:
        added += participants_add(
            campaign=campaign,
            by=by,
            units=[row["unit"]],
            source=Participant.Source.IMPORT,
            role=row["role"],
            group=row["group"],
        )
    return added


@transaction.atomic
def registrations_import(*, campaign: Campaign, data: bytes, by: User, lines=None) -> int:
    """Registrations collected on paper, entered by staff: saved and submitted; all or nothing.

    Side effects: Registrations with their commitments (submitted, for staff to approve), events.
    """
    parsed = parse_registrations(data, campaign, lines=lines)
    _refuse_if_errors(parsed)
    for row in parsed.rows:
        registration = registration_save(
            campaign=campaign,
            unit=row["unit"],
            by=by,
            note=_("Nhập từ tệp Excel"),
            commitments=row["commitments"],
        )
        registration_submit(registration=registration, by=by)
    return len(parsed.rows)
