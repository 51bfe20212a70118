"""Concurrent likes (PostgreSQL): each user's like counts once, however many
arrive at once, and none fails."""

import threading

import pytest
from django.db import connection

from accounts.tests.factories import UserFactory
from discussions.models import Like
from discussions.services import post_like, post_unlike
from discussions.tests.factories import PostFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def at_once(calls) -> list:
    """Run each call in a thread of its own (its own connection), released
    together; their results, or the exceptions they raised."""
    barrier = threading.Barrier(len(calls), timeout=30)
    results: list = []

    def run(call):
        barrier.wait()
        try:
            results.append(call())
        except Exception as error:  # the test asserts on it
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=[call]) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_twenty_students_liking_one_post_at_once_make_twenty_likes():
    post = PostFactory()
    students = UserFactory.create_batch(20)
    post.course.students.add(*students)

    results = at_once([lambda s=s: post_like(user=s, post=post) for s in students])

    assert all(isinstance(result, int) for result in results), results
    assert max(results) == 20
    assert Like.objects.filter(post=post).count() == 20


def test_one_student_liking_a_post_twice_at_once_makes_one_like():
    post = PostFactory()
    student = UserFactory()
    post.course.students.add(student)

    for _ in range(5):
        results = at_once([lambda: post_like(user=student, post=post)] * 2)

        assert results == [1, 1]
        assert Like.objects.filter(post=post).count() == 1
        at_once([lambda: post_unlike(user=student, post=post)] * 2)
        assert not Like.objects.filter(post=post).exists()


def deleted_while(post, add) -> object:
    """Delete `post` in a transaction held open while `add` (a comment or a
    like of it) starts in another thread; then commit. What `add` returned, or
    the exception it raised."""
    from django.db import transaction

    from discussions.services import post_delete

    outcome: list = []

    def adding():
        try:
            outcome.append(add())
        except Exception as error:  # the test asserts on it
            outcome.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=adding)
    with transaction.atomic():
        post_delete(user=post.course.owner, post=post)
        thread.start()
        thread.join(timeout=0.5)  # it waits for the delete (or would not)
    thread.join(timeout=30)
    return outcome[0]


def test_a_comment_on_a_post_being_deleted_is_refused_not_a_server_error():
    from discussions.models import Comment, Post
    from discussions.services import comment_create

    post = PostFactory()
    student = UserFactory()
    post.course.students.add(student)

    outcome = deleted_while(
        post, lambda: comment_create(author=student, post=post, body="Wait!")
    )

    assert isinstance(outcome, Post.DoesNotExist), outcome
    assert not Post.objects.filter(pk=post.pk).exists()
    assert not Comment.objects.exists()


def test_a_like_of_a_post_being_deleted_is_refused_not_a_server_error():
    from discussions.models import Post

    post = PostFactory()
    student = UserFactory()
    post.course.students.add(student)

    outcome = deleted_while(post, lambda: post_like(user=student, post=post))

    assert isinstance(outcome, Post.DoesNotExist), outcome
    assert not Like.objects.exists()


@pytest.mark.parametrize("child", ["comment", "like"])
def test_a_post_deleted_while_a_comment_or_like_is_being_added_goes_with_it(child):
    from django.db import transaction

    from discussions.models import Comment, Post
    from discussions.services import comment_create, post_delete

    post = PostFactory()
    student = UserFactory()
    post.course.students.add(student)
    outcome: list = []

    def deleting():
        try:
            post_delete(user=post.course.owner, post=post)
            outcome.append("deleted")
        except Exception as error:  # the test asserts on it
            outcome.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=deleting)
    with transaction.atomic():
        if child == "comment":
            comment_create(author=student, post=post, body="Just in time")
        else:
            post_like(user=student, post=post)
        thread.start()
        thread.join(timeout=0.5)  # the delete waits for this commit
    thread.join(timeout=30)

    assert outcome == ["deleted"]
    assert not Post.objects.filter(pk=post.pk).exists()
    assert not Comment.objects.exists()
    assert not Like.objects.exists()
