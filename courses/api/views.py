from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db.models import Exists, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from accounts.backends import user_loaded_with, with_permission_names
from courses.api.permissions import CanStudyCourse
from courses.api.serializers import (
    CourseFilterSerializer,
    CourseSerializer,
    CourseWithContentsSerializer,
    EnrollResultSerializer,
    SubjectSerializer,
)
from courses.caching import CATALOGUE, course_entry, rendered_contents_of, subjects
from courses.models import Course, Subject
from courses.services import enrollment_create, enrollment_delete
from educa.api.caching import CachedListMixin
from educa.db import PreparedQuery


def _course_with_is_open(*, user_id: int, course_id: int):
    user = get_user_model()(pk=user_id)
    return Course.objects.filter(pk=course_id).with_is_open_to(user).only("revision")


COURSE_WITH_IS_OPEN = PreparedQuery(_course_with_is_open, user_id=int, course_id=int)


def _user_with_course_access(*, user_id: int, course_id: int):
    user = get_user_model()(pk=user_id)
    course = Course.objects.filter(pk=course_id)
    return with_permission_names(user_id).annotate(
        course_revision=Subquery(course.values("revision")),
        course_is_open=Exists(Course.objects.open_to(user).filter(pk=course_id)),
    )


# The same, read along with the user (accounts.backends.user_loaded_with).
USER_WITH_COURSE_ACCESS = PreparedQuery(
    _user_with_course_access, user_id=int, course_id=int
)


class SubjectViewSet(CachedListMixin, viewsets.ReadOnlyModelViewSet):
    """Subjects with their number of courses; anyone may read."""

    list_cache_namespace = CATALOGUE
    serializer_class = SubjectSerializer
    permission_classes = [AllowAny]
    queryset = Subject.objects.with_course_count()


@extend_schema_view(list=extend_schema(parameters=[CourseFilterSerializer]))
class CourseViewSet(CachedListMixin, viewsets.ReadOnlyModelViewSet):
    """Courses, newest first (best matches first with `?search=`), with their
    owner and modules; anyone may read."""

    list_cache_namespace = CATALOGUE
    list_filter_params = ("subject",)

    def list_cache_allows(self) -> bool:
        # Searches are not cached: their keys would be whatever anyone types
        # (courses.caching.course_page).
        if self.request.query_params.get("search", "").strip():
            return False
        # A subject that does not exist gets its empty page, never an entry.
        subject = self.request.query_params.get("subject")
        return not subject or any(s["slug"] == subject for s in subjects())

    def answer_query(self) -> str:
        # The pager's links keep the search, trimmed (educa.api.caching).
        query = super().answer_query()
        if search := self.request.query_params.get("search", "").strip():
            query = "&".join(filter(None, [query, urlencode({"search": search})]))
        return query

    serializer_class = CourseSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        if self.action == "enroll":
            return Course.objects.only("pk")  # all the services need
        courses = Course.objects.select_related("subject", "owner").prefetch_related(
            "modules"
        )
        if self.action == "list":
            # Checked first: a slug with a NUL byte would crash PostgreSQL (500).
            query = CourseFilterSerializer(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            if subject := query.validated_data.get("subject"):
                courses = courses.filter(subject__slug=subject)
            if search := query.validated_data.get("search"):
                courses = courses.search(search)
        return courses

    def perform_authentication(self, request):
        if self.action != "contents":
            return super().perform_authentication(request)
        # The caller and their access to the course in one query.
        with user_loaded_with(USER_WITH_COURSE_ACCESS, course_id=self.kwargs["pk"]):
            return super().perform_authentication(request)

    def get_object(self):
        if self.action != "contents":
            return super().get_object()
        # The course's key (courses.caching) and whether the caller may study it
        # (CanStudyCourse): read with the user, else in one query of its own.
        # Any: the user as user_loaded_with() loaded it, annotated beyond the model.
        user: Any = self.request.user
        pk = self.kwargs["pk"]
        if hasattr(user, "course_is_open"):
            course = None
            if user.course_revision is not None:
                course = Course(pk=pk, revision=user.course_revision)
                course.is_open = user.course_is_open  # type: ignore[attr-defined]  # an annotation, not a field
        else:
            course = COURSE_WITH_IS_OPEN.first(user_id=user.pk, course_id=pk)
        if course is None:
            raise Http404("No such course.")
        self.check_object_permissions(self.request, course)
        return course

    @extend_schema(
        methods=["POST"],
        request=None,
        responses={
            200: EnrollResultSerializer,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT, "The caller owns the course: not a student of it."
            ),
        },
    )
    @extend_schema(methods=["DELETE"], request=None, responses={204: OpenApiResponse()})
    @action(
        detail=True, methods=["post", "delete"], permission_classes=[IsAuthenticated]
    )
    def enroll(self, request, pk=None):
        """Enrol the caller (POST) or take them out of the course (DELETE); doing
        either again changes nothing."""
        course = self.get_object()
        if request.method == "DELETE":
            enrollment_delete(student=request.user, course=course)
            return Response(status=status.HTTP_204_NO_CONTENT)
        enrollment_create(student=request.user, course=course)
        return Response({"enrolled": True})

    @extend_schema(
        responses={
            200: CourseWithContentsSerializer,
            403: OpenApiResponse(
                OpenApiTypes.OBJECT, "Not one of the course's students, nor its owner."
            ),
        }
    )
    @action(detail=True, permission_classes=[IsAuthenticated, CanStudyCourse])
    def contents(self, request, pk=None):
        """The course with every module's contents, rendered as on the web page,
        for its students and its owner; others 403."""
        course = self.get_object()
        # Cached as the JSON DRF renders (a course's contents run to tens of KB):
        # rendering it again on every call was a fifth of a warm call's cost.
        answer = course_entry(
            course, ("contents-json",), lambda: self._contents_json(course.pk)
        )
        return HttpResponse(answer, content_type="application/json")

    def _contents_json(self, course_id: int) -> bytes:
        course = get_object_or_404(
            Course.objects.select_related("subject", "owner").prefetch_related(
                "modules"
            ),
            pk=course_id,
        )
        modules = course.modules.all()  # one list for both loops
        contents = rendered_contents_of([module.pk for module in modules])
        for module in modules:
            module.contents_rendered = contents[module.pk]
        return JSONRenderer().render(CourseWithContentsSerializer(course).data)
