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


def busy_board(size):
    """A course whose `size * 3` posts by different students each have `size`
    comments and `size` likes (one of them the first student's), by different
    authors: (the course, the first student, the posts)."""
    course = CourseFactory()
    students = UserFactory.create_batch(size * 3)
    course.students.add(*students)
    posts = [PostFactory(course=course, author=s) for s in students]
    for post in posts:
        for n in range(size):
            CommentFactory(post=post, author=students[n])
            LikeFactory(post=post, user=students[n])
    return course, students[0], posts
