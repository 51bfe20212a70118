from django.urls import path

from students import views

app_name = "students"

urlpatterns = [
    path(
        "register/",
        views.StudentRegistrationView.as_view(),
        name="student_registration",
    ),
    path(
        "enroll-course/",
        views.StudentEnrollCourseView.as_view(),
        name="student_enroll_course",
    ),
    path(
        "unenroll-course/",
        views.StudentUnenrollCourseView.as_view(),
        name="student_unenroll_course",
    ),
    path("courses/", views.StudentCourseListView.as_view(), name="student_course_list"),
    path(
        "course/<int:pk>/",
        views.StudentCourseDetailView.as_view(),
        name="student_course_detail",
    ),
    path(
        "course/<int:pk>/<int:module_id>/",
        views.StudentCourseDetailView.as_view(),
        name="student_course_module",
    ),
    path(
        "course/<int:pk>/certificate/",
        views.CourseCertificateView.as_view(),
        name="course_certificate",
    ),
    path(
        "content/<int:content_id>/done/",
        views.CompletionView.as_view(),
        name="content_done",
    ),
    path(
        "quiz/<int:pk>/attempt/",
        views.QuizAttemptCreateView.as_view(),
        name="quiz_attempt_create",
    ),
    path(
        "quiz/attempt/<int:pk>/",
        views.QuizAttemptDetailView.as_view(),
        name="quiz_attempt_detail",
    ),
]
