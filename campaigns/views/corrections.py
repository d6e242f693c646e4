"""Correcting what was entered by mistake: a review, a fixed due date, a participant, a criterion.

Each correction has its own page (no inline script confirm: the CSP forbids it): a GET shows what
will happen and asks for the reason, the POST hands it to the service, which keeps the reason in
the campaign's history (and the review's own history).
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from campaigns import forms, services
from campaigns.models import Criterion, Participant, ReportDue, Review
from campaigns.views.common import staff_campaign, tab_context
from thiduakt.access import run_service


def _page(request, campaign, *, form, title, question, submit_label, back_url, destructive=False, note="", status=200):
    context = tab_context(request, campaign, "setup")
    context.update(
        {
            "form": form,
            "title": title,
            "question": question,
            "note": note,
            "submit_label": submit_label,
            "back_url": back_url,
            "destructive": destructive,
        }
    )
    return render(request, "campaigns/confirm.html", context, status=status)


def _confirmed(request, campaign, form, service, success, back_url, page, **kwargs):
    """POST: run the service with the form's reason; on refusal show the page again with the message."""
    if form.is_valid():
        ok, _result = run_service(request, service, form=form, success=success, **kwargs, **form.service_kwargs())
        if ok:
            return redirect(back_url)
    return page(status=400)


class _Reason(forms.ReasonForm):
    def service_kwargs(self) -> dict:
        return {"reason": self.cleaned_data["reason"]}


@login_required
def criterion_remove(request, pk, criterion_pk):
    campaign = staff_campaign(request, pk)
    criterion = get_object_or_404(Criterion, pk=criterion_pk, campaign=campaign)
    back = reverse("campaigns:setup", args=[campaign.pk]) + "#criterion"
    form = _Reason(request.POST or None)

    def page(status=200):
        return _page(
            request,
            campaign,
            form=form,
            title=_("Bỏ tiêu chí"),
            question=_("Bỏ tiêu chí “%(c)s” khỏi kế hoạch?") % {"c": criterion.indicator},
            submit_label=_("Bỏ tiêu chí"),
            back_url=back,
            destructive=True,
            status=status,
        )

    if request.method != "POST":
        return page()
    return _confirmed(
        request,
        campaign,
        form,
        services.criterion_remove,
        _("Đã bỏ tiêu chí."),
        back,
        page,
        criterion=criterion,
        by=request.user,
    )


@login_required
def participant_remove(request, pk, participant_pk):
    campaign = staff_campaign(request, pk)
    participant = get_object_or_404(Participant.objects.select_related("unit"), pk=participant_pk, campaign=campaign)
    back = reverse("campaigns:setup", args=[campaign.pk]) + "#participants"
    form = _Reason(request.POST or None)

    def page(status=200):
        return _page(
            request,
            campaign,
            form=form,
            title=_("Bỏ đơn vị tham gia"),
            question=_("Bỏ %(unit)s khỏi phong trào?") % {"unit": participant.unit},
            note=_("Bỏ nhầm thì thêm lại đơn vị ở mục “Đơn vị tham gia”; lịch sử giữ lý do của cả hai lần."),
            submit_label=_("Bỏ đơn vị"),
            back_url=back,
            destructive=True,
            status=status,
        )

    if request.method != "POST":
        return page()
    return _confirmed(
        request,
        campaign,
        form,
        services.participant_remove,
        _("Đã bỏ đơn vị khỏi phong trào."),
        back,
        page,
        participant=participant,
        by=request.user,
    )


class _DueChange(forms.DueChangeForm):
    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"due_on": data["due_on"], "label": data["label"], "reason": data["reason"]}


@login_required
def due_edit(request, pk, due_pk):
    campaign = staff_campaign(request, pk)
    due = get_object_or_404(ReportDue, pk=due_pk, campaign=campaign)
    back = reverse("campaigns:setup", args=[campaign.pk]) + "#due"
    form = _DueChange(request.POST or None, campaign=campaign, initial={"due_on": due.due_on, "label": due.label})

    def page(status=200):
        return _page(
            request,
            campaign,
            form=form,
            title=_("Sửa kỳ báo cáo"),
            question=_("Sửa kỳ báo cáo “%(due)s”.") % {"due": due},
            submit_label=_("Lưu"),
            back_url=back,
            status=status,
        )

    if request.method != "POST":
        return page()
    return _confirmed(
        request,
        campaign,
        form,
        services.report_due_update,
        _("Đã sửa kỳ báo cáo."),
        back,
        page,
        due=due,
        by=request.user,
    )


@login_required
def due_cancel(request, pk, due_pk):
    campaign = staff_campaign(request, pk)
    due = get_object_or_404(ReportDue, pk=due_pk, campaign=campaign)
    back = reverse("campaigns:setup", args=[campaign.pk]) + "#due"
    form = _Reason(request.POST or None)

    def page(status=200):
        return _page(
            request,
            campaign,
            form=form,
            title=_("Hủy kỳ báo cáo"),
            question=_("Hủy kỳ báo cáo “%(due)s”? Các bản nháp báo cáo của kỳ này bị xóa theo.") % {"due": due},
            submit_label=_("Hủy kỳ báo cáo"),
            back_url=back,
            destructive=True,
            status=status,
        )

    if request.method != "POST":
        return page()
    return _confirmed(
        request,
        campaign,
        form,
        services.report_due_cancel,
        _("Đã hủy kỳ báo cáo."),
        back,
        page,
        due=due,
        by=request.user,
    )


class _ReviewChange(forms.ReviewChangeForm):
    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"held_on": data["held_on"], "summary": data["summary"], "reason": data["reason"]}


@login_required
def review_edit(request, pk):
    review = get_object_or_404(Review.objects.select_related("campaign"), pk=pk)
    campaign = staff_campaign(request, review.campaign_id)
    back = reverse("campaigns:reviews", args=[campaign.pk])
    form = _ReviewChange(
        request.POST or None, review=review, initial={"held_on": review.held_on, "summary": review.summary}
    )

    def page(status=200):
        return _page(
            request,
            campaign,
            form=form,
            title=_("Sửa %(kind)s") % {"kind": review.get_kind_display().lower()},
            question=_("Sửa ngày tổ chức hoặc tóm tắt của %(kind)s; lý do được ghi vào lịch sử.")
            % {"kind": review.get_kind_display().lower()},
            submit_label=_("Lưu"),
            back_url=back,
            status=status,
        )

    if request.method != "POST":
        return page()
    return _confirmed(
        request, campaign, form, services.review_update, _("Đã sửa."), back, page, review=review, by=request.user
    )


@login_required
def review_cancel(request, pk):
    review = get_object_or_404(Review.objects.select_related("campaign"), pk=pk)
    campaign = staff_campaign(request, review.campaign_id)
    back = reverse("campaigns:reviews", args=[campaign.pk])
    form = _Reason(request.POST or None)
    kind = review.get_kind_display().lower()

    def page(status=200):
        return _page(
            request,
            campaign,
            form=form,
            title=_("Hủy %(kind)s ghi nhầm") % {"kind": kind},
            question=_(
                "Hủy %(kind)s ngày %(d)s? Kết quả từng đơn vị và các đề xuất khen thưởng của nó bị xóa; "
                "phong trào trở lại trạng thái trước đó."
            )
            % {"kind": kind, "d": f"{review.held_on:%d/%m/%Y}"},
            submit_label=_("Hủy %(kind)s") % {"kind": kind},
            back_url=back,
            destructive=True,
            status=status,
        )

    if request.method != "POST":
        return page()
    return _confirmed(
        request, campaign, form, services.review_cancel, _("Đã hủy."), back, page, review=review, by=request.user
    )
