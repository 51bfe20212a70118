from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load the demo data; safe to run again (nothing is duplicated)."

    @transaction.atomic
    def handle(self, *args, **options):
        self.stdout.write("Demo logins (from fixtures/demo_users.json):")
        # Each of our apps may ship a `demo` module with `seed(stdout)`; they run
        # in LOCAL_APPS order, so users exist before the data that needs them.
        for app_name in settings.LOCAL_APPS:
            module_name = f"{app_name}.demo"
            if find_spec(module_name):
                import_module(module_name).seed(self.stdout)
