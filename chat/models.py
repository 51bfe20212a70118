from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator

from chat.managers import MessageQuerySet
from courses.models import Course

MESSAGE_MAX_LENGTH = 2000
# What a message may weigh in UTF-8: 2,000 characters of any script but emoji
# (at most 3 bytes each), 1,500 emoji. Frames are sized in bytes (chat.frames).
MESSAGE_MAX_BYTES = 6000


def validate_message_bytes(content: str) -> None:
    """Refuse text UTF-8 cannot encode (a lone surrogate) or over MESSAGE_MAX_BYTES."""
    try:
        size = len(content.encode("utf-8"))
    except UnicodeEncodeError as error:
        raise ValidationError(
            "A message must be text: it has an invalid character.",
            code="invalid_character",
        ) from error
    if size > MESSAGE_MAX_BYTES:
        raise ValidationError(
            f"Ensure this message is at most {MESSAGE_MAX_BYTES} bytes "
            f"(it has {size}).",
            code="max_bytes",
        )


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
        validators=[ProhibitNullCharactersValidator(), validate_message_bytes],
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
