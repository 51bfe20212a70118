import factory

from accounts.tests.factories import UserFactory
from chat.models import Message
from courses.tests.factories import CourseFactory


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    course = factory.SubFactory(CourseFactory)
    user = factory.SubFactory(UserFactory)
    content = factory.Sequence(lambda n: f"Message {n}")
