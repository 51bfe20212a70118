"""OrderField on its own: positions within the group named by `for_fields`."""

import pytest

from courses.models import Module
from courses.tests.factories import CourseFactory, ModuleFactory


@pytest.fixture
def course(db):
    return CourseFactory()


def test_the_first_object_of_a_group_gets_0(course):
    assert ModuleFactory(course=course).order == 0


def test_the_next_objects_count_up(course):
    orders = [ModuleFactory(course=course).order for _ in range(3)]

    assert orders == [0, 1, 2]


def test_each_group_counts_on_its_own(course):
    ModuleFactory(course=course)
    ModuleFactory(course=course)

    assert ModuleFactory(course=CourseFactory()).order == 0


def test_after_a_gap_it_takes_one_more_than_the_highest(course):
    ModuleFactory(course=course, order=0)
    ModuleFactory(course=course, order=7)

    assert ModuleFactory(course=course).order == 8


def test_an_explicit_order_is_kept(course):
    ModuleFactory(course=course)
    ModuleFactory(course=course)

    assert ModuleFactory(course=course, order=0).order == 0


def test_saving_again_keeps_the_order(course):
    first = ModuleFactory(course=course)
    ModuleFactory(course=course)

    first.title = "Renamed"
    first.save()
    first.refresh_from_db()

    assert first.order == 0


def test_the_field_survives_a_migration_round_trip():
    field = Module._meta.get_field("order")
    name, path, args, kwargs = field.deconstruct()

    assert path == "courses.fields.OrderField"
    assert kwargs["for_fields"] == ["course"]
