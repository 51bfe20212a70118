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
