"""The chat room of a course over a WebSocket: /ws/chat/room/<course_id>/.

Frames are JSON. The client sends {"message": "..."}; the server sends
{"type": "history", "messages": [...]} once on joining, then each message said
in the room as {"type": "message", "user", "instructor", "message", "datetime"}
("user" is the sender's username), and {"type": "error", "error": "..."} to the
sender alone for a frame it refused. A member who loses access (removed,
logged out, deactivated) gets the socket closed with ACCESS_LOST.
"""

import json
import time

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.core.exceptions import ValidationError

from chat.access import room_access
from chat.frames import error_frame, frame_text, history_text, message_frame
from chat.groups import room_group, user_group
from chat.models import Message
from chat.ratelimit import TOO_FAST, MessageRate
from chat.services import message_create

BAD_FRAME = 'Send a JSON object: {"message": "your text"}.'
NO_ACCESS = "You no longer have access to this room."
# The close code for a member who lost access (4000-4999: the application's own;
# 4403 reads as HTTP's 403). room.js does not reconnect after it.
ACCESS_LOST = 4403
# How stale a member's access may be when a message is delivered to them; the
# removal, logout and deactivation notices (chat.signals) usually come first.
RECHECK_SECONDS = 5


@database_sync_to_async
def room_join(user, session_key, course_id: int) -> tuple[int, str] | None:
    """(the instructor's id, the history frame) if `user` may join, else None."""
    instructor_id = room_access(user=user, session_key=session_key, course_id=course_id)
    if instructor_id is None:
        return None
    messages = Message.objects.last_in_room(course_id)
    return instructor_id, history_text(messages, instructor_id=instructor_id)


def message_text(text_data: str | None) -> str:
    """The text of a client frame; ValidationError if it has none."""
    try:
        data = json.loads(text_data or "")
    except (ValueError, RecursionError) as error:  # deep nesting: RecursionError
        raise ValidationError(BAD_FRAME) from error
    if not isinstance(data, dict) or not isinstance(data.get("message"), str):
        raise ValidationError(BAD_FRAME)
    return data["message"]


class ChatConsumer(AsyncWebsocketConsumer):
    """A course's room: its enrolled students and its owner, nobody else, checked
    at connect, on every message received and before delivering one."""

    groups_joined: tuple[str, ...] = ()
    left = False

    async def connect(self):
        self.user = self.scope["user"]
        self.course_id = self.scope["url_route"]["kwargs"]["course_id"]
        session = self.scope.get("session")
        self.session_key = session.session_key if session is not None else None
        joined = await room_join(self.user, self.session_key, self.course_id)
        if joined is None:
            # Closing before accepting refuses the handshake (HTTP 403).
            await self.close()
            return
        self.instructor_id, history = joined
        self.checked_at = time.monotonic()
        self.rate = MessageRate(self.user.pk)
        self.groups_joined = (room_group(self.course_id), user_group(self.user.pk))
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await self.send(text_data=history)

    async def disconnect(self, code):
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        if self.left:
            return
        if not await self.still_allowed():
            await self.send_json(error_frame(NO_ACCESS))
            await self.leave()
            return
        try:
            text = message_text(text_data)
            if not await sync_to_async(self.rate.allows)():
                raise ValidationError(TOO_FAST)
            message = await database_sync_to_async(message_create)(
                course_id=self.course_id, user=self.user, content=text
            )
        except ValidationError as error:
            # To the sender alone; the socket stays open for the next message.
            await self.send_json(error_frame(" ".join(error.messages)))
            return
        frame = message_frame(message, instructor_id=self.instructor_id)
        await self.channel_layer.group_send(
            room_group(self.course_id), {"type": "chat.message", "frame": frame}
        )

    async def chat_message(self, event):
        """A message said in the room (group_send), for this member's socket."""
        if self.left:
            return
        stale = time.monotonic() - self.checked_at > RECHECK_SECONDS
        if stale and not await self.still_allowed():
            await self.leave()
            return
        await self.send_json(event["frame"])

    async def chat_recheck(self, event):
        """Someone's access may have changed (chat.signals): check ours now."""
        if not self.left and not await self.still_allowed():
            await self.leave()

    async def chat_logout(self, event):
        """The user logged out of a session; close if it is this socket's."""
        if event["session_key"] == self.session_key:
            await self.leave()

    async def leave(self) -> None:
        """Close the socket of a member who lost access; nothing more reaches it
        (events already queued for it are dropped)."""
        if not self.left:
            self.left = True
            await self.close(code=ACCESS_LOST)

    async def still_allowed(self) -> bool:
        """Whether the user may still be here, asked of the database (one query)."""
        instructor_id = await database_sync_to_async(room_access)(
            user=self.user, session_key=self.session_key, course_id=self.course_id
        )
        self.checked_at = time.monotonic()
        if instructor_id is None:
            return False
        self.instructor_id = instructor_id
        return True

    async def send_json(self, frame: dict) -> None:
        await self.send(text_data=frame_text(frame))
