from chat.models import Message


def message_create(*, course_id: int, user, content: str) -> Message:
    """Store a message said in a course's room, without its surrounding whitespace.

    ValidationError when nothing is left or it is longer than MESSAGE_MAX_LENGTH.
    The caller has checked that `user` may speak in the room.
    """
    message = Message(course_id=course_id, user=user, content=content.strip())
    # Not the two foreign keys: the consumer let only members of an existing
    # course in, and checking both rows again would cost two queries a message.
    message.full_clean(exclude=["course", "user"])
    message.save()
    return message
