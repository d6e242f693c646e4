"""The one object-access policy, and the one shape of a view that calls a service.

Policy, written once for every app:

- A permission is a django-rules predicate registered with ``rules.add_perm`` under a name
  ``"<app>.<verb>_<noun>"`` whose verb is never one of Django's model-permission actions
  (add, change, delete, view), so that ``ModelBackend`` can never grant it through a group
  (``thiduakt/tests/test_permissions.py`` checks every registered name).
- Who may not see or do a thing gets **404**, never 403: the answer must not tell that the
  object exists. ``require`` is the only place views raise it.
- An administrator (an active superuser) holds every permission, as Django's
  ``User.has_perm`` already says; administrators work in the Django admin, and their lists
  are unfiltered. Nothing a superuser can reach shows an individual council vote: ballot
  secrecy is held by what the views, exports and admin pages render, not by a permission.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404

from thiduakt.services import DomainError


def require(request_or_user, perm: str, obj: Any = None) -> None:
    """Raise 404 unless the user holds ``perm`` (on ``obj`` when given)."""
    user = getattr(request_or_user, "user", request_or_user)
    if not user.has_perm(perm, obj):
        raise Http404


def run_service(request, service: Callable, /, *, success: str = "", form=None, **kwargs) -> tuple[bool, Any]:
    """Call a service; turn a ``DomainError`` into the user's message.

    Returns ``(True, result)`` after a success message (when ``success`` is given), or
    ``(False, None)`` after putting the error on ``form`` (as a non-field error, or on the
    field the error names) or, without a form, in the messages. The caller redirects or
    re-renders; nothing was written, since every service is atomic.
    """
    try:
        result = service(**kwargs)
    except DomainError as exc:
        field = getattr(exc, "field", None)
        if form is not None:
            form.add_error(field if field in getattr(form, "fields", {}) else None, str(exc))
        else:
            messages.error(request, str(exc))
        return False, None
    if success:
        messages.success(request, success)
    return True, result
