"""The courses API answers from the cache, and never shows stale data.

Each test warms the cache with a first read, changes the data as an instructor
or an admin would, and reads again: the change must show at once.
"""

import pytest
from django.core.cache import caches
from django.urls import reverse

from courses.services import content_reorder, module_reorder
from courses.tests.factories import (
    CourseFactory,
    ModuleFactory,
    SubjectFactory,
    add_content,
)

pytestmark = pytest.mark.django_db


def course_list(client) -> dict:
    return client.get(reverse("api:course-list")).json()["results"]


def _retitle(course):
    course.title = "Renamed course"
    course.save()
    return lambda row: row["title"] == "Renamed course"


def _move(course):
    course.subject = SubjectFactory(slug="new-subject")
    course.save()
    return lambda row: row["subject"] == "new-subject"


def _add_module(course):
    ModuleFactory(course=course, title="A new module")
    return lambda row: [m["title"] for m in row["modules"]] == ["A new module"]


def _rename_owner(course):
    course.owner.first_name, course.owner.last_name = "Grace", "Hopper"
    course.owner.save()
    return lambda row: row["owner"]["name"] == "Grace Hopper"


@pytest.mark.parametrize("change", [_retitle, _move, _add_module, _rename_owner])
def test_each_change_to_a_course_shows_at_once_in_the_course_list(
    api_client, committed, change
):
    course = CourseFactory()
    course_list(api_client)

    with committed():
        shows = change(course)

    [row] = course_list(api_client)
    assert shows(row)


def test_a_new_course_shows_at_once_in_the_lists(api_client, committed):
    course = CourseFactory()
    course_list(api_client)
    subjects = api_client.get(reverse("api:subject-list")).json()["results"]
    assert [s["total_courses"] for s in subjects] == [1]

    with committed():
        CourseFactory(subject=course.subject)

    assert len(course_list(api_client)) == 2
    subjects = api_client.get(reverse("api:subject-list")).json()["results"]
    assert [s["total_courses"] for s in subjects] == [2]


def test_each_page_and_filter_is_its_own_entry(api_client):
    python, go = CourseFactory(subject__slug="python"), CourseFactory()
    url = reverse("api:course-list")

    everything = api_client.get(url).json()["results"]
    only_python = api_client.get(url, {"subject": "python"}).json()["results"]
    second = api_client.get(url, {"page_size": 1, "page": 2}).json()["results"]

    assert {row["id"] for row in everything} == {python.pk, go.pk}
    assert [row["id"] for row in only_python] == [python.pk]
    assert [row["id"] for row in second] == [python.pk]  # newest first


@pytest.fixture
def own_cache(settings):
    """A local-memory cache of this test's own, whose entries it can count (a
    shared memcached's count moves with whatever else runs)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "entries-counted",
        }
    }
    caches["default"].clear()


def cache_entries() -> int:
    return len(caches["default"]._cache)  # the local-memory cache's own dict


def test_junk_query_parameters_make_no_entries_and_stay_out_of_the_links(
    api_client, own_cache, django_assert_num_queries
):
    CourseFactory.create_batch(3)
    url = reverse("api:course-list")
    first = api_client.get(url, {"page_size": 2, "utm_source": "mail", "x": "y"})
    assert first.json()["next"] == "http://testserver/api/courses/?page=2&page_size=2"
    entries = cache_entries()

    for n in range(5):
        junk = {f"junk{n}": "z" * 100, "page": "01", "page_size": "2"}
        with django_assert_num_queries(0):
            assert api_client.get(url, junk).json() == first.json()

    assert cache_entries() == entries


@pytest.mark.parametrize(
    "junk",
    [{"page_size": "abc"}, {"ordering": "<script>x"}, {"page_size": "99999"}],
)
def test_one_callers_junk_never_shows_in_the_links_of_the_next(api_client, junk):
    from meals.tests.factories import MealFactory

    MealFactory.create_batch(3)
    url = reverse("api:meal-list")
    api_client.get(url, {**junk, "page_size": junk.get("page_size", "2")})

    for query in ({}, {"page_size": 2}):
        links = api_client.get(url, query).json()
        assert "abc" not in str(links["next"])
        assert "script" not in str(links["next"])
        assert "99999" not in str(links["next"])


def test_unknown_subjects_make_no_entries(api_client, own_cache):
    CourseFactory(subject__slug="python")
    url = reverse("api:course-list")
    api_client.get(url, {"subject": "nope"})  # the subjects, read to check it
    entries = cache_entries()

    for n in range(5):
        assert api_client.get(url, {"subject": f"nope-{n}"}).json()["results"] == []

    assert cache_entries() == entries


def test_the_meal_list_is_keyed_by_what_orders_and_filters_it(
    api_client, own_cache, django_assert_num_queries
):
    from meals.tests.factories import MealFactory

    MealFactory.create_batch(3)
    url = reverse("api:meal-list")
    by_title = api_client.get(url).json()
    by_rating = api_client.get(url, {"ordering": "-avg_rating"}).json()
    entries = cache_entries()

    # An ordering on no allowed field is the default one: the same entry.
    with django_assert_num_queries(0):
        assert api_client.get(url, {"ordering": "password"}).json() == by_title
    with django_assert_num_queries(0):
        again = api_client.get(url, {"ordering": "-avg_rating", "spam": "1"}).json()
        assert again == by_rating
    assert cache_entries() == entries


def test_a_page_past_the_end_is_a_404_every_time(api_client):
    CourseFactory()
    url = reverse("api:course-list")

    for _ in range(2):
        assert api_client.get(url, {"page": 9}).status_code == 404


# The contents call, for an enrolled student.


@pytest.fixture
def module(auth_api_client):
    module = ModuleFactory(title="Alpha")
    module.course.students.add(auth_api_client.user)
    return module


def contents(client, module) -> dict:
    url = reverse("api:course-contents", args=[module.course_id])
    return client.get(url).json()


def titles(body) -> list[list[str]]:
    return [[c["item"]["title"] for c in m["contents"]] for m in body["modules"]]


def test_an_edited_text_shows_at_once_in_the_contents(
    auth_api_client, committed, module
):
    content = add_content(module, content="First draft")
    assert "First draft" in str(contents(auth_api_client, module))

    with committed():
        content.item.content = "Final words"
        content.item.save()

    assert "Final words" in str(contents(auth_api_client, module))


def test_added_deleted_and_reordered_contents_show_at_once(
    auth_api_client, committed, module
):
    first = add_content(module, title="First")
    doomed = add_content(module, title="Doomed")
    contents(auth_api_client, module)

    with committed():
        doomed.delete()
        last = add_content(module, title="Last")
        content_reorder(user=module.course.owner, orders={first.pk: 1, last.pk: 0})

    assert titles(contents(auth_api_client, module)) == [["Last", "First"]]


def test_added_and_reordered_modules_show_at_once_in_the_contents(
    auth_api_client, committed, module
):
    contents(auth_api_client, module)

    with committed():
        omega = ModuleFactory(course=module.course, title="Omega")
        module_reorder(user=module.course.owner, orders={omega.pk: 0, module.pk: 1})

    body = contents(auth_api_client, module)
    assert [m["title"] for m in body["modules"]] == ["Omega", "Alpha"]


def test_the_cached_contents_are_still_refused_to_a_student_who_left(
    auth_api_client, committed, module
):
    contents(auth_api_client, module)

    with committed():
        module.course.students.remove(auth_api_client.user)

    url = reverse("api:course-contents", args=[module.course_id])
    assert auth_api_client.get(url).status_code == 403


def test_a_refused_student_who_enrols_reads_the_contents_at_once(
    auth_api_client, committed
):
    module = ModuleFactory()
    url = reverse("api:course-contents", args=[module.course_id])
    assert auth_api_client.get(url).status_code == 403

    with committed():
        module.course.students.add(auth_api_client.user)

    assert auth_api_client.get(url).status_code == 200


def test_the_former_owner_of_a_course_given_away_is_refused_at_once(
    auth_api_client, committed, module
):
    course = module.course
    old_owner = course.owner
    url = reverse("api:course-contents", args=[course.pk])
    auth_api_client.force_authenticate(old_owner)
    assert auth_api_client.get(url).status_code == 200

    with committed():
        course.owner = auth_api_client.user
        course.save()

    assert auth_api_client.get(url).status_code == 403


def test_contents_of_a_course_id_that_is_not_a_number_is_a_404(auth_api_client):
    response = auth_api_client.get("/api/courses/abc/contents/")

    assert response.status_code == 404
    assert "detail" in response.json()
