from thiduakt.navigation import menu_for


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": menu_for(user, request.path)}
