"""The JSON frames the room's socket sends, each sized to pass daphne's limit."""

import json

# daphne's --websocket-max-message-size in the Procfile (a test holds them
# equal). daphne refuses to send a bigger frame and closes the socket instead,
# so no frame built here may exceed it, whatever users stored.
FRAME_MAX_BYTES = 65_536


def frame_text(frame: dict) -> str:
    """A frame as sent: compact JSON, non-ASCII as UTF-8 rather than \\u escapes
    (an emoji weighs 4 bytes on the wire instead of 12)."""
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))


def frame_size(text: str) -> int:
    """What `text` weighs on the wire, which is what daphne's limit counts."""
    return len(text.encode("utf-8"))


def message_frame(message, *, instructor_id: int | None) -> dict:
    """A message as members see it: the sender's username, never a display name
    anyone could copy, and whether the sender teaches the course.

    At most about 13 KB: 2,000 characters escaped to 6 bytes each at worst.
    """
    return {
        "type": "message",
        "user": message.user.username,
        "instructor": message.user_id == instructor_id,
        "message": message.content,
        "datetime": message.sent_at.isoformat(),
    }


def history_text(messages, *, instructor_id: int | None) -> str:
    """The history frame: the newest of `messages` (oldest first) that fit in
    FRAME_MAX_BYTES, in their order."""
    budget = FRAME_MAX_BYTES - frame_size(frame_text(history_frame([])))
    kept = []
    for message in reversed(messages):
        frame = message_frame(message, instructor_id=instructor_id)
        cost = frame_size(frame_text(frame)) + 1  # and a comma
        if cost > budget:
            break
        budget -= cost
        kept.append(frame)
    return frame_text(history_frame(kept[::-1]))


def history_frame(frames: list[dict]) -> dict:
    return {"type": "history", "messages": frames}


def error_frame(text: str) -> dict:
    return {"type": "error", "error": text}
