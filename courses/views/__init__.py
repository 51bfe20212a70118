from courses.views.catalogue import CourseDetailView, CourseListView
from courses.views.cms import (
    ContentCreateUpdateView,
    ContentDeleteView,
    ContentOrderView,
    CourseCreateView,
    CourseDeleteView,
    CourseModuleUpdateView,
    CourseUpdateView,
    ManageCourseListView,
    ModuleContentListView,
    ModuleOrderView,
)
from courses.views.students import CourseStudentListView, CourseStudentRemoveView

__all__ = [
    "ContentCreateUpdateView",
    "ContentDeleteView",
    "ContentOrderView",
    "CourseCreateView",
    "CourseDeleteView",
    "CourseDetailView",
    "CourseListView",
    "CourseModuleUpdateView",
    "CourseStudentListView",
    "CourseStudentRemoveView",
    "CourseUpdateView",
    "ManageCourseListView",
    "ModuleContentListView",
    "ModuleOrderView",
]
