"""Writing a member's self-scores read from its score sheet (xlsx), all or nothing.

The file is analysed again here, under the member's lock (``clusters.score_import.analyse``), so that what is
written is what the rules allow now; the preview the user confirmed is named by its digest, and a file or a
sheet that changed since is refused rather than written differently.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.models import Membership, Score
from clusters.score_import import SCORE_COLUMNS, analyse, data_digest, load
from clusters.services.common import log, require_open
from thiduakt.models import User
from thiduakt.services import DomainError
from thiduakt.spreadsheets import SpreadsheetError, read_table


def score_sheet_read(*, membership: Membership, data: bytes, lines: list[dict] | None = None, saved=None):
    """(the analysis, the column lines) of an uploaded sheet for ``membership``; reads only (two queries).

    ``lines``: the columns as the user confirmed them, else proposed (``saved``: a saved mapping first).
    Raises ``DomainError`` when the file cannot be read as a spreadsheet or has no data row; a file whose
    columns are not all recognised is read, its analysis saying what is missing (the user picks the columns).
    """
    return _read(data, lines, saved, *load(membership))


def _read(data: bytes, lines, saved, criteria, scores):
    try:
        table = read_table(data, known_headers=SCORE_COLUMNS.known_headers)
    except SpreadsheetError as exc:
        raise DomainError(str(exc), field="file") from exc
    if not table.rows:
        raise DomainError(_("Tệp không có dòng dữ liệu nào dưới dòng tên cột."), field="file")
    if lines is None:
        lines = SCORE_COLUMNS.propose(table.headers, table.unnamed, saved)
    analysis = analyse(data_digest=data_digest(data), table=table, lines=lines, criteria=criteria, scores=scores)
    return analysis, lines


def require_scoring_open(membership: Membership) -> None:
    """The member's own points can change: its year's ranking unpublished, its sheet not submitted."""
    require_open(membership.cluster_year)
    if membership.submitted_at:
        raise DomainError(_("Đơn vị đã nộp bảng tự chấm; không thể sửa."))


@transaction.atomic
def score_sheet_import(
    *, membership: Membership, data: bytes, file_name: str, lines: list[dict], digest: str, by: User | None
) -> int:
    """Write the points (and explanations) the sheet changes, as the scoring form does; return how many.

    Refused (nothing written): the sheet submitted or the year published, any row in error, or a file, a
    choice of columns or a sheet that changed since the preview ``digest`` was shown. A file that changes
    nothing (the same file again, a second click) writes nothing and returns 0.
    Side effects: the scores created or changed, each with its history row (who, "Nhập điểm từ tệp …"),
    one event of the year.
    """
    membership = Membership.objects.select_for_update().select_related("cluster_year", "unit").get(pk=membership.pk)
    require_scoring_open(membership)
    criteria, scores = load(membership)
    analysis, lines = _read(data, lines, None, criteria, scores)
    if analysis.file_errors:
        raise DomainError(" ".join(analysis.file_errors))
    if analysis.error_count:
        raise DomainError(
            _("Tệp có %(n)s dòng lỗi; sửa tệp rồi tải lên lại. Chưa có gì được ghi.") % {"n": analysis.error_count}
        )
    if not analysis.changes:
        return 0
    if analysis.digest != digest:
        raise DomainError(
            _("Tệp, cách đọc cột hoặc bảng điểm đã thay đổi từ lúc xem trước; hãy xem lại bản xem trước rồi xác nhận.")
        )
    by_pk = {c.pk: c for c in criteria}
    now = timezone.now()
    created, updated = [], []
    for change in analysis.changes:
        criterion = by_pk[change["criterion"]]
        points = Decimal(change["points"])  # checked by the analysis, under the lock (``points_problem``)
        score = scores.get(criterion.pk)
        if score is None:
            score = Score(membership=membership, criterion=criterion, self_note=change["note"] or "")
            created.append(score)
        else:
            updated.append(score)
        score.self_points, score.updated_at = points, now
        if change["note"] is not None:
            score.self_note = change["note"]
    reason = _("Nhập điểm từ tệp %(f)s") % {"f": file_name}
    if created:
        created = Score.objects.bulk_create(created)
        Score.history.bulk_history_create(created, default_user=by, default_change_reason=reason)
    if updated:
        Score.objects.bulk_update(updated, ["self_points", "self_note", "updated_at"])
        Score.history.bulk_history_create(updated, update=True, default_user=by, default_change_reason=reason)
    count = len(created) + len(updated)
    log(
        membership.cluster_year,
        by,
        _("%(unit)s nhập điểm tự chấm từ tệp %(f)s: %(n)s tiêu chí")
        % {"unit": membership.unit, "f": file_name, "n": count},
    )
    return count
