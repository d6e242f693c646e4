from functools import cache

from thiduakt.models import Notification
from thiduakt.navigation import menu_for


def navigation(request):
    """The menu of the user's roles and the count of their unread notifications (the menu's badge).

    The count is one query, run only when a template shows it (a partial swapped in by htmx does not).
    """
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": [], "unread_notifications": 0}

    @cache
    def unread_notifications():
        return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

    return {"nav_items": menu_for(user, request.path), "unread_notifications": unread_notifications}
