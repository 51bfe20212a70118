"""A course's board, under /students/course/<pk>/discussion/ (educa.urls): every
route takes the course's `pk`."""

from django.urls import path

from discussions import views

app_name = "discussions"

urlpatterns = [
    path("", views.PostListView.as_view(), name="post_list"),
    path("<int:post_id>/", views.PostDetailView.as_view(), name="post_detail"),
    path("<int:post_id>/like/", views.PostLikeView.as_view(), name="post_like"),
    path(
        "<int:post_id>/unlike/",
        views.PostLikeView.as_view(liked=False),
        name="post_unlike",
    ),
    path("<int:post_id>/edit/", views.PostEditView.as_view(), name="post_edit"),
    path("<int:post_id>/delete/", views.PostDeleteView.as_view(), name="post_delete"),
    path(
        "<int:post_id>/comments/<int:comment_id>/edit/",
        views.CommentEditView.as_view(),
        name="comment_edit",
    ),
    path(
        "<int:post_id>/comments/<int:comment_id>/delete/",
        views.CommentDeleteView.as_view(),
        name="comment_delete",
    ),
]
