"""The chat room of a course over a WebSocket: /ws/chat/room/<course_id>/.

Frames are JSON. The client sends {"message": "..."}; the server sends
{"type": "history", "messages": [...]} once on joining, then each message said
in the room as {"type": "message", "user", "message", "datetime"}, and
{"type": "error", "error": "..."} to the sender alone for a frame it refused.
"""

import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.core.exceptions import ValidationError

from chat.models import Message
from chat.services import message_create
from courses.models import Course

BAD_FRAME = 'Send a JSON object: {"message": "your text"}.'


def message_frame(message: Message) -> dict:
    return {
        "type": "message",
        "user": message.user.display_name,
        "message": message.content,
        "datetime": message.sent_at.isoformat(),
    }


@database_sync_to_async
def room_history(user, course_id: int) -> list[dict] | None:
    """The room's last messages as frames if `user` may join it, else None."""
    if not Course.objects.open_to(user).filter(pk=course_id).exists():
        return None
    return [message_frame(m) for m in Message.objects.last_in_room(course_id)]


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
    """A course's room: its enrolled students and its owner, nobody else."""

    group_name = None

    async def connect(self):
        self.user = self.scope["user"]
        self.course_id = self.scope["url_route"]["kwargs"]["course_id"]
        history = await room_history(self.user, self.course_id)
        if history is None:
            # Closing before accepting refuses the handshake (HTTP 403).
            await self.close()
            return
        self.group_name = f"chat_course_{self.course_id}"
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()
        await self.send_json({"type": "history", "messages": history})

    async def disconnect(self, code):
        if self.group_name is not None:
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        try:
            text = message_text(text_data)
            message = await database_sync_to_async(message_create)(
                course_id=self.course_id, user=self.user, content=text
            )
        except ValidationError as error:
            # To the sender alone; the socket stays open for the next message.
            await self.send_json({"type": "error", "error": " ".join(error.messages)})
            return
        await self.channel_layer.group_send(
            self.group_name, {"type": "chat.message", "frame": message_frame(message)}
        )

    async def chat_message(self, event):
        """A message said in the room (group_send), for this member's socket."""
        await self.send_json(event["frame"])

    async def send_json(self, data: dict) -> None:
        await self.send(text_data=json.dumps(data))
