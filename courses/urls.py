from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    # The public catalogue.
    path("", views.CourseListView.as_view(), name="course_list"),
    path(
        "subject/<slug:subject>/",
        views.CourseListView.as_view(),
        name="course_list_subject",
    ),
    # The instructors' CMS.
    path(
        "course/mine/", views.ManageCourseListView.as_view(), name="manage_course_list"
    ),
    path("course/create/", views.CourseCreateView.as_view(), name="course_create"),
    path("course/<int:pk>/edit/", views.CourseUpdateView.as_view(), name="course_edit"),
    path(
        "course/<int:pk>/delete/",
        views.CourseDeleteView.as_view(),
        name="course_delete",
    ),
    path(
        "course/<int:pk>/module/",
        views.CourseModuleUpdateView.as_view(),
        name="course_module_update",
    ),
    path(
        "course/<int:pk>/students/",
        views.CourseStudentListView.as_view(),
        name="course_student_list",
    ),
    path(
        "course/<int:pk>/students/<int:user_id>/remove/",
        views.CourseStudentRemoveView.as_view(),
        name="course_student_remove",
    ),
    path(
        "course/module/<int:module_id>/",
        views.ModuleContentListView.as_view(),
        name="module_content_list",
    ),
    path(
        "course/module/<int:module_id>/content/<str:model_name>/create/",
        views.ContentCreateUpdateView.as_view(),
        name="module_content_create",
    ),
    path(
        "course/module/<int:module_id>/content/<str:model_name>/<int:id>/",
        views.ContentCreateUpdateView.as_view(),
        name="module_content_update",
    ),
    path(
        "course/content/<int:id>/delete/",
        views.ContentDeleteView.as_view(),
        name="module_content_delete",
    ),
    path("course/module/order/", views.ModuleOrderView.as_view(), name="module_order"),
    path(
        "course/content/order/", views.ContentOrderView.as_view(), name="content_order"
    ),
    # Last: every other /course/<slug>/ is a course page.
    path("course/<slug:slug>/", views.CourseDetailView.as_view(), name="course_detail"),
]
