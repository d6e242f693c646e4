"""Staff dashboard figures of the current year, each linking to the list behind it (a constant 4 queries)."""

from collections import Counter

from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from awards.models import Award, AwardRecord, Dossier
from campaigns.models import ProgressReport
from reports.charts import render
from thiduakt.navigation import Card
from thiduakt.selectors import counts


def _url(name: str, **query) -> str:
    """The URL of another app's list, with filters; the reports screen while that list does not exist yet."""
    try:
        url = reverse(name)
    except NoReverseMatch:
        return reverse("reports:list")
    return f"{url}?{urlencode(query)}" if query else url


def awards_by_form(year: int) -> list[tuple[str, int]]:
    """(award name, number of award records) of ``year``, in catalogue order, forms with none left out."""

    # Counted by award from the index on (year, award) of the records in force alone (an index-only scan), then
    # named from the catalogue: a join counted the rows' ids and read every record of the year.
    counts = dict(
        AwardRecord.objects.filter(year=year, retired_by__isnull=True)
        .values_list("award_id")
        .annotate(n=Count("award_id"))
        .order_by()
    )
    rows = [(name, counts.get(pk, 0)) for pk, name in Award.objects.order_by("order", "name").values_list("pk", "name")]
    return [(name, n) for name, n in rows if n]


def awards_by_form_chart(year: int | None = None) -> dict:
    year = year or timezone.localdate().year
    return {"kind": "bar", "title": _("Lượt khen thưởng năm %(year)s") % {"year": year}, "items": awards_by_form(year)}


def figures_year(today=None) -> int:
    """The current year, or the latest year with awards while the current one has none yet (in January, or a
    province that has not yet recorded this year's decisions): a dashboard of zeros tells nobody anything."""

    year = (today or timezone.localdate()).year
    latest = AwardRecord.objects.in_force().filter(year__lte=year).order_by("-year").values_list("year", flat=True)
    return latest.first() or year


def _staff_figures(user) -> tuple[int, list, dict]:
    """The year shown, its awards by form and the dossiers by status: read once per request (the charts and the
    cards show the same figures), kept on the user object of the request."""
    figures = getattr(user, "_dashboard_figures", None)
    if figures is None:
        year = figures_year()
        states = Dossier.objects.exclude(status=Dossier.Status.DRAFT).values_list("status").annotate(n=Count("id"))
        figures = user._dashboard_figures = (year, awards_by_form(year), dict(states))
    return figures


def charts(user) -> list[dict]:
    """Staff dashboard charts, drawn as SVG with their figures beside them; each links to the list behind it."""
    if not user.is_department_staff:
        return []

    year, by_form, states = _staff_figures(user)
    by_state = [(label, states[value]) for value, label in Dossier.Status.choices if states.get(value)]
    return [
        {
            "title": _("Lượt khen thưởng năm %(year)s theo hình thức") % {"year": year},
            "svg": render({"kind": "bar", "title": "", "items": by_form}),
            "url": f"{reverse('reports:list')}?{urlencode({'loai': 'annual_statistics'})}",
            "empty": _("Chưa có khen thưởng nào."),
            "has_data": bool(by_form),
        },
        {
            "title": _("Hồ sơ đề nghị khen thưởng theo trạng thái"),
            "svg": render({"kind": "share", "title": "", "items": by_state}),
            "url": _url("awards:dossier_list"),
            "empty": _("Chưa có hồ sơ nào được gửi."),
            "has_data": bool(by_state),
        },
    ]


def cards(user) -> list[Card]:
    if not user.is_department_staff:
        return []

    today = timezone.localdate()
    year, by_form, states = _staff_figures(user)
    top = sorted(by_form, key=lambda item: -item[1])[:3]
    states = Counter(states)
    waiting = states[Dossier.Status.SUBMITTED] + states[Dossier.Status.RESUBMITTED]
    figures = counts(
        overdue=Dossier.objects.filter(
            status__in=[Dossier.Status.SUBMITTED, Dossier.Status.RESUBMITTED], due_on__lt=today
        ),
        late_reports=ProgressReport.objects.filter(is_late=True, due__due_on__year=today.year),
    )
    overdue, late_reports = figures["overdue"], figures["late_reports"]
    return [
        Card(
            _("Lượt khen thưởng năm %(year)s") % {"year": year},
            sum(n for _name, n in by_form),
            url=f"{reverse('reports:list')}?{urlencode({'loai': 'annual_statistics'})}",
            icon="award",
            note=" · ".join(f"{name}: {n}" for name, n in top),
        ),
        Card(
            _("Hồ sơ chờ thẩm định"),
            waiting,
            url=_url("awards:queue"),
            icon="folder2-open",
            note=_("Trả lại: %(returned)s · Đã thẩm định: %(appraised)s")
            % {"returned": states[Dossier.Status.RETURNED], "appraised": states[Dossier.Status.APPRAISED]},
        ),
        Card(
            _("Hồ sơ quá hạn thẩm định"),
            overdue,
            url=_url("awards:dossier_list", overdue="on"),
            icon="alarm",
        ),
        Card(
            _("Báo cáo phong trào gửi trễ năm %(year)s") % {"year": today.year},
            late_reports,
            url=_url("campaigns:list"),
            icon="flag",
        ),
    ]
