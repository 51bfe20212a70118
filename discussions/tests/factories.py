import factory

from accounts.tests.factories import UserFactory
from courses.tests.factories import CourseFactory
from discussions.models import Comment, Like, Post


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    course = factory.SubFactory(CourseFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Question {n}")
    body = "How does this work?"


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    post = factory.SubFactory(PostFactory)
    author = factory.SubFactory(UserFactory)
    body = "Like this."


class LikeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Like

    post = factory.SubFactory(PostFactory)
    user = factory.SubFactory(UserFactory)
