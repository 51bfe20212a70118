import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("health check: database unreachable")
        return False


def _cache_ok() -> bool:
    # The memcached backend swallows errors (an outage must not 500 pages), so
    # a round trip of a fresh value is the only reliable probe. The key is
    # per probe: with a shared one, concurrent probes overwrite each other.
    token = secrets.token_hex(8)
    key = f"healthz:{token}"
    try:
        cache.set(key, token, timeout=10)
        ok = cache.get(key) == token
        cache.delete(key)
        return ok
    except Exception:
        logger.exception("health check: cache unreachable")
        return False


@never_cache
@require_safe
def healthz(request):
    """200 when the database and the cache answer, else 503 naming what is down."""
    status = {
        "database": "ok" if _database_ok() else "down",
        "cache": "ok" if _cache_ok() else "down",
    }
    healthy = all(value == "ok" for value in status.values())
    return JsonResponse(status, status=200 if healthy else 503)


@require_safe
def ping(request):
    """A trivial endpoint: the baseline that benchmarks measure pages against."""
    return JsonResponse({"ping": "pong"})
