"""nginx with deploy/nginx.conf, as shipped, in front of a gunicorn and a daphne
with production settings: TLS, pages, API, chat, uploads, static files, the body
cap, and slow clients kept away from the sync workers (docs/deploy.md)."""

import http.client
import io
import json
import os
import re
import socket
import ssl
import time
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.urls import reverse
from PIL import Image
from websockets.sync.client import connect

from accounts.tests.factories import UserFactory
from chat.tests.conftest import session_cookie
from courses.models import Content
from courses.tests.factories import CourseFactory, ModuleFactory
from educa.tests import servers
from educa.tests.helpers import database_url

SITE = settings.BASE_DIR / "deploy" / "nginx.conf"
DEPLOY_DOCS = settings.BASE_DIR / "docs" / "deploy.md"
# envsubst's ${NAME} form; the names docs/deploy.md lists for it.
PLACEHOLDER = re.compile(r"\$\{(EDUCA_[A-Z_]+)\}")
# What the file allows above MAX_UPLOAD_SIZE for the form around a file (11m).
FORM_MARGIN = 1024 * 1024
# Generous for a loaded CI machine: straight at gunicorn, /ping took 34 s.
PROMPT = 1.0


def served(test):
    """Mark a test that goes through the servers (`server`): they share the test
    database (PostgreSQL), so the test commits what they must see."""
    marked = pytest.mark.django_db(transaction=True)(test)
    return pytest.mark.server(pytest.mark.postgres(marked))


# What Debian's /etc/nginx/nginx.conf puts around a site file, every path in the
# test's own directory.
MAIN_CONFIG = """{user}
pid {dir}/nginx.pid;
worker_processes 1;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {dir}/access.log;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    include {dir}/educa.conf;
}}
"""


def documented_placeholders() -> set[str]:
    """The names in the envsubst command of docs/deploy.md."""
    command = re.search(r"envsubst '([^']+)'", DEPLOY_DOCS.read_text())
    assert command, "docs/deploy.md shows how to fill in deploy/nginx.conf"
    return set(PLACEHOLDER.findall(command.group(1)))


def site_config(values: dict[str, str]) -> str:
    """deploy/nginx.conf with its placeholders filled in, as envsubst does."""
    text = SITE.read_text()
    assert set(PLACEHOLDER.findall(text)) == set(values)
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate for `localhost` and its key; the certificate is its own CA."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def nginx_config(site: str, directory: Path) -> Path:
    """Debian's main nginx.conf around `site` (a filled-in deploy/nginx.conf),
    every path in `directory`."""
    (directory / "educa.conf").write_text(site)
    # As root, nginx's workers would run as nobody, who cannot enter pytest's
    # private (0700) directories: the tree, the media and the certificate.
    user = "user root;" if os.geteuid() == 0 else ""
    config = directory / "nginx.conf"
    config.write_text(MAIN_CONFIG.format(user=user, dir=directory))
    return config


@dataclass
class Proxy:
    """The site as browsers reach it."""

    https: str  # https://localhost:<port>
    http: str
    http_port: int
    cafile: Path

    def request(self, method: str, path: str, *, base=None, **kwargs):
        """One request, redirects not followed, no cookie kept from it."""
        with requests.Session() as session:
            session.trust_env = False  # no proxy from the environment for loopback
            return session.request(
                method,
                (base or self.https) + path,
                verify=self.cafile,
                allow_redirects=False,
                timeout=10,
                **kwargs,
            )

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.cafile)


@pytest.fixture(scope="module")
def proxy(django_db_setup, static_root, tmp_path_factory):
    """nginx on two free ports (HTTPS and HTTP) in front of gunicorn (2 sync
    workers) and daphne, on the test database; for every test of the module."""
    directory = tmp_path_factory.mktemp("proxy")
    media_root = directory / "media"
    media_root.mkdir()
    cert, key = self_signed_certificate(directory)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "educa.settings",
        "DJANGO_DEBUG": "false",
        # This process's key: the sessions it makes are signed with it.
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        # Only because the launchers wait for the servers over plain HTTP: nginx
        # always says which scheme the client used, so production keeps it on.
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url(),
        "CONN_MAX_AGE": "0",
        "STATIC_ROOT": static_root,
        "MEDIA_ROOT": str(media_root),
        "NUM_PROXIES": "1",
        "WEB_CONCURRENCY": "2",
        # Low, to see the throttle at work in a few requests.
        "AUTH_THROTTLE_RATE": "3/min",
    }
    # Uploads on disk under /media/; a cache per worker and an in-memory channel
    # layer (one daphne): no other service is needed.
    for name in (
        "MEMCACHED_SERVERS",
        "REDIS_URL",
        "MEDIA_URL",
        "AWS_STORAGE_BUCKET_NAME",
    ):
        env.pop(name, None)
    # nginx is handed these two sockets, bound here on ports the kernel picked.
    http_socket, https_socket = servers.listening_socket(), servers.listening_socket()
    http_address, https_address = map(servers.address, (http_socket, https_socket))
    http_port, https_port = (s.getsockname()[1] for s in (http_socket, https_socket))
    with ExitStack() as stack:
        for sock in (http_socket, https_socket):  # if nginx never got them
            stack.callback(sock.close)
        app = stack.enter_context(servers.gunicorn(env, directory / "gunicorn.log"))
        chat = stack.enter_context(servers.daphne(env, directory / "daphne.log"))
        site = site_config(
            {
                "EDUCA_APP_ADDRESS": app.removeprefix("http://"),
                "EDUCA_CHAT_ADDRESS": chat.removeprefix("http://"),
                "EDUCA_HTTP_LISTEN": http_address,
                "EDUCA_HTTPS_LISTEN": https_address,
                "EDUCA_SERVER_NAME": "localhost",
                "EDUCA_TLS_CERTIFICATE": str(cert),
                "EDUCA_TLS_CERTIFICATE_KEY": str(key),
                "EDUCA_STATIC_ROOT": static_root,
                "EDUCA_MEDIA_ROOT": str(media_root),
            }
        )
        stack.enter_context(
            servers.nginx(
                directory,
                nginx_config(site, directory),
                [http_socket, https_socket],
                health=f"http://{http_address}/healthz",
            )
        )
        yield Proxy(
            https=f"https://localhost:{https_port}",
            http=f"http://localhost:{http_port}",
            http_port=http_port,
            cafile=cert,
        )


def test_the_deploy_docs_fill_in_every_placeholder_of_the_nginx_file():
    assert documented_placeholders() == set(PLACEHOLDER.findall(SITE.read_text()))


@served
def test_pages_and_the_api_are_served_over_https_through_the_proxy(proxy):
    CourseFactory(title="Networks for everyone")
    CourseFactory()

    page = proxy.request("GET", "/")
    api = proxy.request("GET", "/api/courses/?page_size=1")

    assert page.status_code == 200
    assert "Networks for everyone" in page.text
    assert api.status_code == 200
    # Django saw the client's scheme and host (port included): its links work.
    assert api.json()["next"].startswith(f"{proxy.https}/api/courses/?")


@served
def test_the_app_is_told_the_scheme_nginx_saw_not_the_one_a_client_claims(proxy):
    CourseFactory.create_batch(2)

    api = proxy.request(
        "GET",
        "/api/courses/?page_size=1",
        base=proxy.http,
        headers={"X-Forwarded-Proto": "https"},
    )

    assert api.status_code == 200
    assert api.json()["next"].startswith(f"{proxy.http}/api/courses/?")


@served
def test_the_login_throttle_counts_per_client_whatever_it_claims_to_forward(proxy):
    # Each of the 2 workers counts in its own memory here (no memcached), so
    # 2 x 3 + 1 requests are sure to take one of them over its rate of 3.
    forged = [
        proxy.request(
            "POST",
            reverse("api:auth-token"),
            json={},
            headers={"X-Forwarded-For": f"198.51.100.{n}"},
        ).status_code
        for n in range(7)
    ]
    # Another client (another loopback address) still has its own allowance.
    other = http.client.HTTPConnection(
        "127.0.0.1", proxy.http_port, timeout=10, source_address=("127.0.0.2", 0)
    )
    other.request(
        "POST",
        reverse("api:auth-token"),
        body="{}",
        headers={"Content-Type": "application/json"},
    )

    assert 429 in forged
    assert other.getresponse().status == 400
    other.close()


@served
def test_a_chat_message_goes_through_the_proxy_and_back(proxy):
    course = CourseFactory()
    student = UserFactory()
    course.students.add(student)
    path = f"/ws/chat/room/{course.pk}/"

    with connect(
        proxy.https.replace("https", "wss") + path,
        ssl=proxy.ssl_context(),
        origin=proxy.https,
        additional_headers={"Cookie": session_cookie(student).decode()},
        proxy=None,
        open_timeout=10,
    ) as chat:
        history = json.loads(chat.recv(timeout=10))
        chat.send(json.dumps({"message": "Hello through nginx"}))
        said = json.loads(chat.recv(timeout=10))

    assert history["type"] == "history"
    assert said["type"] == "message"
    assert said["message"] == "Hello through nginx"


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def upload(proxy, module, kind: str, name: str, data: bytes) -> str:
    """Upload a file through the proxy as the module's instructor, with the
    course form (CSRF included); the address Django gives the stored file."""
    cookie = session_cookie(module.course.owner).decode()
    path = reverse("courses:module_content_create", args=[module.pk, kind])
    form = proxy.request("GET", path, headers={"Cookie": cookie})
    assert form.status_code == 200
    csrf_cookie = re.search(r"csrftoken=([^;]+)", form.headers["Set-Cookie"]).group(1)
    csrf_field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)

    response = proxy.request(
        "POST",
        path,
        headers={
            "Cookie": f"{cookie}; csrftoken={csrf_cookie}",
            "Origin": proxy.https,  # as browsers send it; Django's CSRF checks it
        },
        data={"title": name, "csrfmiddlewaretoken": csrf_field.group(1)},
        files={"file": (name, data)},
    )
    assert response.status_code == 302, response.text[:500]
    return Content.objects.filter(module=module).latest("pk").item.file.url


@served
def test_uploads_are_served_by_nginx_as_downloads_unless_they_are_images(proxy):
    module = ModuleFactory()
    # The largest file allowed gets through the body cap with its form around it.
    page = b"<script>alert(document.cookie)</script>".ljust(
        settings.MAX_UPLOAD_SIZE, b" "
    )
    html = upload(proxy, module, "file", "page.html", page)
    svg = upload(proxy, module, "file", "drawing.svg", b"<svg><script/></svg>")
    png = upload(proxy, module, "image", "photo.png", png_bytes())

    html_response = proxy.request("GET", html)
    svg_response = proxy.request("GET", svg)
    png_response = proxy.request("GET", png)

    assert html_response.status_code == 200
    assert html_response.content == page
    assert html_response.headers["Content-Disposition"] == "attachment"
    assert svg_response.headers["Content-Disposition"] == "attachment"
    assert png_response.status_code == 200
    assert png_response.headers["Content-Type"] == "image/png"
    assert "Content-Disposition" not in png_response.headers
    for response in (html_response, svg_response, png_response):
        assert response.headers["X-Content-Type-Options"] == "nosniff"


@served
def test_static_files_are_served_by_nginx_cached_for_a_year(proxy, static_root):
    page = proxy.request("GET", "/")
    stylesheet = re.search(r'href="(/static/css/base\.[0-9a-f]{12}\.css)"', page.text)

    response = proxy.request("GET", stylesheet.group(1))

    assert response.status_code == 200
    on_disk = Path(static_root) / stylesheet.group(1).removeprefix("/static/")
    assert response.content == on_disk.read_bytes()
    # nginx's value: WhiteNoise, behind it, would say max-age=315360000.
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


@served
def test_a_body_over_the_cap_is_refused_by_nginx_before_the_app_sees_it(proxy):
    connection = socket.create_connection(("127.0.0.1", proxy.http_port), timeout=10)
    with connection:
        # Only the announced length: nginx answers before any body is sent.
        connection.sendall(
            b"POST /api/auth/token/ HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n" % (settings.MAX_UPLOAD_SIZE + FORM_MARGIN + 1)
        )
        status_line = connection.makefile("rb").readline()

    assert status_line.split()[1] == b"413"


@served
def test_slow_clients_do_not_hold_up_the_app(proxy):
    # Two clients that never finish their headers: straight at gunicorn they
    # hold both sync workers, and /ping waits about 30 s (the worker timeout).
    slow = [
        socket.create_connection(("127.0.0.1", proxy.http_port), timeout=10)
        for _ in range(2)
    ]
    with ExitStack() as stack:
        for client in slow:
            stack.enter_context(client)
            client.sendall(b"GET /ping HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")

        start = time.monotonic()
        ping = proxy.request("GET", "/ping")
        elapsed = time.monotonic() - start

        for client in slow:  # still open, still waiting for an answer
            client.setblocking(False)
            with pytest.raises(BlockingIOError):
                client.recv(1)

    assert ping.status_code == 200
    assert elapsed < PROMPT
