"""The Redis cache backend (thiduakt.cache): one redis-py client per pool, Django's commands unchanged. Runs where
a Redis server is configured (CI and production: CELERY_BROKER_URL), on a database of its own."""

import uuid

import pytest
from django.conf import settings

from thiduakt.cache import RedisCache

pytestmark = pytest.mark.skipif(
    not settings.CELERY_BROKER_URL.startswith("redis://"), reason="no Redis server configured (CELERY_BROKER_URL)"
)


@pytest.fixture
def backend():
    url = settings.CELERY_BROKER_URL.rsplit("/", 1)[0] + "/13"
    cache = RedisCache(url, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield cache
    cache.clear()


def test_every_command_goes_through_one_client_of_the_pool(backend):
    client = backend._cache
    assert client.get_client() is client.get_client(write=True) is client.get_client("some-key")
    assert type(client.get_client()).__module__.startswith("redis")


def test_the_backends_commands_answer_as_djangos(backend):
    assert backend.add("a", {"x": 1}, 30) is True and backend.add("a", 2, 30) is False
    backend.set_many({"b": [1, 2], "c": "ba"}, 30)
    assert backend.get_many(["a", "b", "c", "missing"]) == {"a": {"x": 1}, "b": [1, 2], "c": "ba"}
    backend.add("n", 1, 30)
    assert backend.incr("n") == 2 and backend.get("n") == 2
    backend.delete("a")
    assert backend.get("a", "gone") == "gone"
