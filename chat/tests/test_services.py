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


@pytest.mark.parametrize(
    "content", ["", "   \n", "x" * 2001, "nul\x00byte", "lone \ud800"]
)
def test_an_empty_too_long_nul_or_broken_unicode_message_is_refused(
    course, student, content
):
    with pytest.raises(ValidationError):
        message_create(course_id=course.pk, user=student, content=content)

    assert not Message.objects.exists()


def test_the_size_limit_is_in_utf8_bytes(course, student):
    four_byte_characters = "😀" * 1500  # 6,000 bytes: the most a message may weigh

    message_create(course_id=course.pk, user=student, content=four_byte_characters)
    with pytest.raises(ValidationError, match="at most 6000 bytes"):
        message_create(course_id=course.pk, user=student, content="😀" * 1501)

    assert Message.objects.count() == 1


def test_text_the_database_refuses_is_a_validation_error(course, student, monkeypatch):
    # As if a validator missed something this database cannot store.
    monkeypatch.setattr(Message, "full_clean", lambda self, **kwargs: None)

    with pytest.raises(ValidationError, match="cannot be stored"):
        message_create(course_id=course.pk, user=student, content="lone \ud800")

    assert not Message.objects.exists()
