"""Forms of the documents screens (Word templates, the signed decision, the register): input only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.services.documents import WORD
from awards.services.signature import SIGNED_PDF
from thiduakt.forms import BootstrapMixin
from thiduakt.uploads import UploadField


class TemplateUploadForm(BootstrapMixin, forms.Form):
    file = UploadField(label=_("Mẫu Word (.docx)"), allow=WORD)


class SignedPdfForm(BootstrapMixin, forms.Form):
    file = UploadField(label=_("Tệp PDF đã ký số"), allow=SIGNED_PDF)
