"""The signed-in user, read from the shared cache until the next write rather than queried at every request."""

from django.conf import settings
from django.contrib.auth import backends, get_user_model

from thiduakt import write_cache


def _user(user_id):
    model = get_user_model()
    try:
        return model._default_manager.get(pk=user_id)
    except (model.DoesNotExist, ValueError, TypeError):
        return None


class ModelBackend(backends.ModelBackend):
    """Django's ``ModelBackend``, whose ``get_user`` (each signed-in request) keeps the user's row in the write
    cache (``thiduakt.write_cache``): any row saved anywhere (a password, a role, a deactivation, a unit), any POST
    and any job forget it; 60 s at most otherwise. The session's check of the password hash is Django's, on that
    row. Only where every process shares the cache (``settings.CACHE_SIGNED_IN``)."""

    def get_user(self, user_id):
        if settings.CACHE_SIGNED_IN:
            user = write_cache.until_write(f"auth:user:{user_id}", lambda: _user(user_id))
        else:
            user = _user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
