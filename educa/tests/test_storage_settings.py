"""Where uploads go: MEDIA_ROOT by default, an S3-compatible bucket when one is named.

The settings load in a separate process from the environment given. The bucket is a
fake S3 server on loopback (no AWS here): boto3 really signs and sends its requests.
"""

import json
import os
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings

from courses.caching import TIMEOUT as MODULE_CONTENTS_TIMEOUT
from educa.tests.helpers import run_django, run_manage, secret_key

SECRET = {"DJANGO_SECRET_KEY": secret_key()}
# boto3 must see only these credentials: no profile, no config file, no instance role.
FAKE_AWS = {
    "AWS_ACCESS_KEY_ID": "AKIAEDUCATESTFAKEKEY",
    "AWS_SECRET_ACCESS_KEY": "fake-secret",
    "AWS_CONFIG_FILE": "/nonexistent",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
    "AWS_EC2_METADATA_DISABLED": "true",
    "NO_PROXY": "127.0.0.1,localhost",
}


@pytest.fixture(autouse=True)
def _no_aws_environment(monkeypatch):
    """The settings' defaults, whatever this machine's environment holds."""
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)


def last_json(result):
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def production(**env):
    return {"DJANGO_DEBUG": "false", **SECRET, **FAKE_AWS, **env}


def test_uploads_default_to_the_file_system_under_media_root(tmp_path):
    result = run_django(
        "import json\n"
        "from django.conf import settings as s\n"
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import default_storage as d\n"
        "name = d.save('files/notes.pdf', ContentFile(b'%PDF-1.4'))\n"
        "print(json.dumps({'backend': s.STORAGES['default']['BACKEND'],\n"
        "  'class': type(d._wrapped).__name__, 'path': d.path(name),\n"
        "  'url': d.url(name), 'serve_media': s.SERVE_MEDIA}))\n",
        env=production(MEDIA_ROOT=str(tmp_path)),
        settings_module="educa.settings",
    )

    loaded = last_json(result)
    assert loaded == {
        "backend": "django.core.files.storage.FileSystemStorage",
        "class": "FileSystemStorage",
        "path": str(tmp_path / "files" / "notes.pdf"),
        "url": "/media/files/notes.pdf",
        "serve_media": False,  # production: the web server or CDN serves them
    }
    assert (tmp_path / "files" / "notes.pdf").read_bytes() == b"%PDF-1.4"


def test_files_on_media_root_can_be_linked_on_a_separate_media_domain():
    result = run_django(
        "from django.core.files.storage import default_storage as d\n"
        "print(d.url('files/page.html'))\n",
        env=production(MEDIA_URL="https://media.example.com/"),
        settings_module="educa.settings",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "https://media.example.com/files/page.html"


def test_django_serves_uploads_from_media_root_only_in_development():
    result = run_django(
        "from django.conf import settings as s\nprint(s.SERVE_MEDIA)\n",
        env={"DJANGO_DEBUG": "true"},
        settings_module="educa.settings",
    )

    assert result.stdout.split()[-1] == "True"


S3_ENV = {
    "AWS_STORAGE_BUCKET_NAME": "educa-media",
    "AWS_S3_ENDPOINT_URL": "https://minio.internal:9000",
    "AWS_S3_REGION_NAME": "eu-west-3",
}


def test_a_bucket_name_switches_uploads_to_private_s3_storage():
    # Debug on too: Django must not serve /media/ from a MEDIA_ROOT nobody fills.
    result = run_django(
        "import json\n"
        "from django.conf import settings as s\n"
        "from django.core.files.storage import default_storage as d\n"
        "d._setup()\n"
        "print(json.dumps({'backend': s.STORAGES['default']['BACKEND'],\n"
        "  'class': type(d._wrapped).__name__, 'serve_media': s.SERVE_MEDIA,\n"
        "  **{k: getattr(d, k) for k in ['bucket_name', 'endpoint_url',\n"
        "    'region_name', 'custom_domain', 'location', 'default_acl',\n"
        "    'querystring_auth', 'querystring_expire', 'file_overwrite']}}))\n",
        env={**production(**S3_ENV), "DJANGO_DEBUG": "true"},
        settings_module="educa.settings",
    )

    assert last_json(result) == {
        "backend": "storages.backends.s3.S3Storage",
        "class": "S3Storage",
        "serve_media": False,
        "bucket_name": "educa-media",
        "endpoint_url": "https://minio.internal:9000",
        "region_name": "eu-west-3",
        "custom_domain": None,
        "location": "media",
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 6 * 60 * 60,
        "file_overwrite": False,
    }


def test_signed_urls_outlive_the_cached_module_contents_that_embed_them():
    options = settings.S3_MEDIA_STORAGE["OPTIONS"]

    assert options["querystring_auth"] is True
    assert options["querystring_expire"] >= 2 * MODULE_CONTENTS_TIMEOUT


class FakeS3(BaseHTTPRequestHandler):
    """Just enough of S3 for uploads: HEAD (exists?), PUT and GET of an object."""

    protocol_version = "HTTP/1.1"  # answers boto3's `Expect: 100-continue`
    objects: dict  # path -> (headers, body), per server
    requests: list

    def log_message(self, *args):
        pass

    def _answer(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        path = urlsplit(self.path).path
        self.requests.append(("HEAD", path, dict(self.headers)))
        found = self.objects.get(path)
        if found is None:
            self._answer(404)
        else:
            self.send_response(200)
            self.send_header("Content-Length", str(len(found[1])))
            self.send_header("ETag", '"stored"')
            self.end_headers()

    def do_PUT(self):
        path = urlsplit(self.path).path
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.requests.append(("PUT", path, dict(self.headers)))
        self.objects[path] = (dict(self.headers), body)
        self._answer(200, headers=[("ETag", '"stored"')])

    def do_GET(self):
        path = urlsplit(self.path).path
        self.requests.append(("GET", path, dict(self.headers)))
        found = self.objects.get(path)
        if found is None:
            self._answer(404)
        else:
            self._answer(200, found[1], [("Content-Type", found[0]["Content-Type"])])


@contextmanager
def fake_s3():
    """An S3-compatible endpoint on loopback; yields (endpoint URL, handler class)."""
    handler = type("Handler", (FakeS3,), {"objects": {}, "requests": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()


def test_a_file_saved_to_the_bucket_is_private_and_linked_by_a_signed_url():
    with fake_s3() as (endpoint, s3):
        result = run_django(
            "import json, urllib.request\n"
            "from django.core.files.base import ContentFile\n"
            "from django.core.files.storage import default_storage as d\n"
            "first = d.save('files/notes.pdf', ContentFile(b'%PDF-1.4 one'))\n"
            "second = d.save('files/notes.pdf', ContentFile(b'%PDF-1.4 two'))\n"
            "url = d.url(first)\n"
            "with urllib.request.urlopen(url, timeout=10) as r:\n"
            "    body = r.read().decode()\n"
            "print(json.dumps({'names': [first, second], 'url': url, 'body': body}))\n",
            env=production(
                AWS_STORAGE_BUCKET_NAME="educa-media", AWS_S3_ENDPOINT_URL=endpoint
            ),
            settings_module="educa.settings",
        )

    loaded = last_json(result)
    first, second = loaded["names"]
    assert first == "files/notes.pdf"
    assert second.startswith("files/notes_")  # not overwritten
    assert second.endswith(".pdf")
    # Path-style on the endpoint, under the "media" prefix.
    puts = [(path, headers) for method, path, headers in s3.requests if method == "PUT"]
    assert [path for path, _ in puts] == [
        "/educa-media/media/files/notes.pdf",
        f"/educa-media/media/{second}",
    ]
    for _, headers in puts:
        # No ACL: private by S3's default, and accepted by buckets without ACLs.
        assert "x-amz-acl" not in {name.lower() for name in headers}
        assert headers["Content-Type"] == "application/pdf"
        assert headers["Authorization"].startswith(
            "AWS4-HMAC-SHA256 Credential=AKIAEDUCATESTFAKEKEY/"
        )
    # A presigned (SigV4) URL on the endpoint and bucket, valid for six hours.
    url = urlsplit(loaded["url"])
    assert f"{url.scheme}://{url.netloc}" == endpoint
    assert url.path == "/educa-media/media/files/notes.pdf"
    query = parse_qs(url.query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Credential"][0].startswith("AKIAEDUCATESTFAKEKEY/")
    assert query["X-Amz-Expires"] == ["21600"]
    assert "X-Amz-Signature" in query
    assert loaded["body"] == "%PDF-1.4 one"


def test_a_custom_domain_gives_plain_unsigned_urls_on_that_domain():
    # Documented trade-off: a CDN's URLs carry no signature.
    result = run_django(
        "from django.core.files.storage import default_storage as d\n"
        "print(d.url('images/logo.png'))\n",
        env=production(**S3_ENV, AWS_S3_CUSTOM_DOMAIN="media.example.com"),
        settings_module="educa.settings",
    )

    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.split()[-1] == "https://media.example.com/media/images/logo.png"
    )


def test_check_deploy_is_clean_with_media_in_a_bucket(tmp_path):
    env = production(
        **S3_ENV,
        DJANGO_ALLOWED_HOSTS="educa.example.com",
        MEMCACHED_SERVERS="127.0.0.1:11211",  # `check` does not connect
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )

    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
