"""Settings for Educa, read from the environment (12-factor).

Every variable is listed in `.env.example` and in CONTRACT.md. The defaults are for
development: SQLite, a local-memory cache, console email. With `DJANGO_DEBUG=false`
the secret key is required and the production security settings are on.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Read as it is: django-environ takes a value starting with "$" for the name of
# another variable, and one of Django's random keys in 50 starts so.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production"
elif not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off."
    )

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Our own apps, in dependency order (seed_demo runs their `demo` modules in it).
LOCAL_APPS = ["accounts", "meals", "courses", "students", "chat", "discussions"]

INSTALLED_APPS = [
    # First: its runserver (the one `make run` uses) serves ASGI, WebSockets too.
    "daphne",
    "educa.apps.EducaAdminConfig",  # django.contrib.admin, with our site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # naturaltime: "now", "3 hours ago"
    # third party
    "corsheaders",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "embed_video",
    "educa.apps.EducaConfig",
    *LOCAL_APPS,
]

MIDDLEWARE = [
    # CORS first: it must answer preflights before anything can short-circuit them.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "educa.errors.api_not_found_middleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "educa.urls"
WSGI_APPLICATION = "educa.wsgi.application"
ASGI_APPLICATION = "educa.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL (psycopg 3) from DATABASE_URL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions let several worker processes write without
    # "database is locked" errors; the timeout makes writers wait instead.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast when the server is unreachable, so /healthz answers 503 quickly.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 3
    # Parameters bound by the server, so that psycopg prepares a query it has
    # run five times on a connection and PostgreSQL plans it once: planning the
    # user-and-access query took 1.2 ms, running it 0.3 ms. (Not for a pooler in
    # transaction mode: docs/deploy.md.)
    DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
    DATABASES["default"]["OPTIONS"].setdefault("prepare_threshold", 5)
    # No JIT compilation: it pays off only for long analytic queries, and the
    # planner's cost guess for a short correlated query (the progress chart's,
    # 2 ms to run) crossed jit_above_cost and spent 127 ms compiling it.
    # Added to any `options` DATABASE_URL gives, unless it sets jit itself.
    _options = DATABASES["default"]["OPTIONS"].get("options", "")
    if "jit" not in _options:
        DATABASES["default"]["OPTIONS"]["options"] = f"{_options} -c jit=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory by default, memcached (pymemcache) from MEMCACHED_SERVERS.
MEMCACHED_SERVERS = env.list("MEMCACHED_SERVERS", default=[])
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", default="educa")


def memcached_cache(servers: list[str]) -> dict:
    """The cache settings for a memcached cluster (also used by the tests)."""
    return {
        "BACKEND": "educa.cache.PersistentPyMemcacheCache",
        "LOCATION": servers,
        "KEY_PREFIX": CACHE_KEY_PREFIX,
        # An outage must degrade to cache misses, never to 500s or stalls: errors
        # are ignored, sockets time out fast, and a dead server is tried again
        # after a few seconds rather than pymemcache's default minute.
        "OPTIONS": {
            "ignore_exc": True,
            "connect_timeout": 0.25,
            "timeout": 0.25,
            "retry_attempts": 2,
            "retry_timeout": 1,
            "dead_timeout": 5,
            "no_delay": True,
        },
    }


CACHES = {
    "default": memcached_cache(MEMCACHED_SERVERS)
    if MEMCACHED_SERVERS
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "educa",
        "KEY_PREFIX": CACHE_KEY_PREFIX,
    }
}

# Chat's channel layer: in memory by default, which is right for one process
# (`make run`); Redis from REDIS_URL, which several app servers must share.
REDIS_URL = env("REDIS_URL", default="")


def redis_channel_layer(url: str, prefix: str = "educa") -> dict:
    """The channel layer settings for a Redis server (also used by the tests)."""
    host = {
        "address": url,
        # Each socket waits on Redis in BZPOPMIN calls of 5 s (channels-redis's
        # brpop_timeout): a read timeout no longer than that fails every idle
        # socket (redis-py 8's default of 5 s closed them all). Set here rather
        # than left to the client's default, and bounded: a dead Redis is noticed.
        "socket_timeout": 30,
        "socket_connect_timeout": 5,
        "socket_keepalive": True,
    }
    return {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {"hosts": [host], "prefix": prefix},
    }


CHANNEL_LAYERS = {
    "default": redis_channel_layer(REDIS_URL)
    if REDIS_URL
    else {"BACKEND": "channels.layers.InMemoryChannelLayer"}
}

AUTH_USER_MODEL = "accounts.User"
# Django's ModelBackend, reading the permissions in the query that loads the user
# (menus cost no query). The second name is the one sessions from before
# 2026-11-29 carry; it can go once they have expired (two weeks). Until then a
# login() without authenticate() must name the backend.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.UserBackend",
    "accounts.backends.CachedPermissionsBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
]
# Sessions are read from the cache and written through to the database: a page
# of a logged-in user costs no session query, and a memcached outage or restart
# loses no session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
LOGIN_URL = "login"
# Students land on their courses; instructors on theirs (accounts.views.LoginView).
LOGIN_REDIRECT_URL = "students:student_course_list"
INSTRUCTOR_LOGIN_REDIRECT_URL = "courses:manage_course_list"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files are served by WhiteNoise; hashed and compressed when debug is off
# (run `collectstatic` at release time, as the Procfile does).
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Where browsers fetch uploads from MEDIA_ROOT: on a separate domain in production
# (e.g. https://media.example.com/), so uploaded HTML never runs on the site's origin.
MEDIA_URL = env("MEDIA_URL", default="media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploads go to an S3-compatible bucket (django-storages) when this is set, else to
# MEDIA_ROOT, which several app servers must then share (NFS, say). docs/deploy.md.
MEDIA_BUCKET = env("AWS_STORAGE_BUCKET_NAME", default="")
# Django serves uploads itself only in development, and only from MEDIA_ROOT;
# production puts a web server, a CDN or the bucket in front (Django's static view
# is neither fast nor hardened).
SERVE_MEDIA = DEBUG and not MEDIA_BUCKET
# Course videos: YouTube and Vimeo only (SoundCloud's backend fetches its site).
EMBED_VIDEO_BACKENDS = (
    "embed_video.backends.YoutubeBackend",
    "embed_video.backends.VimeoBackend",
)
# `loaddata subjects` finds the project's fixtures here.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# The largest file an instructor may upload as course content, in bytes.
MAX_UPLOAD_SIZE = env.int("MAX_UPLOAD_SIZE", default=10 * 1024 * 1024)
# The most pixels (width x height) an uploaded image may have: 40 megapixels. A
# small file can hold a huge image (a 12 KB PNG of 10,000 x 10,000 costs a browser
# about 400 MB to show), so the header's size is checked, not only the bytes.
MAX_IMAGE_PIXELS = env.int("MAX_IMAGE_PIXELS", default=40_000_000)
# In the bucket, course files are private and linked through presigned URLs that
# expire. Rendered module contents, URLs included, are cached for up to an hour
# (courses.caching.TIMEOUT), so the URLs must outlive that by the time a student
# keeps a page open. Credentials are boto3's own: the AWS_* variables
# (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or the instance's role.
S3_MEDIA_STORAGE = {
    "BACKEND": "storages.backends.s3.S3Storage",
    "OPTIONS": {
        "bucket_name": MEDIA_BUCKET,
        # An S3-compatible server (MinIO, Ceph...); empty = AWS.
        "endpoint_url": env("AWS_S3_ENDPOINT_URL", default="") or None,
        # Empty = boto3's own (AWS_DEFAULT_REGION), else us-east-1.
        "region_name": env("AWS_S3_REGION_NAME", default="") or None,
        # A CDN in front of the bucket. Its URLs are NOT signed: leave it empty
        # unless every file may be fetched by anyone who has its address.
        "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default="") or None,
        "location": env("AWS_LOCATION", default="media"),
        # No ACL sent: S3 makes each object private (owner only), and a bucket with
        # ACLs disabled (AWS's default) refuses any ACL but bucket-owner-full-control.
        # Keep the bucket private too: a public bucket policy overrides any ACL.
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=6 * 60 * 60),
        # botocore would presign with the legacy SigV2 in some regions.
        "signature_version": "s3v4",
        # Two uploads of "notes.pdf" keep both files (Django adds a suffix).
        "file_overwrite": False,
    },
}
STORAGES = {
    "default": S3_MEDIA_STORAGE
    if MEDIA_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}


def email_settings(url: str) -> dict:
    """Django's EMAIL_* settings from a django-environ email URL (`smtp://user:pass@
    host:port`, `smtp+tls://...`, `consolemail://`); also used by the tests. The
    parts the URL leaves out keep Django's defaults (localhost, port 25)."""
    parsed = environ.Env.email_url_config(url)
    return {name: value for name, value in parsed.items() if value is not None}


# How emails (password resets) leave. EMAIL_BACKEND alone, the variable before
# EMAIL_URL, still works for deployments that set it and not EMAIL_URL.
if "EMAIL_URL" not in env and "EMAIL_BACKEND" in env:
    EMAIL_BACKEND = env("EMAIL_BACKEND")
else:
    globals().update(email_settings(env("EMAIL_URL", default="consolemail://")))
# A mail server that stops answering must not hold a worker for long.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Educa <noreply@localhost>")
# Errors to admins go out from the same sender.
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds a password-reset link stays valid (Django's default: one day).
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60 * 24)
# Reset emails one address may receive (DRF rate syntax): a stranger cannot bury
# someone's inbox under them. Requests beyond are answered the same, sending nothing.
PASSWORD_RESET_EMAIL_RATE = env("PASSWORD_RESET_EMAIL_RATE", default="3/hour")

# CORS for the API clients (mobile app, meal-rating front end). JWT travels in a
# header, so credentials (cookies) are never allowed cross-origin.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_CREDENTIALS = False

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Ours: JSON nested too deeply is a 400 like any parse error, not a 500.
    "DEFAULT_PARSER_CLASSES": [
        "educa.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "educa.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "educa.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "auth": env("AUTH_THROTTLE_RATE", default="20/min"),
    },
    # Without this DRF trusts X-Forwarded-For and a client could spoof its
    # identity to escape throttling. 0 = direct; behind one proxy set 1.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

# New posts and comments on the course boards, per user (DRF's rate syntax).
DISCUSSION_THROTTLE_RATE = env("DISCUSSION_THROTTLE_RATE", default="30/hour")

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=10),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=1),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    # Tokens carry a hash of the password hash: changing the password revokes them.
    "CHECK_REVOKE_TOKEN": True,
    "UPDATE_LAST_LOGIN": True,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Educa API",
    "DESCRIPTION": "Accounts, meals and ratings, courses and enrolment.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the sidecar package: the docs page loads with no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",  # the default
        "educa.api.schema.add_error_responses",
    ],
}

# Production security: on whenever debug is off (`check --deploy` is clean).
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe the health check over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOG_LEVEL = env("DJANGO_LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "filters": {"no_4xx_traceback": {"()": "educa.log_filters.NoClientErrorTraceback"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_4xx_traceback"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Django's default config gives "django" a console handler of its own (with
    # debug on) besides propagating to the root: every line of runserver and of
    # django.request came out twice. Only the root's handler writes now.
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL},
        # fpdf2 subsets the certificates' font with fontTools, which tells each
        # step at INFO: dozens of lines per certificate.
        "fontTools": {"level": "WARNING"},
    },
}
