"""Fixtures of the discussions' tests: a course with a student and an outsider."""

import pytest

from accounts.tests.factories import UserFactory
from courses.tests.factories import CourseFactory


@pytest.fixture
def course(db):
    return CourseFactory()


@pytest.fixture
def owner(course):
    return course.owner


@pytest.fixture
def student(course):
    user = UserFactory()
    course.students.add(user)
    return user


@pytest.fixture
def outsider(db):
    return UserFactory()
