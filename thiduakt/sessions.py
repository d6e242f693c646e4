"""Idle expiry of sessions without a database write on every request.

``SESSION_SAVE_EVERY_REQUEST`` would write and commit the session row on every signed-in
request, only to push its expiry forward. Instead the session carries the time it was last
stamped, and is saved (expiry = now + ``SESSION_COOKIE_AGE``) only when that stamp is older
than ``SESSION_TOUCH_SECONDS``, or when the request changed the session anyway. The stored
expiry thus trails the last activity by less than that interval: an idle session ends on time,
at most a minute early, never late.
"""

from django.conf import settings
from django.utils import timezone

SEEN_KEY = "_seen"


class SessionActivityMiddleware:
    """Touch the session at most once per ``SESSION_TOUCH_SECONDS``; listed after SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # A request that never read the session (a static file, /healthz) is no activity and
        # must not cost a session load; an empty session (anonymous, just flushed) is not kept.
        if session is None or not (session.accessed or session.modified) or session.is_empty():
            return response
        now = int(timezone.now().timestamp())
        seen = session.get(SEEN_KEY)
        if session.modified or not isinstance(seen, int) or now - seen >= settings.SESSION_TOUCH_SECONDS:
            session[SEEN_KEY] = now  # marks it modified: SessionMiddleware saves it with a new expiry
        return response
