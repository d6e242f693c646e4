"""The evaluator of each ``Rule.Kind``: one function per kind, reading the records, returning a finding.

A finding is met (✓), not met (✗), not applicable (–) or awaiting an input staff have not given yet (?):
a missing rating document or a confirmation no record holds. ``awards.eligibility`` turns the findings
of a rule set into a verdict.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from awards.eligibility_batch import Batch
from awards.models import (
    DISCIPLINE_RANK,
    LEVEL_RANK,
    RATING_RANK,
    AchievementConfirmation,
    Award,
    AwardRecord,
    AwardType,
    DisciplineRecord,
    Dossier,
    Initiative,
    Nomination,
    PendingMatter,
    RecipientKind,
    Rule,
    TaskRating,
)

OK, FAIL, NA, ASK = "✓", "✗", "–", "?"

# Campaigns "do tỉnh phát động" (Luật TĐKT Điều 74): the launchers of campaigns.Campaign that are the province.
PROVINCE_LAUNCHERS = ["provincial_committee", "provincial_chair"]

# Bars and modifiers: passing them is not an achievement, so they never carry a verdict alone.
BAR_KINDS = {
    Rule.Kind.NO_DISCIPLINE,
    Rule.Kind.NO_PENDING_MATTER,
    Rule.Kind.QUOTA,
    Rule.Kind.EXCLUDE_AWARD_TYPES,
}


@dataclass
class Finding:
    label: str
    passed: bool | None  # None: not applicable, for information, or awaiting an input (``awaiting``)
    evidence: str
    group: int = 0
    kind: str = ""
    awaiting: bool = False  # not judged for want of an input staff must give ("chưa đủ căn cứ")
    suspends: bool = False  # a matter under way: the award waits ("tạm dừng xét")

    @property
    def mark(self) -> str:
        if self.passed is None and self.awaiting:
            return ASK
        return {True: OK, False: FAIL, None: NA}[self.passed]

    @property
    def is_achievement(self) -> bool:
        return self.kind not in BAR_KINDS


class Context:
    """What the evaluators of one nomination share: the nomination, today, the award types not counted,
    and the batch its facts are read from (``Batch``)."""

    def __init__(self, nomination: Nomination, today: date, batch: "Batch | None" = None):
        self.nomination = nomination
        self.today = today
        self.batch = batch or Batch([nomination], today)
        self.excluded_types: set[str] = set()

    def award(self, code: str) -> Award | None:
        return self.batch.award(code)

    def confirmation(self, fact: str) -> AchievementConfirmation | None:
        """What staff confirmed for this nomination, read once for all its rules."""
        return self.batch.confirmations.get(self.nomination.pk, {}).get(fact)

    def records(self) -> list[AwardRecord]:
        """The nominee's award records in force, without the types this rule set does not count, by year then id."""
        return [r for r in self.batch.records_of(self.nomination) if r.award_type not in self.excluded_types]


def decision_of(record) -> str:
    return f" (QĐ {record.decision_number})" if record.decision_number else ""


def _label(rule: Rule) -> str:
    return rule.description or rule.get_kind_display()


def _no_award(rule: Rule, code) -> Finding:
    return Finding(
        _label(rule), False, _("Không có danh hiệu mã “%(code)s” trong danh mục.") % {"code": code}, rule.group
    )


def _period(first: int, last: int) -> str:
    return str(last) if first == last else f"{first}–{last}"


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# ---------------------------------------------------------------------------
# Titles held
# ---------------------------------------------------------------------------


def _consecutive_titles(rule: Rule, ctx: Context) -> Finding:
    """``award`` held in each of ``years`` years ending with the nomination year (or the year before).

    ``or_previous``: a run ending one year earlier also passes. ``after_last``: the run must start after
    the last title ``after_last`` held before the nomination year, which consumed the run before it.
    """
    nomination, params = ctx.nomination, rule.params
    needed = int(params.get("years", 1))
    end = nomination.year if params.get("include_current") else nomination.year - 1
    runs = [list(range(end - needed + 1, end + 1))]
    if params.get("or_previous"):
        runs.append([y - 1 for y in runs[0]])
    award = ctx.award(params.get("award", ""))
    if award is None:
        return _no_award(rule, params.get("award"))
    first = min(run[0] for run in runs)
    by_year: dict[int, AwardRecord] = {}
    records = ctx.records()
    for record in records:
        if record.award_id == award.pk and first <= record.year <= end:
            by_year.setdefault(record.year, record)
    last_title = None
    if params.get("after_last") and (after := ctx.award(params["after_last"])) is not None:
        earlier = [r for r in records if r.award_id == after.pk and r.year < nomination.year]
        last_title = earlier[-1] if earlier else None

    def complete(run):
        return all(y in by_year for y in run)

    def consumed(run):
        return last_title is not None and last_title.year >= run[0]

    def show(run):
        return ", ".join(f"{y} {OK}{decision_of(by_year[y])}" if y in by_year else f"{y} {FAIL}" for y in run)

    met = next((run for run in runs if complete(run) and not consumed(run)), None)
    if met is not None:
        verdict = _("đạt") if needed == 1 else _("đủ %(n)s năm liên tục") % {"n": needed}
        return Finding(_label(rule), True, f"{award.name}: {show(met)} — {verdict}", rule.group)
    verdict = _("chưa đạt") if needed == 1 else _("chưa đủ %(n)s năm liên tục") % {"n": needed}
    evidence = f"{award.name}: {' hoặc '.join(show(run) for run in runs)} — {verdict}"
    used = next((run for run in runs if complete(run) and consumed(run)), None)
    if used is not None:
        evidence += _(
            "; chuỗi %(run)s đã được tính cho danh hiệu %(title)s năm %(year)s%(decision)s, "
            "cần %(n)s lần liên tục mới sau năm %(year)s"
        ) % {
            "run": _period(used[0], used[-1]),
            "title": last_title.award.name,
            "year": last_title.year,
            "decision": decision_of(last_title),
            "n": needed,
        }
    return Finding(_label(rule), False, evidence, rule.group)


def _title_cycles(rule: Rule, ctx: Context) -> Finding:
    """``award`` held ``times`` times in a row, each a cycle of ``cycle_years`` years after the one before.

    "02 lần liên tục" Chiến sĩ thi đua cấp tỉnh (Luật TĐKT Điều 21): each provincial title closes its own
    chain of three Chiến sĩ thi đua cơ sở (Điều 22), so two titles in a row are exactly one cycle apart.
    A title inside the cycle would count the same achievements twice (Điều 5 khoản 2 điểm c): the data
    must be checked, and the pair does not pass.
    """
    nomination, params = ctx.nomination, rule.params
    times, cycle = int(params.get("times", 2)), int(params.get("cycle_years", 1))
    end = nomination.year if params.get("include_current", True) else nomination.year - 1
    needed = [end - i * cycle for i in reversed(range(times))]
    award = ctx.award(params.get("award", ""))
    if award is None:
        return _no_award(rule, params.get("award"))
    held = [r for r in ctx.records() if r.award_id == award.pk and r.year <= end]
    by_year: dict[int, AwardRecord] = {}
    for record in held:
        by_year.setdefault(record.year, record)
    inside = [y for y in by_year if needed[0] < y < end and y not in needed]
    missing = [y for y in needed if y not in by_year]
    passed = not missing and not inside
    parts = ", ".join(f"{y} {OK}{decision_of(by_year[y])}" if y in by_year else f"{y} {FAIL}" for y in needed)
    word = _("đủ") if passed else _("chưa đủ")
    evidence = _("%(award)s: %(parts)s — %(word)s %(n)s lần liên tục (mỗi lần cách nhau %(cycle)s năm)") % {
        "award": award.name,
        "parts": parts,
        "word": word,
        "n": times,
        "cycle": cycle,
    }
    if inside:
        evidence += _(
            "; có danh hiệu năm %(years)s, trong cùng chu kỳ với lần năm %(end)s: hai lần liền nhau phải cách nhau "
            "%(cycle)s năm (mỗi lần cần một chuỗi thành tích mới, không khen hai lần cho một thành tích) — "
            "kiểm tra lại dữ liệu"
        ) % {"years": ", ".join(map(str, inside)), "end": end, "cycle": cycle}
    elif missing:
        earlier = [y for y in by_year if y < needed[0]]
        if earlier:
            evidence += _("; lần năm %(y)s không liền với lần năm %(end)s (thiếu lần năm %(missing)s)") % {
                "y": earlier[-1],
                "end": end,
                "missing": ", ".join(map(str, missing)),
            }
    return Finding(_label(rule), passed, evidence, rule.group)


def _member_share(rule: Rule, ctx: Context) -> Finding:
    nomination, params = ctx.nomination, rule.params
    label = _label(rule)
    if nomination.nominee_kind != RecipientKind.COLLECTIVE:
        return Finding(label, None, _("Chỉ áp dụng cho tập thể."), rule.group)
    award = ctx.award(params.get("award", ""))
    if award is None:
        return _no_award(rule, params.get("award"))
    members = nomination.member_count or ctx.batch.unit_sizes.get(nomination.unit_id, 0)
    holders = len(
        {
            person_id
            for award_id, year, unit_id, award_type, person_id in ctx.batch.member_titles
            if (award_id, year, unit_id) == (award.pk, nomination.year, nomination.unit_id)
            and award_type not in ctx.excluded_types
        }
    )
    if "percent" in params:
        percent = holders * 100 / members if members else 0
        passed = members > 0 and percent >= float(params["percent"])
        evidence = _(
            "%(award)s năm %(year)s: %(have)s/%(members)s thành viên (%(pct)s%%) %(mark)s — cần ≥ %(need)s%%"
        ) % {
            "award": award.name,
            "year": nomination.year,
            "have": holders,
            "members": members,
            "pct": round(percent),
            "mark": OK if passed else FAIL,
            "need": params["percent"],
        }
    else:
        needed = int(params.get("count", 1))
        passed = holders >= needed
        evidence = _("%(award)s năm %(year)s: %(have)s thành viên %(mark)s — cần ít nhất %(need)s") % {
            "award": award.name,
            "year": nomination.year,
            "have": holders,
            "mark": OK if passed else FAIL,
            "need": needed,
        }
    return Finding(label, passed, evidence, rule.group)


# ---------------------------------------------------------------------------
# Evidence staff enter: initiatives, task ratings, confirmations
# ---------------------------------------------------------------------------


def _initiative(rule: Rule, ctx: Context) -> Finding:
    nomination, params = ctx.nomination, rule.params
    label = _label(rule)
    if nomination.nominee_kind != RecipientKind.INDIVIDUAL:
        return Finding(label, None, _("Không áp dụng cho tập thể, hộ gia đình."), rule.group)
    level = params.get("level", "unit")
    needed = int(params.get("count", 1))
    span = int(params.get("years", 1))
    first = nomination.year - span + 1
    levels = [lv for lv, rank in LEVEL_RANK.items() if rank >= LEVEL_RANK.get(level, 1)]
    found = [
        i
        for i in ctx.batch.initiatives
        if i.person_id == nomination.person_id and i.level in levels and first <= i.year <= nomination.year
    ]
    level_label = Initiative.Level(level).label.lower() if level in Initiative.Level.values else level
    listed = "; ".join(f"“{i.title}” ({i.year}, {i.get_level_display().lower()})" for i in found)
    passed = len(found) >= needed
    evidence = _("Sáng kiến từ %(level)s trở lên, %(period)s: %(have)s/%(need)s %(mark)s") % {
        "level": level_label,
        "period": _period(first, nomination.year),
        "have": len(found),
        "need": needed,
        "mark": OK if passed else FAIL,
    }
    if listed:
        evidence += f" — {listed}"
    return Finding(label, passed, evidence, rule.group)


def _task_rating(rule: Rule, ctx: Context) -> Finding:
    """A rating of at least ``rating`` in each of ``years`` years; ``or_award``: that title also counts for a year.

    A year without a rating on record is awaited, not failed: the rating comes from a document staff enter.
    """
    nomination, params = ctx.nomination, rule.params
    label = _label(rule)
    if nomination.nominee_kind == RecipientKind.HOUSEHOLD:
        return Finding(label, None, _("Không áp dụng cho hộ gia đình."), rule.group)
    minimum = params.get("rating", TaskRating.Rating.GOOD)
    span = int(params.get("years", 1))
    end = nomination.year if params.get("include_current", True) else nomination.year - 1
    years = list(range(end - span + 1, end + 1))
    if nomination.nominee_kind == RecipientKind.INDIVIDUAL:
        ratings = [r for r in ctx.batch.ratings if r.person_id == nomination.person_id]
    else:
        ratings = [r for r in ctx.batch.ratings if r.unit_id == nomination.unit_id]
    by_year = {r.year: r for r in ratings if r.year in years}
    titles: dict[int, AwardRecord] = {}
    alternative = ctx.award(params["or_award"]) if params.get("or_award") else None
    if alternative is not None:
        for record in ctx.records():
            if record.award_id == alternative.pk and record.year in years:
                titles.setdefault(record.year, record)
    parts, results = [], []
    for year in years:
        rating = by_year.get(year)
        if rating is not None and RATING_RANK[rating.rating] >= RATING_RANK[minimum]:
            results.append(True)
            parts.append(f"{year} {OK} {rating.get_rating_display().lower()} ({rating.basis})")
        elif year in titles:
            results.append(True)
            parts.append(f"{year} {OK} {alternative.name}{decision_of(titles[year])}")
        elif rating is not None:
            results.append(False)
            parts.append(f"{year} {FAIL} {rating.get_rating_display().lower()} ({rating.basis})")
        else:
            results.append(None)
            parts.append(f"{year} {ASK} " + _("chưa có văn bản xếp loại"))
    wanted = TaskRating.Rating(minimum).label
    head = _("Xếp loại từ “%(rating)s” trở lên") % {"rating": wanted}
    if alternative is not None:
        head += _(" hoặc đạt %(award)s") % {"award": alternative.name}
    evidence = f"{head}: {'; '.join(parts)}"
    if all(results):
        return Finding(label, True, evidence, rule.group)
    if False in results:
        return Finding(label, False, evidence, rule.group)
    evidence += _(" — chưa đủ căn cứ: nhập xếp loại kèm văn bản xếp loại, xác nhận")
    return Finding(label, None, evidence, rule.group, awaiting=True)


def _confirmed(rule: Rule, ctx: Context) -> Finding:
    """An achievement or condition no record holds, met once staff confirm it with its document.

    ``applies_if``: ``campaign`` (the dossier belongs to a campaign launched by one of ``launchers``,
    the province by default) or ``direct_worker`` (the person is a worker, farmer or labourer).
    """
    nomination, params = ctx.nomination, rule.params
    label = _label(rule)
    fact = params.get("fact", "")
    if fact not in AchievementConfirmation.Fact.values:
        return Finding(
            label, False, _("Loại xác nhận “%(fact)s” không có trong danh mục.") % {"fact": fact}, rule.group
        )
    dossier = nomination.dossier
    context = ""
    condition = params.get("applies_if", "")
    if condition == "campaign":
        campaign = ctx.batch.campaign(nomination)
        if campaign is None:
            return Finding(label, None, _("Hồ sơ không gắn với phong trào thi đua nào."), rule.group)
        if campaign.launcher not in params.get("launchers", PROVINCE_LAUNCHERS):
            return Finding(
                label,
                False,
                _("Phong trào “%(name)s” do %(launcher)s phát động, không phải phong trào do tỉnh phát động.")
                % {"name": campaign.name, "launcher": campaign.get_launcher_display()},
                rule.group,
            )
        context = _("Phong trào “%(name)s”: ") % {"name": campaign.name}
    elif condition == "direct_worker" and (
        nomination.nominee_kind != RecipientKind.INDIVIDUAL or not nomination.person.is_direct_worker
    ):
        return Finding(
            label, None, _("Không phải công nhân, nông dân, người lao động trực tiếp (theo hồ sơ cá nhân)."), rule.group
        )
    if fact == AchievementConfirmation.Fact.SUDDEN_ACHIEVEMENT and dossier.round_kind == Dossier.RoundKind.SUDDEN:
        context = _("Hồ sơ khen thưởng đột xuất: ")
    confirmation = ctx.confirmation(fact)
    if confirmation is None:
        return Finding(
            label,
            None,
            context + _("chưa có xác nhận kèm văn bản chứng nhận, xác nhận thành tích — chưa đủ căn cứ"),
            rule.group,
            awaiting=True,
        )
    evidence = context + _("đã xác nhận theo %(basis)s") % {"basis": confirmation.basis}
    if confirmation.confirmed_by is not None:
        who = confirmation.confirmed_by.full_name or confirmation.confirmed_by.get_username()
        evidence += f" ({who}, {confirmation.confirmed_at:%d/%m/%Y})"
    return Finding(label, True, evidence, rule.group)


def _all_of(rule: Rule, ctx: Context) -> Finding:
    """Every rule of ``params["rules"]`` (each a kind, its params and a description): one alternative of a group."""
    parts = []
    for spec in rule.params.get("rules", []):
        sub = Rule(kind=spec.get("kind", ""), params=spec.get("params", {}), description=spec.get("description", ""))
        evaluator = EVALUATORS.get(sub.kind)
        if evaluator is None:
            parts.append(Finding(str(sub), False, _("Loại điều kiện chưa được hỗ trợ.")))
        else:
            parts.append(evaluator(sub, ctx))
    evidence = "; ".join(f"{p.mark} {p.label}: {p.evidence}" for p in parts)
    if any(p.passed is False for p in parts):
        return Finding(_label(rule), False, evidence, rule.group)
    if parts and all(p.passed is True for p in parts):
        return Finding(_label(rule), True, evidence, rule.group)
    return Finding(_label(rule), None, evidence, rule.group, awaiting=any(p.awaiting for p in parts))


# ---------------------------------------------------------------------------
# Bars: discipline being served, matters pending, quotas
# ---------------------------------------------------------------------------


def _no_discipline(rule: Rule, ctx: Context) -> Finding:
    """No discipline at ``level`` or above being served during the achievement period (the ``years`` years
    ending with the nomination year); for a collective, none of its members.

    NĐ 98/2023 = NĐ 152/2025 Điều 4 khoản 4: achievements count only from the end of the execution period.
    Without ``served_until`` the period lasts ``default_months`` from ``effective_from`` [assume: 12]; with
    only the year of the decision, a discipline of the year before the period may or may not still run.
    """
    nomination, params = ctx.nomination, rule.params
    label = _label(rule)
    if nomination.nominee_kind == RecipientKind.HOUSEHOLD:
        return Finding(label, None, _("Không áp dụng cho hộ gia đình."), rule.group)
    level = params.get("level", "reprimand")
    months = int(params.get("default_months", 12))
    span = int(params.get("years", 1))
    start, end = date(nomination.year - span + 1, 1, 1), date(nomination.year, 12, 31)
    levels = [lv for lv, rank in DISCIPLINE_RANK.items() if rank >= DISCIPLINE_RANK.get(level, 1)]
    if nomination.nominee_kind == RecipientKind.INDIVIDUAL:
        disciplines = [d for d in ctx.batch.disciplines if d.person_id == nomination.person_id]
    else:
        disciplines = [d for d in ctx.batch.disciplines if d.person.unit_id == nomination.unit_id]
    period = _period(start.year, end.year)
    barred, unknown = [], []
    for d in (d for d in disciplines if d.level in levels and d.year <= end.year):
        what = f"{d.person.full_name}: {d.get_level_display().lower()}" + (
            f" (QĐ {d.decision_number})" if d.decision_number else ""
        )
        if d.effective_from is None and d.served_until is None:
            if d.year >= start.year:
                barred.append(_("%(what)s năm %(year)s (chưa ghi ngày thi hành)") % {"what": what, "year": d.year})
            elif _add_months(date(d.year, 12, 31), months) >= start:
                unknown.append(
                    _("%(what)s năm %(year)s chưa ghi ngày có hiệu lực, ngày chấp hành xong")
                    % {"what": what, "year": d.year}
                )
            continue
        effective = d.effective_from or date(d.year, 1, 1)
        served = d.served_until or _add_months(effective, months) - timedelta(days=1)
        if effective <= end and served >= start:
            note = "" if d.served_until else _(" (chưa ghi ngày chấp hành xong: tính %(m)s tháng)") % {"m": months}
            barred.append(
                _("%(what)s, thi hành từ %(from)s đến %(to)s%(note)s; thành tích chỉ được tính từ %(next)s")
                % {
                    "what": what,
                    "from": f"{effective:%d/%m/%Y}",
                    "to": f"{served:%d/%m/%Y}",
                    "note": note,
                    "next": f"{served + timedelta(days=1):%d/%m/%Y}",
                }
            )
    level_label = DisciplineRecord.Level(level).label.lower()
    if barred:
        return Finding(
            label,
            False,
            _("Có kỷ luật đang thi hành trong thời gian tính thành tích (%(period)s) %(mark)s — %(list)s")
            % {"period": period, "mark": FAIL, "list": "; ".join(barred)},
            rule.group,
        )
    if unknown:
        return Finding(
            label,
            None,
            _("Chưa đủ căn cứ %(mark)s — %(list)s: không biết đã chấp hành xong trước %(start)s chưa")
            % {"mark": ASK, "list": "; ".join(unknown), "start": f"{start:%d/%m/%Y}"},
            rule.group,
            awaiting=True,
        )
    return Finding(
        label,
        True,
        _(
            "Không có kỷ luật từ mức %(level)s trở lên đang thi hành "
            "trong thời gian tính thành tích (%(period)s) %(mark)s"
        )
        % {"level": level_label, "period": period, "mark": OK},
        rule.group,
    )


def _no_pending_matter(rule: Rule, ctx: Context) -> Finding:
    """No discipline review, investigation, inspection, complaint or press matter open today.

    NĐ 98/2023 = NĐ 152/2025 Điều 4 khoản 4: "chưa khen thưởng" while it runs; it resumes once closed with
    a conclusion of no wrongdoing. A conclusion of wrongdoing in the nomination year or later fails.
    """
    nomination = ctx.nomination
    label = _label(rule)
    if nomination.nominee_kind == RecipientKind.HOUSEHOLD:
        return Finding(label, None, _("Không áp dụng cho hộ gia đình."), rule.group)
    if nomination.nominee_kind == RecipientKind.INDIVIDUAL:
        matters = [m for m in ctx.batch.matters if m.person_id == nomination.person_id]
    else:
        matters = [m for m in ctx.batch.matters if m.unit_id == nomination.unit_id]
    today = f"{ctx.today:%d/%m/%Y}"
    running = [m for m in matters if m.is_open_on(ctx.today)]
    if running:
        listed = "; ".join(
            _("%(kind)s từ %(start)s (%(basis)s)")
            % {"kind": m.get_kind_display(), "start": f"{m.started_on:%d/%m/%Y}", "basis": m.basis}
            for m in running
        )
        return Finding(
            label,
            False,
            _(
                "Đang có việc chưa kết luận tại ngày %(today)s %(mark)s — %(list)s: "
                "chưa khen thưởng cho đến khi có kết luận"
            )
            % {"today": today, "mark": FAIL, "list": listed},
            rule.group,
            suspends=True,
        )
    faults = [m for m in matters if m.outcome == PendingMatter.Outcome.VIOLATION and m.ended_on.year >= nomination.year]
    if faults:
        listed = "; ".join(
            _("%(kind)s (%(basis)s) kết luận ngày %(end)s")
            % {"kind": m.get_kind_display(), "basis": m.basis, "end": f"{m.ended_on:%d/%m/%Y}"}
            for m in faults
        )
        return Finding(
            label, False, _("Có kết luận có sai phạm %(mark)s — %(list)s") % {"mark": FAIL, "list": listed}, rule.group
        )
    evidence = _(
        "Không có việc đang xem xét kỷ luật, điều tra, thanh tra, khiếu nại, tố cáo tại ngày %(today)s %(mark)s"
    ) % {
        "today": today,
        "mark": OK,
    }
    cleared = [m for m in matters if m.outcome == PendingMatter.Outcome.NO_VIOLATION]
    if cleared:
        evidence += _("; đã kết luận không có sai phạm: %(list)s") % {
            "list": "; ".join(f"{m.get_kind_display().lower()} ({m.ended_on:%d/%m/%Y})" for m in cleared)
        }
    return Finding(label, True, evidence, rule.group)


def _exclude_award_types(rule: Rule, ctx: Context) -> Finding:
    labels = ", ".join(AwardType(t).label.lower() for t in rule.params.get("types", []) if t in AwardType.values)
    return Finding(_label(rule), None, _("Không tính các khen thưởng loại: %(types)s") % {"types": labels}, rule.group)


def quota(rule: Rule, ctx: Context) -> Finding:
    nomination = ctx.nomination
    label = _label(rule)
    params = rule.params
    if params.get("scope", "unit") == "campaign":
        campaign_id = nomination.dossier.campaign_id
        if campaign_id is None:
            return Finding(label, None, _("Hồ sơ không thuộc phong trào thi đua nào."), rule.group)
        limit_units, limit_percent = params.get("max"), params.get("percent")
        if limit_units is None and limit_percent is None:
            plan = ctx.batch.plan_quotas.get((campaign_id, nomination.award_id, nomination.nominee_kind))
            if plan is None:
                return Finding(label, None, _("Phong trào không đặt chỉ tiêu cho hình thức này."), rule.group)
            limit_units, limit_percent = plan.max_per_unit, plan.max_percent
        in_campaign = {"dossier__campaign_id": campaign_id, "nominee_kind": nomination.nominee_kind}
        parts, passed = [], True
        if limit_units is not None:
            used = ctx.batch.proposal_count(nomination, dossier__unit_id=nomination.dossier.unit_id, **in_campaign)
            ok = used <= int(limit_units)
            passed &= ok
            parts.append(
                _("đơn vị đã đề nghị %(used)s/%(max)s %(mark)s")
                % {"used": used, "max": limit_units, "mark": OK if ok else FAIL}
            )
        if limit_percent is not None:
            participants = ctx.batch.participant_counts.get(campaign_id, 0)
            allowed = int(participants * float(limit_percent) / 100)
            used = ctx.batch.proposal_count(nomination, **in_campaign)
            ok = used <= allowed
            passed &= ok
            parts.append(
                _("toàn phong trào %(used)s/%(allowed)s (%(pct)s%% của %(n)s đơn vị tham gia) %(mark)s")
                % {
                    "used": used,
                    "allowed": allowed,
                    "pct": f"{float(limit_percent):g}",
                    "n": participants,
                    "mark": OK if ok else FAIL,
                }
            )
        return Finding(label, passed, _("Chỉ tiêu phong trào: %(parts)s") % {"parts": "; ".join(parts)}, rule.group)
    limit = int(params.get("max", 1))
    used = ctx.batch.proposal_count(nomination, dossier__unit_id=nomination.dossier.unit_id)
    passed = used <= limit
    return Finding(
        label,
        passed,
        _("Chỉ tiêu của đơn vị năm %(year)s: đã đề nghị %(used)s/%(max)s %(mark)s")
        % {"year": nomination.year, "used": used, "max": limit, "mark": OK if passed else FAIL},
        rule.group,
    )


EVALUATORS = {
    Rule.Kind.CONSECUTIVE_TITLES: _consecutive_titles,
    Rule.Kind.TITLE_CYCLES: _title_cycles,
    Rule.Kind.INITIATIVE: _initiative,
    Rule.Kind.MEMBER_SHARE: _member_share,
    Rule.Kind.TASK_RATING: _task_rating,
    Rule.Kind.CONFIRMED: _confirmed,
    Rule.Kind.ALL_OF: _all_of,
    Rule.Kind.NO_DISCIPLINE: _no_discipline,
    Rule.Kind.NO_PENDING_MATTER: _no_pending_matter,
    Rule.Kind.EXCLUDE_AWARD_TYPES: _exclude_award_types,
    Rule.Kind.QUOTA: quota,
}


def applies_to(rule_params: dict, nominee_kind: str) -> bool:
    """A rule with ``for`` (a list of recipient kinds) concerns only those nominees."""
    targets = rule_params.get("for")
    return not targets or nominee_kind in targets
