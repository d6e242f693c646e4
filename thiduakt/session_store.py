"""Sessions read from the shared cache, written to the database: no session query on most signed-in requests.

Django's ``cached_db`` store, with two changes:

- an entry lives in the cache ``SESSION_CACHE_SECONDS`` at most (not the session's whole age): a logout or an
  expiry that the cache missed (the cache server down at that moment, then back with its old data) can outlive
  it by that time at most, and the database stays the reference;
- the cache server being down is never an error: the session is read from and written to the database alone
  (logged).
"""

import logging

from django.conf import settings
from django.contrib.sessions.backends import cached_db

log = logging.getLogger("django.contrib.sessions")


class SessionStore(cached_db.SessionStore):
    def _cache_age(self, **kwargs) -> int:
        return min(self.get_expiry_age(**kwargs), settings.SESSION_CACHE_SECONDS)

    def _cache_set(self, data, age: int) -> None:
        try:
            self._cache.set(self.cache_key, data, age)
        except Exception:
            log.warning("session cache unavailable: session kept in the database only", exc_info=True)

    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:
            log.warning("session cache unavailable: session read from the database", exc_info=True)
            data = None
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        self._cache_set(data, self._cache_age(expiry=stored.expire_date))
        return data

    def exists(self, session_key):
        try:
            if session_key and (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception:
            log.warning("session cache unavailable: existence checked in the database", exc_info=True)
        return cached_db.DBStore.exists(self, session_key)

    def save(self, must_create=False):
        cached_db.DBStore.save(self, must_create)
        self._cache_set(self._session, self._cache_age())

    def delete(self, session_key=None):
        cached_db.DBStore.delete(self, session_key)
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except Exception:
            log.warning("session cache unavailable: deleted session left there, for its short age", exc_info=True)
