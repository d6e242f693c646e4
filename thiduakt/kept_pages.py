"""Whole pages kept until a write of what they were read from: ``@kept_page`` on a signed-in GET view.

A list that staff reload all day (the dossier list, searched and filtered) is rebuilt from the same rows between
two writes: its queries, its rows and its template cost some 15 ms a visit, and under a province's load it serves
a few dozen pages a second where the middleware alone serves thousands. ``@kept_page`` keeps the view's whole
answer in ``thiduakt.write_cache``, per user and address (path and query string), with every table the request
read to build it: the user's row and roles, the unit scope, the rows listed, the menu and its badge. It is served
again while none of those tables has been written since, and 60 s at most whatever happens
(``write_cache.WRITE_CACHE_SECONDS``); the day and the language are part of every key.

What is not kept:

- the CSRF tokens: every masked token of the request's secret found in the page is replaced by a slot when it is
  kept, and the slot by a token of *this* request's secret when it is served (a new mask at each visit, as Django
  renders it);
- a page asked while messages wait to be shown (they would be shown by no page), an HTMX request (a fragment,
  whose headers say what to swap), any answer but a plain 200 (a redirect, a 404, a file), or an answer that sets
  a cookie;
- anything where each process has its own cache (``settings.WRITE_CACHE_SHARED`` false: the embedded default),
  where another process's writes are not seen: the view runs as before.

The view itself still runs its own checks at every visit that is not kept; a kept visit is served to the same user
only, and any write of the user's row, roles or unit (read when the page was built) makes it stale. Use it only on
a view whose answer depends on nothing but the user, the address, the day and the database: not on the session,
nor on the time of day.
"""

import functools
import re

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import CSRF_TOKEN_LENGTH, _unmask_cipher_token, get_token

from thiduakt import write_cache

CSRF_SLOT = b"thiduakt-page-csrf-slot"
# A masked token is CSRF_TOKEN_LENGTH letters and digits, alone (in a value="…", a JSON string, a meta tag).
TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{%d}(?![A-Za-z0-9])" % CSRF_TOKEN_LENGTH)


class _NotKept(Exception):
    def __init__(self, response):
        self.response = response


def _kept_body(request, content: bytes) -> bytes:
    """``content`` with each CSRF token of the request's secret replaced by the slot."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return content

    def slot(match):
        token = match.group(0)
        return CSRF_SLOT if _unmask_cipher_token(token.decode()) == secret else token

    return TOKEN.sub(slot, content)


def _keepable(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith("text/html")
        and not any(name.lower().startswith("hx-") for name in response.headers)
    )


def kept_page(view):
    """Keep ``view``'s whole answer per user and address until a write of what it read (see the module)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        user = getattr(request, "user", None)
        if (
            not getattr(settings, "WRITE_CACHE_SHARED", False)
            or request.method != "GET"
            or user is None
            or not user.is_authenticated
            or request.headers.get("HX-Request")
            or len(getattr(request, "_messages", ())) > 0
        ):
            return view(request, *args, **kwargs)

        def build():
            response = view(request, *args, **kwargs)
            if not _keepable(response):
                raise _NotKept(response)
            headers = [(name, value) for name, value in response.headers.items() if name.lower() != "content-length"]
            return _kept_body(request, response.content), headers

        key = f"page:{view.__module__}.{view.__qualname__}:{user.pk}:{request.get_full_path()}"
        try:
            content, headers = write_cache.until_write(key, build)
        except _NotKept as not_kept:
            return not_kept.response
        response = HttpResponse(content.replace(CSRF_SLOT, get_token(request).encode()))
        for name, value in headers:
            response.headers[name] = value
        return response

    return wrapper
