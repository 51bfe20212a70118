from django.core.exceptions import ValidationError
from django.db import DataError, transaction

from chat.models import Message

NOT_STORED = "This message cannot be stored: remove its unusual characters."


def message_create(*, course_id: int, user, content: str) -> Message:
    """Store a message said in a course's room, without its surrounding whitespace.

    ValidationError when nothing is left, it is too long (characters or UTF-8
    bytes), or the database refuses the text. The caller has checked that
    `user` may speak in the room.
    """
    message = Message(course_id=course_id, user=user, content=content.strip())
    # Not the two foreign keys: the consumer let only members of an existing
    # course in, and checking both rows again would cost two queries a message.
    message.full_clean(exclude=["course", "user"])
    try:
        # A savepoint: a refused INSERT must not break the caller's transaction.
        with transaction.atomic():
            message.save()
    except (DataError, UnicodeError) as error:
        # Text the validators let through but this database cannot hold (its
        # encoding, a driver's rule): the sender's mistake, not a server error.
        raise ValidationError(NOT_STORED, code="not_stored") from error
    return message
