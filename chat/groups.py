"""The channel-layer groups of the chat and the notices sent to them."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def room_group(course_id: int) -> str:
    """Every socket open in a course's room."""
    return f"chat_course_{course_id}"


def user_group(user_id: int) -> str:
    """Every chat socket of one user, whatever the room."""
    return f"chat_user_{user_id}"


def group_notify(group: str, event: dict) -> None:
    """Send `event` to `group` once the current transaction commits (the sockets
    then read what it wrote). Best effort: with the layer down the notice is lost,
    and the sockets still re-check access before each delivery."""

    def send():
        try:
            async_to_sync(get_channel_layer().group_send)(group, event)
        except Exception:  # the write that triggered it must not fail for this
            logger.warning("Chat: could not notify %s", group, exc_info=True)

    transaction.on_commit(send)


def access_changed(*, user_ids=(), course_id: int | None = None) -> None:
    """The sockets of these users (or of this course's room) re-check their
    access against the database now, and close if it is gone."""
    for user_id in user_ids:
        group_notify(user_group(user_id), {"type": "chat.recheck"})
    if course_id is not None:
        group_notify(room_group(course_id), {"type": "chat.recheck"})
