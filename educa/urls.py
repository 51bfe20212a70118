import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from accounts.views import throttle_posts
from educa.cache_stats import cache_status
from educa.health import healthz, ping

urlpatterns = [
    # Before admin.site.urls, whose catch-all would answer 404 for it.
    path("admin/cache/", cache_status, name="cache_status"),
    # The admin's login and password change check passwords too: our throttle.
    path("admin/login/", throttle_posts(admin.site.login), name="admin_login"),
    path(
        "admin/password_change/",
        throttle_posts(admin.site.password_change),
        name="admin_password_change",
    ),
    path("admin/", admin.site.urls),
    # Login, logout, password reset and change (throttled), profile.
    path("accounts/", include("accounts.urls")),
    path("api/", include("educa.api.urls")),
    # A course's board (discussions), beside the course's student page.
    path("students/course/<int:pk>/discussion/", include("discussions.urls")),
    path("students/", include("students.urls")),
    path("chat/", include("chat.urls")),
    path("healthz", healthz, name="healthz"),
    path("ping", ping, name="ping"),
    # The owner's view of a course's students: in students (its marks and
    # attempts), under the CMS's /course/ (courses may not import students).
    path("course/<int:pk>/progress/", include("students.instructor_urls")),
    # The catalogue at /, /subject/<slug>/, /course/<slug>/ and the CMS under /course/.
    path("", include("courses.urls")),
]

if settings.SERVE_MEDIA:
    # Development (and the tests) only; see SERVE_MEDIA. Not static(), which
    # adds nothing unless DEBUG is on.
    media_prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns += [
        re_path(
            rf"^{media_prefix}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

handler400 = "educa.errors.bad_request"
handler404 = "educa.errors.page_not_found"
handler500 = "educa.errors.server_error"
