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
    """200 while the database answers, "degraded" when the cache does not; 503
    when the database does not (most pages need it)."""
    database_ok, cache_ok = _database_ok(), _cache_ok()
    # Every server shares the cache, and every page works without it: a 503 for
    # it would have the load balancer pull every server at once.
    if not database_ok:
        status = "down"
    elif not cache_ok:
        status = "degraded"
    else:
        status = "ok"
    body = {
        "status": status,
        "database": "ok" if database_ok else "down",
        "cache": "ok" if cache_ok else "down",
    }
    return JsonResponse(body, status=200 if database_ok else 503)


@require_safe
def ping(request):
    """A trivial endpoint: the baseline that benchmarks measure pages against."""
    return JsonResponse({"ping": "pong"})
