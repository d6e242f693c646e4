"""The documents offices edit and sign: the Word templates of the decision, its annex and the Sở Nội vụ's
Tờ trình (replaceable by the province; the shipped defaults are in ``awards/templates_docx/``), and the
digitally signed PDF of a decision with what its verification found (signer certificate, signing time)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class DocumentTemplate(models.Model):
    """The province's own Word template for one kind of document; without a row the shipped default is used."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("Quyết định khen thưởng")
        ANNEX = "annex", _("Danh sách kèm theo quyết định")
        PROPOSAL = "proposal", _("Tờ trình của Sở Nội vụ")

    kind = models.CharField(_("loại văn bản"), max_length=20, choices=Kind.choices, unique=True)
    file = models.FileField(_("tệp mẫu (.docx)"), upload_to="awards/templates_docx/", max_length=300)
    original_name = models.CharField(_("tên tệp đã tải lên"), max_length=200)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mẫu văn bản Word")
        verbose_name_plural = _("mẫu văn bản Word")
        ordering = ["kind"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


def _signed_pdf_path(signature, filename):
    return f"awards/decisions/signed/{signature.decision_id}/{filename}"


class DecisionSignature(models.Model):
    """The decision as the chair signed it (a PDF with a digital signature), kept once it passed every check:
    signature valid and trusted, nothing changed after signing, the text the approved decision's."""

    decision = models.OneToOneField(
        "awards.Decision", verbose_name=_("quyết định"), on_delete=models.PROTECT, related_name="signature"
    )
    file = models.FileField(_("tệp PDF đã ký số"), upload_to=_signed_pdf_path, max_length=300)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    signer_subject = models.CharField(_("chủ thể chứng thư ký"), max_length=500)
    signer_serial = models.CharField(_("số hiệu chứng thư"), max_length=100)
    signer_issuer = models.CharField(_("tổ chức cấp chứng thư"), max_length=500)
    signing_time = models.DateTimeField(_("thời điểm ký"), null=True, blank=True)
    signature_count = models.PositiveSmallIntegerField(_("số chữ ký trong tệp"), default=1)
    signed_by_server = models.BooleanField(_("ký số trên máy chủ"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bản quyết định đã ký số")
        verbose_name_plural = _("bản quyết định đã ký số")

    def __str__(self):
        return f"{self.decision.number_display}: {self.signer_subject}"
