"""Settings for the test suite: production settings, minus what makes tests slow.

Only speed and isolation are changed here; security settings stay as in production
except the HTTPS redirect, which the test client cannot follow.
"""

import os
import tempfile
import uuid

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-key-" + "k" * 50)
# A prefix of this process's own (each test's replaces it: the root conftest.py),
# for what the cache holds between tests on a memcached other runs share.
os.environ.setdefault("CACHE_KEY_PREFIX", f"educa-test-{uuid.uuid4().hex}")

from .settings import *  # noqa: F403
from .settings import STORAGES

# PBKDF2 costs ~0.3 s per check on these machines; MD5 is fine for fake users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="educa-test-media-")
# As in development: browser tests load uploaded images from the live server.
SERVE_MEDIA = True
# WhiteNoise warns when STATIC_ROOT is missing; tests never run collectstatic.
STATIC_ROOT = tempfile.mkdtemp(prefix="educa-test-static-")
