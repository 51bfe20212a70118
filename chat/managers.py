from django.db import models

# How many of its last messages a room shows to someone joining it.
HISTORY_LENGTH = 50


class MessageQuerySet(models.QuerySet):
    def last_in_room(self, course_id: int, count: int = HISTORY_LENGTH) -> list:
        """The room's last `count` messages with their senders, oldest first.

        One query: the newest `count` (the course, sent_at index), then reversed.
        """
        newest = (
            self.filter(course_id=course_id)
            .select_related("user")
            .order_by("-sent_at", "-pk")[:count]
        )
        return list(newest)[::-1]
