"""A course's students, for its owner: who they are, and taking one out.

Everything is scoped to the caller's own courses in the queryset: someone else's
course, or someone who is not one of its students, is a 404.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from courses.models import Course
from courses.services import enrollment_delete
from educa.navigation import local_next_url, page_after_removal, page_or_404

STUDENTS_PER_PAGE = 50


def get_my_course(user, pk) -> Course:
    """The user's course, else 404."""
    return get_object_or_404(Course.objects.owned_by(user), pk=pk)


class CourseStudentListView(LoginRequiredMixin, TemplateView):
    """The students of one of the caller's courses, by username, 50 a page."""

    template_name = "courses/manage/course_student_list.html"

    def get_context_data(self, pk, **kwargs):  # type: ignore[override]  # TemplateView passes the URL's pk
        course = get_my_course(self.request.user, pk)
        students = course.students.order_by("username").only(
            "username", "first_name", "last_name"
        )
        page = page_or_404(self.request, students, STUDENTS_PER_PAGE)
        number = page_after_removal(page)
        back = reverse("courses:course_student_list", args=[course.pk])
        if number > 1:
            back += f"?page={number}"
        return super().get_context_data(
            course=course, page=page, back_url=back, **kwargs
        )


class CourseStudentRemoveView(LoginRequiredMixin, View):
    """POST: take one student out of one of the caller's courses, then go back
    (to `next` when it is a page of this site, else the course's students)."""

    http_method_names = ["post"]

    def post(self, request, pk, user_id):
        course = get_my_course(request.user, pk)
        student = get_object_or_404(
            get_user_model().objects.filter(courses_joined=course), pk=user_id
        )
        enrollment_delete(student=student, course=course)
        messages.success(
            request, f"{student.username} is no longer a student of “{course.title}”."
        )
        return redirect(self.back_url(course))

    def back_url(self, course: Course) -> str:
        default = reverse("courses:course_student_list", args=[course.pk])
        return local_next_url(self.request, default)
