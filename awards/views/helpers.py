"""What the awards screens share: the permission checks and the POST → service → message shape."""

import rules
from django.contrib import messages
from django.http import Http404

from thiduakt.services import DomainError


def allow_or_404(rule: str, user, obj=None) -> None:
    """Council, decision and central screens: whoever may not do it gets 404, so existence is not disclosed."""
    if not rules.test_rule(rule, user, obj):
        raise Http404


def run_action(request, action, success: str) -> bool:
    """Call ``action``; show its domain error, or ``success``. Returns whether it succeeded."""
    try:
        action()
    except DomainError as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, success)
    return True
