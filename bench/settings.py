"""The production settings plus a trivial view (``bench/urls.py``) for the load benchmark."""

from thiduakt.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
