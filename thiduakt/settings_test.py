"""Settings of the test suite: the settings of every environment, plus what only tests want.

pytest.ini names this module, and the Celery worker processes the tests start
(``thiduakt.testing.celery_worker``) inherit it.
"""

import os

from thiduakt.settings import *  # noqa: F403
from thiduakt.settings import DATA_DIR, DATABASES, env

# Demo users and factory users get a password on every test run: PBKDF2's
# million iterations are what protects real accounts, and are wasted here.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A test database of this process's own, so that two runs in one checkout do not
# overwrite each other's (pytest-xdist appends _gw0, _gw1… per worker process).
# SQLite: a file, not memory, so that a worker process can share it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")}
elif test_name := env("DATABASE_TEST_NAME", default=""):
    DATABASES["default"]["TEST"] = {"NAME": test_name}

# The session and the signed-in user are read from the database, as under several processes without a shared
# cache: the query-count tests pin each page's own queries plus those two. The cached path (the development
# server's and a shared cache's) is tested on its own, in thiduakt/tests/test_signed_in_cache.py.
CACHE_SIGNED_IN = False
SESSION_ENGINE = "django.contrib.sessions.backends.db"
