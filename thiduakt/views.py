"""Screens of the foundation: dashboard, background jobs, notifications, health."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from thiduakt import pickers, services, write_cache
from thiduakt.access import require, run_service
from thiduakt.celery import app as celery_app
from thiduakt.downloads import generated_content_type, private_file_response
from thiduakt.models import Notification, OrgUnit
from thiduakt.navigation import dashboard_cards, dashboard_charts, dashboard_live_cards, inbox_for, menu_for
from thiduakt.selectors import jobs_visible_to, unit_descendant_ids
from thiduakt.text import SEARCH_LENGTH


@login_required
def home(request):
    user = request.user

    def build():
        return {"inbox": inbox_for(user), "cards": dashboard_cards(user), "charts": dashboard_charts(user)}

    figures = write_cache.figures(user, build)
    # Read after the figures, so that what they were read from never includes the notifications and jobs: a new
    # notification or a job's progress makes only these two cards stale, not the whole page.
    live = write_cache.until_write(f"home-live:{user.pk}", lambda: dashboard_live_cards(user), alone=True)
    return render(
        request,
        "thiduakt/dashboard.html",
        {
            **figures,
            "cards": [*figures["cards"], *live],
            "shortcuts": menu_for(user),
            "role_labels": user.role_labels,
        },
    )


@never_cache
@require_GET
def healthz(request):
    """200 with the status of the database and the broker; 503 when the database is down."""
    status = {"database": "ok", "broker": "ok"}
    code = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        status["database"] = "unavailable"
        code = 503
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        # Jobs wait in the database until the broker is back: degraded, not down.
        status["broker"] = "unavailable"
    return JsonResponse(status, status=code)


def _job_or_404(request, public_id):
    return get_object_or_404(jobs_visible_to(request.user), public_id=public_id)


@login_required
def job_list(request):
    page = Paginator(jobs_visible_to(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "thiduakt/job_list.html", {"page": page})


@login_required
def job_detail(request, public_id):
    job = _job_or_404(request, public_id)
    template = "thiduakt/job_detail.html#progress" if request.htmx else "thiduakt/job_detail.html"
    return render(request, template, {"job": job})


@login_required
def job_download(request, public_id):
    job = _job_or_404(request, public_id)
    if job.status != job.Status.DONE or not job.result_file:
        raise Http404
    return private_file_response(
        job.result_file, filename=job.result_name, content_type=generated_content_type(job.result_name)
    )


@login_required
@require_POST
def job_retry(request, public_id):
    job = _job_or_404(request, public_id)
    require(request, "thiduakt.retry_job", job)
    run_service(
        request, services.job_retry, success=_("Đã đưa công việc vào hàng đợi để chạy lại."), job=job, by=request.user
    )
    return redirect("job_detail", public_id=job.public_id)


@login_required
@require_POST
def units_export(request):
    require(request, "thiduakt.export_units")
    job = services.job_create(kind="thiduakt.units_export", requested_by=request.user)
    messages.info(request, _("Đã nhận yêu cầu; tệp đang được tạo trong nền."))
    return redirect("job_detail", public_id=job.public_id)


@login_required
def notification_list(request):
    page = Paginator(Notification.objects.filter(recipient=request.user).order_by("-created_at", "-id"), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "thiduakt/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_mark_read(request):
    services.notification_mark_read(user=request.user)
    return redirect("notification_list")


# ---------------------------------------------------------------------------
# Pickers (static/js/pickers.js): search as you type, add a person inline
# ---------------------------------------------------------------------------


def _picker_answer(request, search) -> JsonResponse:
    query = request.GET.get("q", "")[:SEARCH_LENGTH]
    results, more = search(request.user, query, request.GET)
    return JsonResponse({"results": results, "more": more})


@never_cache
@login_required
@require_GET
def picker_units(request):
    """Units matching ``q``: ``{"results": [{"id", "label", "note", "closed"}], "more"}``."""
    return _picker_answer(request, pickers.search_units)


@never_cache
@login_required
@require_GET
def picker_people(request):
    """People matching ``q`` among those the user may pick (their unit's, for an officer)."""
    require(request, "thiduakt.search_people")
    return _picker_answer(request, pickers.search_people)


def _quick_add_units(request):
    """Units a new person may belong to: any unit in force for staff, the officer's subtree otherwise."""
    units = OrgUnit.objects.filter(valid_to__isnull=True)
    user = request.user
    if user.is_superuser or user.is_department_staff:
        return units
    return units.filter(pk__in=unit_descendant_ids(user.unit_id))


@never_cache
@login_required
def picker_person_add(request):
    """ "Thêm người mới" from a person picker: the form (GET), then either the likely duplicates to choose
    from or to confirm past, the form again with its errors, or ``{"id", "label"}`` of the person added."""
    require(request, "thiduakt.register_person")
    units = _quick_add_units(request)
    within = request.GET.get("within") or None
    if within and not units.filter(pk=pickers._positive_int(within) or 0).exists():
        within = None  # a unit outside what the user may add to narrows nothing
    initial = {"unit": within or request.user.unit_id, "full_name": request.GET.get("name", "")[:150]}
    # Prefixed: the dialog opens over a form that may have fields of the same names (an exemplar's "unit").
    form = pickers.PersonQuickForm(
        request.POST or None, prefix="new_person", units=units, within=within, initial=initial
    )
    context = {"form": form, "duplicates": [], "action": request.get_full_path()}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates = pickers.likely_duplicates(
            full_name=data["full_name"],
            birth_year=data["birth_year"],
            unit=data["unit"],
            among=pickers.people_ceiling(request.user),
        )
        if duplicates and not form.confirmed():
            form.data = form.data.copy()
            form.data[form.add_prefix("confirm")] = form.key()
            context["duplicates"] = [pickers.person_choice(p) for p in duplicates]
        else:
            try:
                person, created = services.person_create(
                    full_name=data["full_name"],
                    gender=data["gender"],
                    birth_year=data["birth_year"],
                    position=data["position"],
                    unit=data["unit"],
                    by=request.user,
                    reason=_("Thêm vào danh bạ khi chọn cá nhân"),
                )
            except services.DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                person.unit = data["unit"]
                return JsonResponse(pickers.person_choice(person), status=201 if created else 200)
    return render(request, "thiduakt/person_quick_add.html", context)
