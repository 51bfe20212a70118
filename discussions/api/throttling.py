from django.conf import settings
from rest_framework.throttling import UserRateThrottle


class PostingThrottle(UserRateThrottle):
    """New posts and comments, counted per user together:
    DISCUSSION_THROTTLE_RATE (DRF's syntax, "30/hour"), read when the request
    comes (unlike DRF's DEFAULT_THROTTLE_RATES, bound at import).

    It takes any request with a `user` and `META`: the web pages may count
    their posts with it too (`allow_request(request, None)`).
    """

    scope = "discussions"

    def get_rate(self):
        return settings.DISCUSSION_THROTTLE_RATE
