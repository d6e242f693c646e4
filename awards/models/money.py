"""Reward money as dated data: the coefficient of each award and kind of recipient, as a decree set it.

The reward of a decision is the coefficient in force on the decision's date × the base salary in force
on that date (``BaseSalary``), rounded up to the next 10 000 đ (NĐ 152/2025 Điều 49 khoản 1 and 2; the
same sentences in NĐ 98/2023). ``awards.services.catalogue.reward_on`` is the one place that computes it.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.models.catalogue import Award, RecipientKind


class RewardCoefficient(models.Model):
    """The reward of one award for one kind of recipient, as a multiple of the base salary, from a date."""

    award = models.ForeignKey(
        Award, verbose_name=_("khen thưởng"), on_delete=models.PROTECT, related_name="reward_coefficients"
    )
    recipient_kind = models.CharField(_("đối tượng"), max_length=20, choices=RecipientKind.choices)
    coefficient = models.DecimalField(
        _("hệ số (× mức lương cơ sở)"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Hộ gia đình: đã nhân 1,5 lần hệ số của cá nhân khi nghị định quy định như vậy."),
    )
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hệ số tiền thưởng")
        verbose_name_plural = _("hệ số tiền thưởng")
        ordering = ["award__order", "recipient_kind", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["award", "recipient_kind", "valid_from"], name="rewardcoefficient_one_per_start"
            ),
            models.CheckConstraint(condition=Q(coefficient__gte=0), name="rewardcoefficient_not_negative"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="rewardcoefficient_valid_range",
            ),
        ]

    def __str__(self):
        return f"{self.award} – {self.get_recipient_kind_display()}: {self.coefficient} ({self.valid_from:%d/%m/%Y})"

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)
