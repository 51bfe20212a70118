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


# Backends that write each email, reset links included, where operators read.
EMAIL_TO_LOG = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


@register("email", deploy=True)
def email_backend_check(app_configs, **kwargs):
    """Production must send its emails, not print them (`check --deploy` warns)."""
    if settings.EMAIL_BACKEND not in EMAIL_TO_LOG:
        return []
    return [
        Warning(
            "Emails are written to the log or to files, not sent.",
            hint=(
                "Password-reset links would land in the logs, where anyone who "
                "reads them can take over the account. Set EMAIL_URL to an SMTP "
                "server (smtp://host:port, smtp+tls://user:password@host:587)."
            ),
            id="educa.W002",
        )
    ]
