from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Load the demo data; safe to run again (nothing is duplicated)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even with debug off (the demo logins have public passwords).",
        )

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        if not (settings.DEBUG or force):
            raise CommandError(
                "Refusing to seed demo users with public passwords while "
                "DJANGO_DEBUG is off; pass --force if this is really a demo site."
            )
        self.stdout.write("Demo logins (from fixtures/demo_users.json):")
        # Each of our apps may ship a `demo` module with `seed(stdout)`; they run
        # in LOCAL_APPS order, so users exist before the data that needs them.
        for app_name in settings.LOCAL_APPS:
            module_name = f"{app_name}.demo"
            if find_spec(module_name):
                import_module(module_name).seed(self.stdout)
