"""Screens of the forwarding to central level (staff): forward nominees, record the central results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards import selectors, services
from awards.forms import CentralForwardForm, CentralResultForm
from awards.models import CentralItem, CentralSubmission
from thiduakt.access import require, run_service

PAGE_SIZE = 30


@login_required
def central_list(request):
    require(request, "awards.manage_decisions")
    form = CentralForwardForm(request.POST or None)
    forwardable = list(selectors.forwardable_nominations())
    if request.method == "POST" and form.is_valid():
        ids = {int(i) for i in request.POST.getlist("nominations") if i.isdigit()}
        chosen = [n for n in forwardable if n.pk in ids]
        ok, _submission = run_service(
            request,
            services.central_forward,
            success=_("Đã ghi nhận trình Trung ương %(n)s đối tượng.") % {"n": len(chosen)},
            form=form,
            nominations=chosen,
            by=request.user,
            **form.cleaned_data,
        )
        if ok:
            return redirect("awards:central_list")
    submissions = CentralSubmission.objects.prefetch_related("items__nomination__award").order_by("-letter_date", "-id")
    return render(
        request,
        "awards/council/central_list.html",
        {
            "form": form,
            "forwardable": forwardable,
            "submissions": Paginator(submissions, PAGE_SIZE).get_page(request.GET.get("page")),
            "result_form": CentralResultForm(),
            # A refused form shows again what the user ticked, never more (the list starts empty).
            "picked": {int(i) for i in request.POST.getlist("nominations") if i.isdigit()},
        },
    )


@login_required
@require_POST
def central_result(request, item_pk):
    require(request, "awards.manage_decisions")
    item = get_object_or_404(CentralItem, pk=item_pk)
    form = CentralResultForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Thông tin kết quả không hợp lệ."))
    else:
        run_service(
            request,
            services.central_result_record,
            success=_("Đã ghi kết quả của Trung ương."),
            item=item,
            by=request.user,
            **form.cleaned_data,
        )
    return redirect(reverse("awards:central_list"))
