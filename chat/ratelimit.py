"""How fast one user may talk: RATE_LIMIT messages per RATE_WINDOW seconds,
counted across all their sockets and processes in the Django cache."""

import logging
import time
from collections import deque

from django.core.cache import cache

RATE_LIMIT = 10
RATE_WINDOW = 10  # seconds
TOO_FAST = (
    f"You are sending messages too fast: at most {RATE_LIMIT} "
    f"every {RATE_WINDOW} seconds. Wait a moment."
)

logger = logging.getLogger(__name__)


def _key(user_id: int, window: int) -> str:
    return f"chat:rate:{user_id}:{window}"


def shared_rate_allows(user_id: int, now: float) -> bool | None:
    """Count one message of `user_id`; whether they are within the limit, or None
    when the cache cannot count (down, or the counter evicted).

    A sliding window from two fixed ones: the previous window's count weighs
    what is left of it, so a burst astride a boundary is not let through twice.
    Refused messages count too: a flood stays refused until it stops.
    """
    window, elapsed = divmod(now, RATE_WINDOW)
    current = _key(user_id, int(window))
    try:
        # add() then incr(): both atomic in memcached, so concurrent sockets of
        # one user never lose a count.
        count = 1 if cache.add(current, 1, timeout=2 * RATE_WINDOW) else None
        if count is None:
            count = cache.incr(current)
        previous = cache.get(_key(user_id, int(window) - 1), 0)
    except Exception:  # any cache failure: the per-socket limit still holds
        logger.warning("Chat rate limit: the cache cannot count, per socket only")
        return None
    return previous * (1 - elapsed / RATE_WINDOW) + count <= RATE_LIMIT


class MessageRate:
    """One socket's view of its user's rate: the shared count when the cache
    answers, and always this socket's own count (exact, in memory), so a cache
    outage still leaves each socket limited."""

    def __init__(self, user_id: int):
        self.user_id = user_id
        self.sent: deque[float] = deque()  # when this socket's messages were sent

    def allows(self) -> bool:
        """Count one message; whether it may be said. Blocking (the cache)."""
        now = time.time()
        while self.sent and self.sent[0] <= now - RATE_WINDOW:
            self.sent.popleft()
        self.sent.append(now)
        shared = shared_rate_allows(self.user_id, now)
        return len(self.sent) <= RATE_LIMIT and shared is not False
