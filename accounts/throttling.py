"""The limits on everything that checks a password or sends a reset email."""

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac
from rest_framework.throttling import ScopedRateThrottle


class ClientAddressThrottle(ScopedRateThrottle):
    """A scope counted per client address, logged in or not (DRF's counts a
    logged-in user by id): the anonymous login and the password change of
    someone logged in then spend the same budget."""

    def get_cache_key(self, request, view):
        return self.cache_format % {
            "scope": self.scope,
            "ident": self.get_ident(request),
        }


class AuthScope:
    # What ScopedRateThrottle reads off "the view": the scope of the counter.
    throttle_scope = "auth"


def client_address(request) -> str:
    """The client's address as the throttles see it (NUM_PROXIES applied)."""
    return ClientAddressThrottle().get_ident(request)


def _rate() -> tuple[int, int]:
    """PASSWORD_RESET_EMAIL_RATE as (emails, seconds)."""
    count, period = settings.PASSWORD_RESET_EMAIL_RATE.split("/")
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]
    return int(count), seconds


def reset_email_quota_take(email: str) -> bool:
    """Count one reset email to this address; False once the address has had
    PASSWORD_RESET_EMAIL_RATE of them in the current window.

    Keyed by a keyed hash of the lowercased address, so the cache holds no
    address. Every request counts, known address or not: the count says nothing
    about who has an account. An unreachable cache allows (as DRF's throttles do).
    """
    limit, seconds = _rate()
    digest = salted_hmac("password-reset-quota", email.strip().lower()).hexdigest()
    key = f"password-reset-quota:{digest}"
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the entry is gone: expired just now, or no cache
        return True
