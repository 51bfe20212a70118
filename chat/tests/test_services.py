import pytest
from django.core.exceptions import ValidationError

from chat.models import Message
from chat.services import message_create

pytestmark = pytest.mark.django_db


def test_a_message_is_stored_without_its_surrounding_whitespace(course, student):
    message = message_create(
        course_id=course.pk, user=student, content="\n  Line one\nline two \t"
    )

    message.refresh_from_db()
    assert message.content == "Line one\nline two"
    assert (message.course, message.user) == (course, student)


@pytest.mark.parametrize("content", ["", "   \n", "x" * 2001, "nul\x00byte"])
def test_an_empty_too_long_or_nul_message_is_refused(course, student, content):
    with pytest.raises(ValidationError):
        message_create(course_id=course.pk, user=student, content=content)

    assert not Message.objects.exists()
