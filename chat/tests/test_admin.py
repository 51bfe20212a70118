import pytest
from django.urls import reverse

from chat.tests.factories import MessageFactory

pytestmark = pytest.mark.django_db


def test_staff_find_messages_by_their_text_shown_escaped(admin_client):
    MessageFactory(content="<b>Where is the syllabus?</b>")
    MessageFactory(content="Thanks!")
    url = reverse("admin:chat_message_changelist")

    response = admin_client.get(url, {"q": "syllabus"})

    assert [m.content for m in response.context["cl"].result_list] == [
        "<b>Where is the syllabus?</b>"
    ]
    assert "&lt;b&gt;Where is the syllabus?&lt;/b&gt;" in response.content.decode()
