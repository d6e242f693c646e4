"""Screens of the documents offices edit and sign (staff): the decision, its annex and the Tờ trình as Word
files, the province's Word templates, and the digitally signed decision (upload, verification, download).

A decision's files are asked for by POST: up to ``awards.jobs.IN_REQUEST_MAX_LINES`` lines the answer is the
file, a longer decision's is made by a background job (the answer leads to its page: progress, then download)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards import jobs, selectors
from awards.forms_documents import SignedPdfForm, TemplateUploadForm
from awards.models import Decision, DecisionSignature, DocumentTemplate
from awards.services import documents, signature
from thiduakt.access import require, run_service
from thiduakt.downloads import bytes_response, generated_content_type, private_file_response
from thiduakt.services import DomainError, job_request


def _decision_or_404(request, pk) -> Decision:
    require(request, "awards.manage_decisions")
    return get_object_or_404(selectors.decisions_visible_to(request.user).select_related("award", "amends"), pk=pk)


def _kind_or_404(slug: str) -> str:
    kind = documents.SLUGS.get(slug)
    if kind is None:
        raise Http404
    return kind


def decision_file_job(request, decision, job_kind: str, **params):
    """Start (or follow: the requester's identical job under way) the job that makes a long decision's file."""
    job, created = job_request(kind=job_kind, requested_by=request.user, params={"decision_id": decision.pk, **params})
    if created:
        messages.info(
            request,
            _(
                "Quyết định có %(n)s dòng: tệp đang được lập trong nền; "
                "trang này cho biết tiến độ và nút tải về khi xong."
            )
            % {"n": number_format(decision.recipient_count, force_grouping=True)},
        )
    else:
        messages.info(request, _("Tệp này đang được lập; mời theo dõi tiến độ."))
    return redirect("job_detail", public_id=job.public_id)


@login_required
@require_POST
def decision_docx(request, pk, kind):
    """The decision, its annex or the Tờ trình as a Word file (a draft's too: offices edit it before signing)."""
    decision = _decision_or_404(request, pk)
    kind = _kind_or_404(kind)
    if not jobs.made_in_request(decision):
        return decision_file_job(request, decision, jobs.DOCX_JOB, kind=kind)
    try:
        data = documents.decision_docx(decision=decision, kind=kind)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("awards:decision_detail", pk=decision.pk)
    return bytes_response(data, filename=documents.docx_filename(decision, kind), kind="docx")


@login_required
def template_list(request):
    require(request, "awards.manage_decisions")
    rows = {t.kind: t for t in DocumentTemplate.objects.select_related("uploaded_by")}
    slugs = {kind: slug for slug, kind in documents.SLUGS.items()}
    kinds = [
        {"kind": kind, "label": label, "slug": slugs[kind], "template": rows.get(kind)}
        for kind, label in DocumentTemplate.Kind.choices
    ]
    return render(request, "awards/documents/template_list.html", {"kinds": kinds, "form": TemplateUploadForm()})


@login_required
@require_POST
def template_upload(request, kind):
    require(request, "awards.manage_decisions")
    kind = _kind_or_404(kind)
    form = TemplateUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("awards:template_list")
    run_service(
        request,
        documents.document_template_replace,
        success=_("Đã thay mẫu “%(k)s”.") % {"k": DocumentTemplate.Kind(kind).label},
        kind=kind,
        upload=form.cleaned_data["file"],
        by=request.user,
    )
    return redirect("awards:template_list")


@login_required
def template_download(request, kind):
    require(request, "awards.manage_decisions")
    kind = _kind_or_404(kind)
    return bytes_response(documents.template_bytes(kind), filename=f"mau-{kind}.docx", kind="docx")


@login_required
@require_POST
def template_reset(request, kind):
    require(request, "awards.manage_decisions")
    kind = _kind_or_404(kind)
    if documents.document_template_reset(kind=kind, by=request.user):
        messages.success(request, _("Đã dùng lại mẫu mặc định."))
    else:
        messages.info(request, _("Đang dùng mẫu mặc định."))
    return redirect("awards:template_list")


@login_required
@require_POST
def signed_upload(request, pk):
    """The PDF the chair signed with a token: verified, kept only when every check passes."""
    decision = _decision_or_404(request, pk)
    form = SignedPdfForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("awards:decision_detail", pk=decision.pk)
    run_service(
        request,
        signature.decision_signed_pdf_upload,
        success=_("Chữ ký số hợp lệ: đã lưu bản quyết định đã ký số."),
        decision=decision,
        upload=form.cleaned_data["file"],
        by=request.user,
    )
    return redirect("awards:decision_detail", pk=decision.pk)


@login_required
@require_POST
def sign_on_server(request, pk):
    decision = _decision_or_404(request, pk)
    run_service(
        request,
        signature.decision_sign_on_server,
        success=_("Đã ký số quyết định trên máy chủ."),
        decision=decision,
        by=request.user,
    )
    return redirect("awards:decision_detail", pk=decision.pk)


@login_required
def signed_download(request, pk):
    decision = _decision_or_404(request, pk)
    signed = get_object_or_404(DecisionSignature, decision=decision)
    name = f"QD-{decision.number_display.replace('/', '-')}-ky-so.pdf"
    return private_file_response(signed.file, filename=name, content_type=generated_content_type(name))
