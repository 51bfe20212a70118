"""The admin site: Django's, reading ids in its URLs as every other route does."""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import Http404

from educa.parsing import parse_id

# The URL parameters of Django's admin views that name one row.
OBJECT_ID_PARAMETERS = ("object_id", "id", "content_type_id")
# The ids a bulk action (delete selected...) is posted with.
ACTION_IDS = "_selected_action"


class AdminSite(admin.AdminSite):
    """Ids that are not ASCII digits are a 404: the model field's to_python()
    would read `١` or `１` as 1 and act on that object, and take `²` or 20 digits
    for a crash (every pk here is an integer)."""

    def admin_view(self, view, cacheable=False):
        @wraps(view)
        def checked(request, *args, **kwargs):
            ids = [
                unquote(kwargs[name]) for name in OBJECT_ID_PARAMETERS if name in kwargs
            ]
            if request.method == "POST":
                ids += request.POST.getlist(ACTION_IDS)
            if any(parse_id(value) is None for value in ids):
                raise Http404("No such object.")
            return view(request, *args, **kwargs)

        # Inside Django's wrapper: a visitor still goes to the login page first.
        return super().admin_view(checked, cacheable)
