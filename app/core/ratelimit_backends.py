"""Where token buckets live: process memory, Redis, or PostgreSQL (docs/decisions/122).

Every backend answers ``take(name, per_minute, consume=True)`` with 0 when a token was there
(and taken, unless ``consume`` is false) or the seconds until one is back. A bucket holds
``per_minute`` tokens and refills at ``per_minute / 60`` per second. Redis and PostgreSQL
keep one bucket for all processes, and take the time from their own clock so processes on
several machines agree.
"""

import itertools
import threading
import time
from typing import Any, Protocol

from sqlalchemy import Engine, text

from app.core.config import Settings

_MAX_BUCKETS = 50_000  # bound memory under a flood of addresses or forged prefixes


class Buckets(Protocol):
    shared: bool

    def take(self, name: str, per_minute: int, *, consume: bool = True) -> float: ...


def _wait(available: float, per_minute: int) -> float:
    return 0.0 if available >= 1.0 else (1.0 - available) / (max(per_minute, 1) / 60.0)


class MemoryBuckets:
    """In this process only: with N processes a client gets up to N times the limit."""

    shared = False

    def __init__(self) -> None:
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, name: str, per_minute: int, *, consume: bool = True) -> float:
        now = time.monotonic()
        capacity = float(max(per_minute, 1))
        with self._lock:
            if len(self._buckets) > _MAX_BUCKETS:
                self._buckets.clear()
            tokens, last = self._buckets.get(name, (capacity, now))
            tokens = min(capacity, tokens + (now - last) * capacity / 60.0)
            taken = 1.0 if consume and tokens >= 1.0 else 0.0
            self._buckets[name] = (tokens - taken, now)
        return _wait(tokens, per_minute)


_LUA = """
local capacity = tonumber(ARGV[1])
local rate = capacity / 60.0
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local found = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(found[1]) or capacity
local at = tonumber(found[2]) or now
tokens = math.min(capacity, tokens + math.max(now - at, 0) * rate)
local available = tokens
if tokens >= 1 and ARGV[2] == '1' then tokens = tokens - 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(60) + 1)
return tostring(available)
"""


class RedisBuckets:
    """One bucket per name in Redis, updated atomically by a Lua script."""

    shared = True

    def __init__(self, url: str, namespace: str = "passend:rl:") -> None:
        import redis

        self._client: Any = redis.Redis.from_url(url, socket_timeout=2)
        self._script = self._client.register_script(_LUA)
        self._namespace = namespace

    def take(self, name: str, per_minute: int, *, consume: bool = True) -> float:
        capacity = max(per_minute, 1)
        keys = [self._namespace + name]
        available = float(self._script(keys=keys, args=[capacity, "1" if consume else "0"]))
        return _wait(available, per_minute)


_PG_CREATE = text(
    "INSERT INTO rate_limit_bucket (name, tokens, updated_at) "
    "VALUES (:name, :capacity, extract(epoch FROM clock_timestamp())) "
    "ON CONFLICT (name) DO NOTHING"
)
# One statement: the row lock makes read-refill-take atomic across processes; RETURNING
# reports the tokens there were before this take.
_PG_TAKE = text(
    """
    UPDATE rate_limit_bucket AS b
    SET tokens = o.available - CASE WHEN o.available >= 1 AND :consume THEN 1 ELSE 0 END,
        updated_at = o.now
    FROM (
        SELECT name, now,
               LEAST(:capacity, tokens + GREATEST(now - updated_at, 0) * :capacity / 60.0)
                   AS available
        FROM (SELECT name, tokens, updated_at,
                     extract(epoch FROM clock_timestamp())::float AS now
              FROM rate_limit_bucket WHERE name = :name FOR UPDATE) AS locked
    ) AS o
    WHERE b.name = o.name
    RETURNING o.available
    """
)
_PG_PRUNE = text(
    "DELETE FROM rate_limit_bucket WHERE updated_at < extract(epoch FROM clock_timestamp()) - 3600"
)


class PostgresBuckets:
    """One row per bucket in ``rate_limit_bucket``; full buckets older than an hour pruned."""

    shared = True

    def __init__(self, engine: Engine) -> None:
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._calls = itertools.count()

    def take(self, name: str, per_minute: int, *, consume: bool = True) -> float:
        params = {"name": name[:200], "capacity": float(max(per_minute, 1)), "consume": consume}
        with self._engine.connect() as connection:
            available = connection.execute(_PG_TAKE, params).scalar()
            if available is None:
                connection.execute(_PG_CREATE, params)
                available = connection.execute(_PG_TAKE, params).scalar_one()
            if next(self._calls) % 1000 == 999:
                connection.execute(_PG_PRUNE)
        return _wait(float(available), per_minute)


def backend_name(settings: Settings) -> str:
    if settings.rate_limit_backend != "auto":
        return settings.rate_limit_backend
    if settings.redis_url:
        return "redis"
    return "postgres" if settings.database_url.startswith("postgresql") else "memory"


def make_buckets(settings: Settings, engine: Engine | None = None) -> Buckets:
    name = backend_name(settings)
    if name == "redis":
        if not settings.redis_url:
            raise ValueError("PASSEND_RATE_LIMIT_BACKEND=redis needs PASSEND_REDIS_URL")
        return RedisBuckets(settings.redis_url)
    if name == "postgres":
        from app.core.db import get_engine

        return PostgresBuckets(engine or get_engine())
    return MemoryBuckets()
