from django.conf import settings
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator

from chat.managers import MessageQuerySet
from courses.models import Course

MESSAGE_MAX_LENGTH = 2000


class Message(models.Model):
    """One message said in a course's chat room, stored as typed (raw text)."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="chat_messages"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="chat_messages",
    )
    content = models.CharField(
        max_length=MESSAGE_MAX_LENGTH,
        error_messages={"blank": "A message cannot be empty."},
        # PostgreSQL refuses NUL characters with a ValueError: refuse them first.
        validators=[ProhibitNullCharactersValidator()],
    )
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["sent_at", "pk"]
        indexes = [
            # A room's last messages: one range of this index, newest first.
            models.Index(fields=["course", "sent_at"], name="chat_message_room_idx"),
        ]

    def __str__(self):
        return Truncator(self.content).chars(50)
