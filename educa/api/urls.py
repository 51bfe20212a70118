"""The JSON API at /api/: one router for every app's viewsets, plus auth and docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from courses.api.views import CourseViewSet, SubjectViewSet
from discussions.api.views import CommentViewSet, CoursePostViewSet, PostViewSet
from educa.api.routers import Router
from meals.api.views import MealViewSet, RatingViewSet
from students.api.views import CourseProgressView, QuizViewSet

app_name = "api"

router = Router(
    links={
        "auth/register": "auth-register",
        "auth/token": "auth-token",
        "auth/token/refresh": "auth-token-refresh",
        "auth/me": "auth-me",
        "schema": "schema",
        "docs": "docs",
    }
)
router.register("meals", MealViewSet, basename="meal")
router.register("ratings", RatingViewSet, basename="rating")
router.register("subjects", SubjectViewSet, basename="subject")
router.register("courses", CourseViewSet, basename="course")
router.register("quizzes", QuizViewSet, basename="quiz")
router.register("posts", PostViewSet, basename="post")
router.register("comments", CommentViewSet, basename="comment")

urlpatterns = [
    path("auth/", include("accounts.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    # A course's board: beside the router's course routes, not one of them
    # (courses imports nothing of discussions).
    path(
        "courses/<int:pk>/posts/",
        CoursePostViewSet.as_view({"get": "list", "post": "create"}),
        name="course-posts",
    ),
    # The owner's view of a course's students (students, not the courses viewset:
    # courses knows nothing of marks and attempts).
    path(
        "courses/<int:pk>/progress/",
        CourseProgressView.as_view(),
        name="course-progress",
    ),
    path("", include(router.urls)),
]
