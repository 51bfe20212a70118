from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import DetailView

from chat.models import Message
from courses.models import Course


class ChatRoomView(LoginRequiredMixin, DetailView):
    """A course's chat room: its last messages, then live over the WebSocket
    (room.js). A course not open to the caller is a 404."""

    template_name = "chat/room.html"
    pk_url_kwarg = "course_id"
    context_object_name = "course"

    def get_queryset(self):
        return Course.objects.open_to(self.request.user)

    def get_context_data(self, **kwargs):
        history = Message.objects.last_in_room(self.object.pk)
        return super().get_context_data(history=history, **kwargs)
