from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class EducaConfig(AppConfig):
    """The project package as an app: project-wide checks and signals."""

    name = "educa"

    def ready(self):
        from django.db.models.signals import post_migrate

        from educa import checks  # noqa: F401
        from educa.cache import retire_all_namespaces

        # post_migrate is sent once per app with models, in INSTALLED_APPS order:
        # the last one's comes after every other app's receivers (permissions,
        # content types) have run.
        if self.apps is None:  # the registry sets it before calling ready()
            raise RuntimeError("EducaConfig.ready() called outside the app registry")
        last = [app for app in self.apps.get_app_configs() if app.models_module][-1]
        post_migrate.connect(retire_all_namespaces, sender=last)


class EducaAdminConfig(AdminConfig):
    """django.contrib.admin with our site (educa.admin.AdminSite) as admin.site."""

    default_site = "educa.admin.AdminSite"
