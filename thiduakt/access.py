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
- A POST refused only because the object's status has moved since the page was drawn (a stale
  tab, a second click landing after the first) is not a 404: the user who would hold the
  permission in another status is told the state the object is in, since when and by whom,
  and sent back to the page (``StaleAction``, answered by ``StaleActionMiddleware``). Anyone
  else still gets 404, and so does another unit's object (the view's queryset never finds it).
"""

import copy
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from thiduakt.services import DomainError
from thiduakt.workflow import flow_fields, state_note


class StaleAction(Exception):
    """A POST on an object whose status moved since the page was drawn; the message says how it stands."""

    def __init__(self, obj, message: str):
        super().__init__(message)
        self.obj = obj


def require(request_or_user, perm: str, obj: Any = None) -> None:
    """Raise 404 unless the user holds ``perm`` (on ``obj`` when given).

    On a POST, when the user would hold ``perm`` had ``obj`` another status, raise ``StaleAction``
    instead: the page was drawn before the status moved.
    """
    user = getattr(request_or_user, "user", request_or_user)
    if user.has_perm(perm, obj):
        return
    posted = obj is not None and getattr(request_or_user, "method", "") == "POST"
    if posted and (moved := _moved(user, perm, obj)):
        target, name, flow = moved
        what = str(target._meta.verbose_name)
        note = state_note(target, field=name, flow=flow)
        raise StaleAction(obj, f"{what[:1].upper()}{what[1:]} «{target}»: {note}")
    raise Http404


def _moved(user, perm: str, obj):
    """Whether the user would hold ``perm`` had ``obj`` (or the object it belongs to) another status.

    Returns the object whose status stands in the way, with its status field and flow, or ``None``.
    ``copy.copy`` of a model instance copies its related-object cache, so nothing leaks into ``obj``.
    """
    own = flow_fields(type(obj)) or [(None, None)]
    parents = [
        (fk.name, parent, flow_fields(type(parent)))
        for fk in obj._meta.concrete_fields
        if fk.many_to_one and flow_fields(fk.related_model) and (parent := getattr(obj, fk.name)) is not None
    ]
    for name, flow in own:
        for value in [m.value for m in flow] if flow else [None]:
            other = copy.copy(obj)
            if name is not None:
                setattr(other, name, value)
                if value != str(getattr(obj, name)) and user.has_perm(perm, other):
                    return obj, name, flow
            for link, parent, parent_flows in parents:
                for parent_name, parent_flow in parent_flows:
                    for member in parent_flow:
                        if member.value == str(getattr(parent, parent_name)):
                            continue
                        moved_parent = copy.copy(parent)
                        setattr(moved_parent, parent_name, member.value)
                        both = copy.copy(other)
                        setattr(both, link, moved_parent)
                        if user.has_perm(perm, both):
                            if name is not None and value != str(getattr(obj, name)):
                                return obj, name, flow
                            return parent, parent_name, parent_flow
    return None


class StaleActionMiddleware:
    """Answer a ``StaleAction`` with its message and a redirect to the page the form was on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, StaleAction):
            return None
        messages.info(request, str(exception))
        back = getattr(exception.obj, "get_absolute_url", None)
        target = back() if back else request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
            target = "/"
        return HttpResponseRedirect(target)


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
        text = f"{exc} {exc.note}" if getattr(exc, "note", "") else str(exc)  # the state now (``transition``)
        if form is not None:
            form.add_error(field if field in getattr(form, "fields", {}) else None, text)
        else:
            messages.error(request, text)
        return False, None
    if success:
        messages.success(request, success)
    return True, result
