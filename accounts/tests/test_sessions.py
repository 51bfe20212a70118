"""Sessions are read from the cache and written through to the database."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MY_LEARNING = reverse("students:student_course_list")


def test_a_session_outlives_a_cache_flush(client, settings, cache_prefix):
    client.force_login(UserFactory())
    # A memcached restart, as this test sees it (a shared one is never flushed):
    # none of its entries are there any more.
    settings.CACHES = {
        name: {**config, "KEY_PREFIX": f"{cache_prefix}-restarted"}
        for name, config in settings.CACHES.items()
    }

    assert client.get(MY_LEARNING).status_code == 200


def test_a_logged_in_page_reads_no_session_row(client, django_assert_num_queries):
    client.force_login(UserFactory())
    client.get(MY_LEARNING)

    # The user + their (empty) list of courses: the session comes from the cache.
    with django_assert_num_queries(2):
        assert client.get(MY_LEARNING).status_code == 200
