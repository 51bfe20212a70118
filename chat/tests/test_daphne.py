"""The room's socket through a real daphne (`site`): what production runs, with
the Procfile's frame limit, where the in-process communicator has no limit and
no server of its own to close a socket."""

import json
import re
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from chat.frames import FRAME_MAX_BYTES
from chat.models import MESSAGE_MAX_BYTES
from chat.tests.factories import MessageFactory

from .conftest import use_redis_layer

pytestmark = pytest.mark.django_db(transaction=True)


def room_path(course) -> str:
    return f"/ws/chat/room/{course.pk}/"


def test_the_procfile_gives_daphne_the_frame_limit_the_consumer_builds_for():
    procfile = (Path(django_settings.BASE_DIR) / "Procfile").read_text()

    [limit] = re.findall(r"--websocket-max-message-size (\d+)", procfile)

    assert int(limit) == FRAME_MAX_BYTES


@pytest.mark.browser
def test_an_idle_socket_on_redis_still_hears_a_message_said_15_seconds_later(
    settings, redis_url, browser_socket, course, owner, student
):
    use_redis_layer(settings, redis_url)
    listener = browser_socket(student, room_path(course))
    speaker = browser_socket(owner, room_path(course))
    assert listener.wait_for(1)["frames"][0]["type"] == "history"
    speaker.wait_for(1)

    # The bound: quiet for three times the layer's 5 s Redis wait.
    time.sleep(15)
    speaker.send(json.dumps({"message": "Still there?"}))

    log = listener.wait_for(2)
    assert log["closed"] is None
    assert log["frames"][1]["message"] == "Still there?"


@pytest.mark.browser
def test_a_room_full_of_the_largest_emoji_messages_still_lets_a_newcomer_in(
    browser_socket, course, owner, student
):
    largest = "😀" * (MESSAGE_MAX_BYTES // 4)  # 4 bytes each in UTF-8
    MessageFactory.create_batch(50, course=course, user=owner, content=largest)
    newest = MessageFactory(course=course, user=owner, content="😀 newest")

    socket = browser_socket(student, room_path(course))
    log = socket.wait_for(1)
    socket.send(json.dumps({"message": largest}, ensure_ascii=False))
    log = socket.wait_for(2)

    assert log["closed"] is None
    history, said = log["frames"]
    assert history["type"] == "history"
    assert history["messages"][-1]["message"] == newest.content
    assert len(history["messages"]) > 5
    assert {m["message"] for m in history["messages"][:-1]} == {largest}
    assert said["message"] == largest
    assert max(log["sizes"]) <= FRAME_MAX_BYTES


@pytest.mark.browser
def test_an_unknown_socket_path_is_closed_as_not_found(browser_socket, student):
    socket = browser_socket(student, "/ws/nope/")

    assert socket.wait_for(1)["closed"] == 4404
