"""Forms of awards part 2: they validate input only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.council_models import CentralItem, CouncilTerm, Decision, Meeting
from thiduakt.forms import BootstrapMixin, DateInput


class MeetingForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["term", "title", "date", "kind", "location"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = CouncilTerm.objects.order_by("-valid_from")
        self.fields["term"].empty_label = None


class DecisionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Decision
        fields = [
            "subject",
            "issuer_parent",
            "issuer_name",
            "issuer",
            "issuer_code",
            "place",
            "legal_bases",
            "proposal",
            "executors",
            "signer_authority",
            "signer_title",
            "signer_name",
            "copy_recipients",
        ]
        widgets = {
            "legal_bases": forms.Textarea(attrs={"rows": 5}),
            "executors": forms.Textarea(attrs={"rows": 3}),
            "copy_recipients": forms.Textarea(attrs={"rows": 4}),
        }


class SignForm(BootstrapMixin, forms.Form):
    decision_date = forms.DateField(label=_("Ngày ký"), widget=DateInput())


class AmendForm(BootstrapMixin, forms.Form):
    purpose = forms.ChoiceField(
        label=_("Loại quyết định"),
        choices=[
            (Decision.Purpose.CORRECTION, Decision.Purpose.CORRECTION.label),
            (Decision.Purpose.REVOCATION, Decision.Purpose.REVOCATION.label),
        ],
    )
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}))
    recipients = forms.ModelMultipleChoiceField(
        label=_("Các dòng được đính chính, hủy bỏ"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, decision: Decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = decision.recipients.order_by("recipient_kind", "sort_key")


class CentralForwardForm(BootstrapMixin, forms.Form):
    letter_number = forms.CharField(label=_("Số tờ trình"), max_length=60)
    letter_date = forms.DateField(label=_("Ngày tờ trình"), widget=DateInput())
    addressee = forms.CharField(label=_("Kính gửi"), max_length=200, initial="Thủ tướng Chính phủ")


class CentralResultForm(BootstrapMixin, forms.Form):
    result = forms.ChoiceField(
        label=_("Kết quả"),
        choices=[(CentralItem.Result.AWARDED, _("Được khen thưởng")), (CentralItem.Result.NOT_AWARDED, _("Không"))],
    )
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DateInput(), required=False)
