"""The owner's view of a course's students, at /course/<pk>/progress/: in
students (its marks and attempts), under the CMS's /course/ (courses may not
import students). A namespace of its own: the students namespace is /students/."""

from django.urls import path

from students.progress_views import CourseProgressView

app_name = "instructor"

urlpatterns = [
    path("", CourseProgressView.as_view(), name="course_progress"),
]
