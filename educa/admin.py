"""The admin site: Django's, reading ids in its URLs as every other route does."""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import Http404

from educa.parsing import parse_id

# The URL parameters of Django's admin views that name one row.
OBJECT_ID_PARAMETERS = ("object_id", "id", "content_type_id")


class AdminSite(admin.AdminSite):
    """Ids that are not ASCII digits are a 404: the model field's to_python()
    would read `١` or `１` as 1 and show that object (every pk here is an integer)."""

    def admin_view(self, view, cacheable=False):
        @wraps(view)
        def checked(request, *args, **kwargs):
            for name in OBJECT_ID_PARAMETERS:
                if name in kwargs and parse_id(unquote(kwargs[name])) is None:
                    raise Http404("No such object.")
            return view(request, *args, **kwargs)

        # Inside Django's wrapper: a visitor still goes to the login page first.
        return super().admin_view(checked, cacheable)
