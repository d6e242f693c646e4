"""Screens of the evidence the eligibility check reads (Sở Nội vụ staff): "Căn cứ xét khen thưởng" of a person
or a collective (task ratings, initiatives, discipline, matters pending), their add / edit / cancel forms,
closing a matter, and confirming an achievement for one nomination from its appraisal screen."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Model, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards import forms, selectors, services
from awards.eligibility import evaluate, judging_day, rule_set_for
from awards.eligibility_kinds import applies_to
from awards.models import (
    AchievementConfirmation,
    DisciplineRecord,
    Dossier,
    Initiative,
    Nomination,
    PendingMatter,
    Rule,
    TaskRating,
)
from thiduakt.access import require, run_service
from thiduakt.kept_pages import kept_page
from thiduakt.models import OrgUnit, Person
from thiduakt.selectors import search_filter

PERM = "awards.manage_evidence"
SEARCH_LIMIT = 50
OPEN_MATTERS_LIMIT = 200
CANCELLED_LIMIT = 20


@dataclass(frozen=True)
class Kind:
    """One kind of evidence record: its model, form, services and where it shows on the subject's page."""

    slug: str
    model: type[Model]
    form: type[forms.EvidenceForm]
    label: Any
    section: str
    for_unit: bool
    create: Any
    update: Any
    cancel: Any
    param: str  # the record's keyword in the update and cancel services


KINDS = {
    kind.slug: kind
    for kind in [
        Kind(
            "xep-loai",
            TaskRating,
            forms.TaskRatingForm,
            gettext_lazy("Xếp loại hoàn thành nhiệm vụ"),
            "xep-loai",
            True,
            services.task_rating_create,
            services.task_rating_update,
            services.task_rating_cancel,
            "task_rating",
        ),
        Kind(
            "sang-kien",
            Initiative,
            forms.InitiativeForm,
            gettext_lazy("Sáng kiến"),
            "sang-kien",
            False,
            services.initiative_create,
            services.initiative_update,
            services.initiative_cancel,
            "initiative",
        ),
        Kind(
            "ky-luat",
            DisciplineRecord,
            forms.DisciplineForm,
            gettext_lazy("Kỷ luật"),
            "ky-luat",
            False,
            services.discipline_create,
            services.discipline_update,
            services.discipline_cancel,
            "discipline",
        ),
        Kind(
            "vu-viec",
            PendingMatter,
            forms.PendingMatterForm,
            gettext_lazy("Vụ việc đang xem xét (kỷ luật, điều tra, thanh tra, khiếu nại)"),
            "vu-viec",
            True,
            services.pending_matter_create,
            services.pending_matter_update,
            services.pending_matter_cancel,
            "pending_matter",
        ),
        Kind(
            "xac-nhan",
            AchievementConfirmation,
            forms.ConfirmationForm,
            gettext_lazy("Xác nhận thành tích của đề nghị"),
            "",
            False,
            services.confirmation_create,
            services.confirmation_update,
            services.confirmation_cancel,
            "confirmation",
        ),
    ]
}


def _kind_or_404(slug: str) -> Kind:
    if slug not in KINDS:
        raise Http404
    return KINDS[slug]


def _subject_url(record: Model, section: str = "") -> str:
    """The page a record belongs to: its person's or collective's evidence, or its nomination's appraisal."""
    if isinstance(record, AchievementConfirmation):
        nomination = record.nomination
        return reverse("awards:dossier_appraise", args=[nomination.dossier_id]) + f"#n{nomination.pk}"
    if record.person_id:
        url = reverse("awards:evidence_person", args=[record.person_id])
    else:
        url = reverse("awards:evidence_unit", args=[record.unit_id])
    return url + (f"#{section}" if section else "")


# ---------------------------------------------------------------------------
# The index and the pages of a person or a collective
# ---------------------------------------------------------------------------


@login_required
@kept_page  # a list read again and again between writes (thiduakt.kept_pages)
def evidence_index(request):
    """Find a person or a collective; the matters still open across the province."""
    require(request, PERM)
    form = forms.EvidenceSearchForm(request.GET or None)
    people, units = [], []
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    if query:
        people = list(Person.objects.filter(search_filter("search_text", query)).select_related("unit")[:SEARCH_LIMIT])
        units = list(OrgUnit.objects.filter(search_filter("search_text", query)).order_by("name")[:SEARCH_LIMIT])
    open_matters = list(
        PendingMatter.objects.filter(ended_on__isnull=True)
        .select_related("person__unit", "unit")
        .order_by("started_on", "id")[:OPEN_MATTERS_LIMIT]
    )
    return render(
        request,
        "awards/evidence/index.html",
        {
            "form": form,
            "query": query,
            "people": people,
            "units": units,
            "open_matters": open_matters,
            "search_limit": SEARCH_LIMIT,
        },
    )


def _cancelled(models_and_filter: list[tuple[type[Model], Q]]) -> list:
    """The records of this subject cancelled lately (their history's "-" rows: what, who, when, why)."""
    rows = []
    for model, condition in models_and_filter:
        for entry in (
            model.history.filter(condition, history_type="-")
            .select_related("history_user")
            .order_by("-history_date")[:CANCELLED_LIMIT]
        ):
            rows.append({"kind": model._meta.verbose_name, "entry": entry})
    rows.sort(key=lambda row: row["entry"].history_date, reverse=True)
    return rows[:CANCELLED_LIMIT]


def _awaiting_nominations(condition: Q):
    return (
        Nomination.objects.filter(condition, status=Nomination.Status.PROPOSED, dossier__status__in=Dossier.AWAITING)
        .select_related("award", "dossier__unit")
        .order_by("-year", "id")
    )


@login_required
def evidence_person(request, pk):
    require(request, PERM)
    person = get_object_or_404(Person.objects.select_related("unit"), pk=pk)
    context = {
        "subject": person,
        "subject_name": person.full_name,
        "is_person": True,
        "kinds": KINDS,
        "ratings": list(person.task_ratings.select_related("confirmed_by")),
        "initiatives": list(person.initiatives.all()),
        "disciplines": list(person.disciplines.all()),
        "matters": list(person.pending_matters.select_related("recorded_by")),
        "cancelled": _cancelled(
            [(m, Q(person_id=person.pk)) for m in (TaskRating, Initiative, DisciplineRecord, PendingMatter)]
        ),
        "nominations": list(_awaiting_nominations(Q(person=person))),
    }
    return render(request, "awards/evidence/subject.html", context)


@login_required
def evidence_unit(request, pk):
    require(request, PERM)
    unit = get_object_or_404(OrgUnit, pk=pk)
    context = {
        "subject": unit,
        "subject_name": unit.name,
        "is_person": False,
        "kinds": KINDS,
        "ratings": list(unit.task_ratings.select_related("confirmed_by")),
        "matters": list(unit.pending_matters.select_related("recorded_by")),
        # A collective's "no discipline" condition reads its members' (eligibility_kinds._no_discipline).
        "member_disciplines": list(DisciplineRecord.objects.filter(person__unit=unit).select_related("person")),
        "cancelled": _cancelled([(m, Q(unit_id=unit.pk)) for m in (TaskRating, PendingMatter)]),
        "nominations": list(_awaiting_nominations(Q(unit=unit))),
    }
    return render(request, "awards/evidence/subject.html", context)


# ---------------------------------------------------------------------------
# Add, edit, cancel a record; close a matter
# ---------------------------------------------------------------------------


def _add(request, kind: Kind, *, subject_name: str, back: str, recipient: dict):
    form = kind.form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _record = run_service(
            request,
            kind.create,
            success=_("Đã ghi %(what)s.") % {"what": str(kind.model._meta.verbose_name)},
            form=form,
            by=request.user,
            **recipient,
            **form.changes(),
        )
        if ok:
            return redirect(f"{back}#{kind.section}")
    return render(
        request,
        "awards/evidence/form.html",
        {
            "form": form,
            "title": _("Thêm: %(kind)s") % {"kind": kind.label},
            "subject_name": subject_name,
            "back": back,
            "submit": _("Ghi"),
        },
    )


@login_required
def evidence_person_add(request, pk, kind):
    require(request, PERM)
    kind = _kind_or_404(kind)
    if not kind.section:
        raise Http404
    person = get_object_or_404(Person, pk=pk)
    back = reverse("awards:evidence_person", args=[person.pk])
    return _add(request, kind, subject_name=person.full_name, back=back, recipient={"person": person})


@login_required
def evidence_unit_add(request, pk, kind):
    require(request, PERM)
    kind = _kind_or_404(kind)
    if not kind.for_unit:
        raise Http404
    unit = get_object_or_404(OrgUnit, pk=pk)
    back = reverse("awards:evidence_unit", args=[unit.pk])
    return _add(request, kind, subject_name=unit.name, back=back, recipient={"unit": unit})


def _record_or_404(kind: Kind, pk: int) -> Model:
    records = kind.model._default_manager.all()
    if kind.model is AchievementConfirmation:
        records = records.select_related("nomination__dossier")
    else:
        records = records.select_related("person", "unit") if kind.for_unit else records.select_related("person")
    return get_object_or_404(records, pk=pk)


def _subject_name(record: Model) -> str:
    if isinstance(record, AchievementConfirmation):
        return record.nomination.nominee_name
    return record.person.full_name if record.person_id else record.unit.name


@login_required
def evidence_edit(request, kind, pk):
    require(request, PERM)
    kind = _kind_or_404(kind)
    record = _record_or_404(kind, pk)
    back = _subject_url(record, kind.section)
    form_kwargs = {"asked": _asked_facts(record.nomination)} if kind.model is AchievementConfirmation else {}
    form = kind.form(request.POST or None, instance=record, editing=True, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        ok, _record = run_service(
            request,
            kind.update,
            success=_("Đã sửa %(what)s; lý do được ghi vào lịch sử thay đổi.")
            % {"what": str(kind.model._meta.verbose_name)},
            form=form,
            by=request.user,
            reason=form.cleaned_data["reason"],
            **{kind.param: record},
            **form.changes(),
        )
        if ok:
            return redirect(back)
    return render(
        request,
        "awards/evidence/form.html",
        {
            "form": form,
            "title": _("Sửa: %(kind)s") % {"kind": kind.label},
            "subject_name": _subject_name(record),
            "back": back,
            "submit": _("Lưu"),
        },
    )


@login_required
def evidence_cancel(request, kind, pk):
    require(request, PERM)
    kind = _kind_or_404(kind)
    record = _record_or_404(kind, pk)
    back = _subject_url(record, kind.section)
    form = forms.EvidenceCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _done = run_service(
            request,
            kind.cancel,
            success=_("Đã hủy %(what)s; lý do được ghi vào lịch sử thay đổi.")
            % {"what": str(kind.model._meta.verbose_name)},
            form=form,
            by=request.user,
            reason=form.cleaned_data["reason"],
            **{kind.param: record},
        )
        if ok:
            return redirect(back)
    return render(
        request,
        "awards/evidence/cancel.html",
        {"form": form, "kind": kind, "record": record, "subject_name": _subject_name(record), "back": back},
    )


@login_required
def matter_close(request, pk):
    require(request, PERM)
    matter = get_object_or_404(PendingMatter.objects.select_related("person", "unit"), pk=pk)
    back = _subject_url(matter, "vu-viec")
    form = forms.PendingMatterCloseForm(request.POST or None, matter=matter)
    if request.method == "POST" and form.is_valid():
        ok, _closed = run_service(
            request,
            services.pending_matter_close,
            success=_("Đã ghi kết luận của vụ việc."),
            form=form,
            pending_matter=matter,
            by=request.user,
            **form.cleaned_data,
        )
        if ok:
            return redirect(back)
    return render(
        request,
        "awards/evidence/form.html",
        {
            "form": form,
            "title": _("Kết thúc vụ việc: %(matter)s") % {"matter": matter},
            "subject_name": _subject_name(matter),
            "back": back,
            "submit": _("Ghi kết luận"),
        },
    )


# ---------------------------------------------------------------------------
# Confirming an achievement for one nomination (from its appraisal screen)
# ---------------------------------------------------------------------------


def _asked_facts(nomination: Nomination) -> tuple[str, ...]:
    """The facts the rule set judging this nomination asks staff to confirm (``confirmed`` rules, also inside
    ``all_of``)."""
    rule_set = rule_set_for(nomination.award, judging_day(nomination))
    if rule_set is None:
        return ()
    facts = []
    for rule in rule_set.rules.all():
        if not applies_to(rule.params, nomination.nominee_kind):
            continue
        specs = rule.params.get("rules", []) if rule.kind == Rule.Kind.ALL_OF else [rule.params | {"kind": rule.kind}]
        for spec in specs:
            params = spec.get("params", spec)
            if spec.get("kind") == Rule.Kind.CONFIRMED and params.get("fact") not in facts:
                facts.append(params.get("fact"))
    return tuple(facts)


@login_required
def confirmation_add(request, pk):
    require(request, PERM)
    nomination = get_object_or_404(selectors.nominations_visible_to(request.user), pk=pk)
    back = reverse("awards:dossier_appraise", args=[nomination.dossier_id]) + f"#n{nomination.pk}"
    form = forms.ConfirmationForm(request.POST or None, asked=_asked_facts(nomination))
    if request.method == "POST" and form.is_valid():
        ok, _record = run_service(
            request,
            services.confirmation_create,
            success=_("Đã xác nhận căn cứ cho %(name)s; kết quả kiểm tra điều kiện đã được tính lại.")
            % {"name": nomination.nominee_name},
            form=form,
            nomination=nomination,
            by=request.user,
            **form.changes(),
        )
        if ok:
            return redirect(back)
    return render(
        request,
        "awards/evidence/confirmation.html",
        {
            "form": form,
            "nomination": nomination,
            "dossier": nomination.dossier,
            "confirmations": list(nomination.confirmations.select_related("confirmed_by")),
            "eligibility": evaluate(nomination),
            "back": back,
        },
    )
