"""Public pages (anonymous, rate-limited per IP): candidates in their disclosure window, and the lookup."""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards import forms, lookup_cache, selectors, services
from awards.models import AwardRecord
from awards.services.amendments import annotate_effects
from thiduakt.access import run_service
from thiduakt.keyset import AFTER, BEFORE, keyset_page

PAGE_SIZE = 50
log = logging.getLogger(__name__)


def _client_ip(request) -> str:
    """The visitor's address; behind our TLS proxy, the address it appended to X-Forwarded-For."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _rate_limited(request, bucket: str, limit: int, seconds: int = 60) -> bool:
    """A fixed-window counter per IP in the shared cache; True when over ``limit``."""
    window = int(timezone.now().timestamp()) // seconds
    key = f"awards:rl:{bucket}:{_client_ip(request)}:{window}"
    try:
        cache.add(key, 0, timeout=seconds * 2)
        try:
            count = cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=seconds * 2)
            count = 1
    except Exception:  # the cache server (Redis) is down: the public pages still answer, unthrottled meanwhile
        log.warning("rate limit cache unavailable: %s not throttled", bucket, exc_info=True)
        return False
    return count > limit


def _too_many(request):
    return render(request, "awards/rate_limited.html", status=429)


def disclosure_list(request):
    """Candidates in their public comment window (anonymous)."""
    nominations = list(selectors.disclosed_nominations())
    return render(
        request, "awards/disclosure_list.html", {"nominations": nominations, "form": forms.PublicCommentForm()}
    )


@require_POST
def public_comment(request, pk):
    if _rate_limited(request, "comment", getattr(settings, "AWARDS_COMMENT_RATE_PER_MINUTE", 20)):
        return _too_many(request)
    nomination = get_object_or_404(selectors.disclosed_nominations(), pk=pk)
    form = forms.PublicCommentForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            services.public_comment_add,
            success=_("Cảm ơn bạn đã góp ý. Ý kiến đã được ghi nhận."),
            nomination=nomination,
            **form.cleaned_data,
        )
    else:
        messages.error(request, _("Cần ghi nội dung góp ý."))
    return redirect("awards:disclosure_list")


def lookup(request):
    """Public lookup of published awards: diacritics-insensitive, Vietnamese name order, rate-limited."""
    if request.GET and _rate_limited(request, "lookup", getattr(settings, "AWARDS_LOOKUP_RATE_PER_MINUTE", 60)):
        return _too_many(request)
    form = forms.LookupForm(request.GET or None)
    page, results = None, ""
    query = request.GET.copy()
    for name in ("page", AFTER, BEFORE):
        query.pop(name, None)
    query_string = query.urlencode()
    if form.is_valid() and any(form.cleaned_data.values()):
        data = form.cleaned_data

        def build():
            records = selectors.published_records(
                query=data["q"],
                unit_query=data["unit"],
                award_code=data["award"],
                year=data["year"],
                number=data["number"],
            )
            shown = AwardRecord.objects.select_related("award").only(
                "sort_key",  # the keyset's key, read for the cursors
                "recipient_name",
                "recipient_unit_name",
                "year",
                "decision_number",
                "decision_date",
                "issuer",
                "award__name",
                "award__order",
            )
            # Keyset pages and a capped count: "nguyen" matches hundreds of thousands of a province's records.
            found = keyset_page(records, selectors.PUBLISHED_ORDER, request.GET, size=PAGE_SIZE, fetch=shown)
            found.object_list = annotate_effects(found.object_list)  # "Đã đính chính một phần" … by the number
            # The rows' HTML too (the page's costliest part), which holds no visitor's token or nonce.
            html = render_to_string("awards/_lookup_results.html", {"page": found, "query_string": query_string})
            return found, mark_safe(html)  # noqa: S308 -- our own template's output, escaped as it rendered

        # The same page for everyone who asks it until the published records change (awards.lookup_cache).
        cursors = {name: request.GET.get(name, "") for name in (AFTER, BEFORE)}
        page, results = lookup_cache.page({**data, **cursors, "links": query_string}, build)
    return render(
        request,
        "awards/lookup.html",
        {"form": form, "page": page, "results": results, "query_string": query_string},
    )
