from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCMEM = "django.core.cache.backends.locmem.LocMemCache"


@register(Tags.caches, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    """Production needs one cache for all workers (`check --deploy` warns)."""
    if settings.CACHES["default"]["BACKEND"] != LOCMEM:
        return []
    return [
        Warning(
            "The local-memory cache is private to each worker process.",
            hint=(
                "With several gunicorn workers one worker keeps serving cached "
                "pages after another has changed the data, and throttles count "
                "per worker. Set MEMCACHED_SERVERS."
            ),
            id="educa.W001",
        )
    ]
