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

from thiduakt import services
from thiduakt.access import require, run_service
from thiduakt.celery import app as celery_app
from thiduakt.downloads import generated_content_type, private_file_response
from thiduakt.models import Notification
from thiduakt.navigation import dashboard_cards, dashboard_charts, inbox_for, menu_for
from thiduakt.selectors import jobs_visible_to


@login_required
def home(request):
    user = request.user
    return render(
        request,
        "thiduakt/dashboard.html",
        {
            "inbox": inbox_for(user),
            "cards": dashboard_cards(user),
            "charts": dashboard_charts(user),
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
