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

__all__ = [
    "ContentCreateUpdateView",
    "ContentDeleteView",
    "ContentOrderView",
    "CourseCreateView",
    "CourseDeleteView",
    "CourseDetailView",
    "CourseListView",
    "CourseModuleUpdateView",
    "CourseUpdateView",
    "ManageCourseListView",
    "ModuleContentListView",
    "ModuleOrderView",
]
