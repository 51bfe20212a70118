"""Saving the order of modules and contents: JSON, CSRF, all or nothing."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import InstructorFactory
from courses.models import Content, Module
from courses.tests.factories import CourseFactory, ModuleFactory, add_content

MODULE_ORDER = reverse("courses:module_order")
CONTENT_ORDER = reverse("courses:content_order")


@pytest.fixture
def course(client, db):
    course = CourseFactory()
    for title in ["A", "B", "C"]:
        ModuleFactory(course=course, title=title)
    client.force_login(course.owner)
    return course


def post_json(client, url, data, **extra):
    body = data if isinstance(data, str) else json.dumps(data)
    return client.post(url, body, content_type="application/json", **extra)


def titles(course):
    return [m.title for m in course.modules.all()]


def test_modules_take_the_posted_order(client, course):
    a, b, c = course.modules.all()

    response = post_json(client, MODULE_ORDER, {a.pk: 2, b.pk: 0, c.pk: 1})

    assert response.status_code == 200
    assert response.json() == {"saved": 3}
    assert titles(course) == ["B", "C", "A"]


def test_contents_take_the_posted_order(client, course):
    module = course.modules.first()
    first, second = add_content(module, title="1st"), add_content(module, title="2nd")

    response = post_json(client, CONTENT_ORDER, {first.pk: 1, second.pk: 0})

    assert response.status_code == 200
    assert [c.item.title for c in module.contents.all()] == ["2nd", "1st"]


def test_the_module_page_shows_the_saved_order(client, course):
    a, b, c = course.modules.all()
    post_json(client, MODULE_ORDER, {a.pk: 2, b.pk: 1, c.pk: 0})

    page = client.get(
        reverse("courses:course_module_update", args=[course.pk])
    ).content.decode()

    order_list = page[page.index('class="order-list"') :]
    assert order_list.index(">C<") < order_list.index(">B<") < order_list.index(">A<")


def test_someone_elses_id_is_404_and_nothing_changes(client, course):
    a, b, _ = course.modules.all()
    foreign = ModuleFactory(course=CourseFactory(), title="Foreign")

    response = post_json(client, MODULE_ORDER, {a.pk: 5, foreign.pk: 0, b.pk: 4})

    assert response.status_code == 404
    assert [m.order for m in course.modules.all()] == [0, 1, 2]
    foreign.refresh_from_db()
    assert foreign.order == 0


def test_a_content_id_is_not_a_module_id(client, course):
    content = add_content(ModuleFactory(course=CourseFactory()))

    response = post_json(client, CONTENT_ORDER, {content.pk: 3})

    assert response.status_code == 404
    assert Content.objects.get().order == 0


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[1, 2]",
        "{}",
        '{"abc": 1}',
        '{"1": -1}',
        '{"1": "2"}',
        '{"1": 1.5}',
        '{"1": null}',
        '{"1": true}',
        '{"1": 2147483648}',
        '{"99999999999999999999": 1}',
        '{"1": 0, "01": 1}',
        '{"\u0661": 0}',
    ],
)
def test_a_malformed_order_is_a_400_that_changes_nothing(client, course, body):
    response = post_json(client, MODULE_ORDER, body)

    assert response.status_code == 400
    assert "error" in response.json()
    assert titles(course) == ["A", "B", "C"]


def test_get_is_not_allowed(client, course):
    assert client.get(MODULE_ORDER).status_code == 405


def test_a_post_without_the_csrf_token_is_rejected(course):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(course.owner)
    a, b, c = course.modules.all()

    response = post_json(browser, MODULE_ORDER, {a.pk: 2, c.pk: 0})

    assert response.status_code == 403
    assert titles(course) == ["A", "B", "C"]


def test_a_post_with_the_csrf_token_is_accepted(course):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(course.owner)
    browser.get(reverse("courses:course_module_update", args=[course.pk]))
    token = browser.cookies["csrftoken"].value
    a, _, c = course.modules.all()

    response = post_json(
        browser, MODULE_ORDER, {a.pk: 2, c.pk: 0}, HTTP_X_CSRFTOKEN=token
    )

    assert response.status_code == 200
    assert titles(course) == ["C", "B", "A"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_two_concurrent_reorders_end_in_one_of_the_two_orders():
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    from courses.services import module_reorder

    owner = InstructorFactory()
    course = CourseFactory(owner=owner)
    ids = [ModuleFactory(course=course, title=t).pk for t in "ABCD"]
    forward = {pk: n for n, pk in enumerate(ids)}
    backward = {pk: len(ids) - 1 - n for n, pk in enumerate(ids)}

    def reorder(orders):
        try:
            module_reorder(user=owner, orders=orders)
        finally:
            connections.close_all()

    for _ in range(10):
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(reorder, [forward, backward]))
        got = dict(Module.objects.filter(course=course).values_list("pk", "order"))
        assert got in (forward, backward)


def test_the_service_refuses_a_foreign_id_with_does_not_exist(course):
    from courses.services import content_reorder, module_reorder

    foreign = add_content(ModuleFactory(course=CourseFactory()))
    with pytest.raises(Module.DoesNotExist):
        module_reorder(user=course.owner, orders={foreign.module_id: 1})
    with pytest.raises(Content.DoesNotExist):
        content_reorder(user=course.owner, orders={foreign.pk: 1})
