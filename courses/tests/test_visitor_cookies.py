"""A visitor's cached page is served whatever stale or bogus cookies come along,
but never to someone logged in or with a message waiting."""

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.backends.cached_db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from accounts.tests.factories import UserFactory
from courses.models import Course
from courses.tests.factories import CourseFactory

CATALOGUE = reverse("courses:course_list")
SESSION = settings.SESSION_COOKIE_NAME

pytestmark = pytest.mark.django_db


def stale_session_key() -> str:
    """The key of a session that existed once (logged out, expired, purged)."""
    session = SessionStore()
    session["_auth_user_id"] = "1"
    session.create()
    session.delete()
    return session.session_key


def empty_session_key() -> str:
    """A live anonymous session that holds nothing."""
    session = SessionStore()
    session.create()
    return session.session_key


def real_message_cookie(text: str) -> str:
    """A messages cookie as Django would set it, signed, holding one message."""
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(messages.INFO, text)
    response = HttpResponse()
    storage.update(response)
    return response.cookies["messages"].value


# (cookie name, value, most queries the request may cost): an unknown key of a
# valid shape costs one session lookup in the database (the cache missed); a
# malformed one is dropped unread.
BOGUS_COOKIES = {
    "garbage sessionid": (SESSION, lambda: "garbage", 0),
    "unknown sessionid": (SESSION, lambda: "x" * 32, 1),
    "stale sessionid": (SESSION, stale_session_key, 1),
    "empty session": (SESSION, empty_session_key, 0),
    "bogus messages": ("messages", lambda: "bogus", 0),
}


@pytest.fixture(params=BOGUS_COOKIES.values(), ids=BOGUS_COOKIES.keys())
def bogus_cookie(request):
    name, value, queries = request.param
    return name, value(), queries


@pytest.fixture
def course():
    return CourseFactory(title="Cached title")


@pytest.mark.parametrize("cached_page", ["catalogue", "course"])
def test_a_bogus_cookie_still_gets_the_visitors_cached_page(
    client, course, bogus_cookie, cached_page, django_assert_max_num_queries
):
    url = CATALOGUE if cached_page == "catalogue" else course.get_absolute_url()
    warm = client.get(url)  # a plain visitor fills the cache
    assert warm.templates
    # Changed without any signal: only a fresh render would show it.
    Course.objects.filter(pk=course.pk).update(overview="Fresh overview")
    name, value, queries = bogus_cookie
    client.cookies[name] = value

    # A course page's key is the course's revision: one query on the slug.
    with django_assert_max_num_queries(queries + (cached_page == "course")):
        response = client.get(url)

    assert response.status_code == 200
    assert response.templates == []  # nothing rendered: the cached page
    assert response.content == warm.content
    assert "Cookie" in response["Vary"]


def test_a_logged_in_user_gets_their_own_page_not_the_cached_one(client, course):
    client.get(course.get_absolute_url())
    Course.objects.filter(pk=course.pk).update(overview="Fresh overview")
    client.force_login(UserFactory(username="ada"))

    html = client.get(course.get_absolute_url()).content.decode()

    assert "Fresh overview" in html
    assert "ada" in html


@pytest.mark.parametrize("cached_page", ["catalogue", "course"])
def test_a_pending_message_is_shown_and_never_cached(client, course, cached_page):
    url = CATALOGUE if cached_page == "catalogue" else course.get_absolute_url()
    client.get(url)
    client.cookies["messages"] = real_message_cookie("You have been logged out.")

    shown = client.get(url)
    after = client.get(url)  # the message was consumed: a plain visitor again

    assert shown.templates
    assert "You have been logged out." in shown.content.decode()
    assert "You have been logged out." not in after.content.decode()


@pytest.mark.parametrize(
    ("cached_page", "query"),
    [
        ("course", {"page": "7"}),
        ("course", {"utm_source": "mail"}),
        ("catalogue", {"page": "01"}),
        ("catalogue", {"page": "1", "utm_source": "mail"}),
    ],
)
def test_a_query_string_that_changes_nothing_gets_the_same_cached_page(
    client, course, cached_page, query
):
    url = CATALOGUE if cached_page == "catalogue" else course.get_absolute_url()
    warm = client.get(url)
    Course.objects.filter(pk=course.pk).update(overview="Fresh overview")

    response = client.get(url, query)

    assert response.templates == []  # nothing rendered: the cached page
    assert response.content == warm.content
