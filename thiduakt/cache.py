"""Django's Redis cache, with one redis-py client per connection pool instead of one per command.

``django.core.cache.backends.redis.RedisCacheClient.get_client`` builds a new ``redis.Redis`` at every command;
building one fills its table of some 170 reply handlers, which cost more than the command's round trip itself: a
signed-in page's three commands (its session, its user, the stamps of what it kept) spent 0.35 ms there, more
than the whole of an anonymous trivial view. A ``redis.Redis`` is safe to share between threads (each command
takes a connection from the pool), so one is kept per pool: the same pools, the same commands, the same replies.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
