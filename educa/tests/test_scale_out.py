"""Two app servers (gunicorn, production settings) sharing one PostgreSQL and a
memcached cluster of two servers, as behind a load balancer."""

import os
import re
import urllib.error
import urllib.request
from contextlib import ExitStack

import pytest

from accounts.tests.factories import PASSWORD, UserFactory
from courses.tests.factories import CourseFactory, ModuleFactory, add_content
from educa.tests.helpers import database_url
from educa.tests.servers import gunicorn, memcached

pytestmark = [
    pytest.mark.server,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _production_password_hashes(settings):
    # The servers check passwords with production's hashers, not the tests' MD5.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]


@pytest.fixture
def servers(transactional_db, static_root, tmp_path):
    """Two app servers, (a, b), on one database and one two-server cache cluster
    of their own."""
    with ExitStack() as stack:
        cluster = [stack.enter_context(memcached()) for _ in range(2)]
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "educa.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "scale-out-" + "k" * 50,
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": database_url(),
            "MEMCACHED_SERVERS": ",".join(cluster),
            "WEB_CONCURRENCY": "1",
            "STATIC_ROOT": static_root,
        }
        yield tuple(
            stack.enter_context(gunicorn(env, tmp_path / f"gunicorn-{name}.log"))
            for name in "ab"
        )


def call(url, data=None, headers=None, method=None):
    """(status, headers, body text) of one request; never raises on 4xx/5xx."""
    body = data.encode() if isinstance(data, str) else data
    request = urllib.request.Request(
        url, data=body, headers=headers or {}, method=method
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def token(server, user) -> str:
    status, _, body = call(
        f"{server}/api/auth/token/",
        f'{{"username": "{user.username}", "password": "{PASSWORD}"}}',
        {"Content-Type": "application/json"},
    )
    assert status == 200, body
    return re.search(r'"access":"([^"]+)"', body).group(1)


def test_a_write_through_one_server_shows_at_once_through_the_other(servers):
    a, b = servers
    course = CourseFactory(title="Shared course")
    add_content(ModuleFactory(course=course), title="Lesson one")
    student = UserFactory()
    page = f"{b}{course.get_absolute_url()}"
    assert "0 students" in call(page)[2]  # cached in the cluster by b

    bearer = {"Authorization": f"Bearer {token(a, student)}"}
    status, _, _ = call(f"{a}/api/courses/{course.pk}/enroll/", b"", bearer, "POST")

    assert status == 200
    assert "1 student" in call(page)[2]
    # The token from a works on b, which sees the enrolment.
    status, _, body = call(f"{b}/api/courses/{course.pk}/contents/", headers=bearer)
    assert status == 200
    assert "Lesson one" in body


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand a redirect back as it is, to read its cookies."""

    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_302(self, req, fp, code, msg, headers):
        return fp


def test_a_session_started_on_one_server_works_on_the_other(servers):
    a, b = servers
    student = UserFactory()
    _, headers, form = call(f"{a}/accounts/login/")
    cookies = " ".join(headers.get_all("Set-Cookie"))
    csrf_cookie = re.search(r"csrftoken=([^;]+)", cookies).group(1)
    csrf_field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)

    # The cookies are Secure (production settings); sent by hand over loopback HTTP.
    request = urllib.request.Request(
        f"{a}/accounts/login/",
        data=(
            f"username={student.username}&password={PASSWORD}"
            f"&csrfmiddlewaretoken={csrf_field}"
        ).encode(),
        headers={
            "Cookie": f"csrftoken={csrf_cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    opener = urllib.request.build_opener(NoRedirect)
    response = opener.open(request, timeout=10)
    assert response.status == 302
    cookies = " ".join(response.headers.get_all("Set-Cookie"))
    session = re.search(r"sessionid=([^;]+)", cookies).group(1)

    opener = urllib.request.build_opener(NoRedirect)
    page = opener.open(
        urllib.request.Request(
            f"{b}/students/courses/", headers={"Cookie": f"sessionid={session}"}
        ),
        timeout=10,
    )
    assert page.status == 200
    assert student.username in page.read().decode()


def test_the_login_throttle_counts_across_both_servers(servers):
    a, b = servers
    bad = '{"username": "nobody", "password": "wrong"}'
    json = {"Content-Type": "application/json"}

    statuses = [
        call(f"{server}/api/auth/token/", bad, json)[0]
        for server in [a, b] * 10  # 20 tries: the limit, spread over both
    ]

    assert statuses == [401] * 20
    assert call(f"{a}/api/auth/token/", bad, json)[0] == 429
    assert call(f"{b}/api/auth/token/", bad, json)[0] == 429
