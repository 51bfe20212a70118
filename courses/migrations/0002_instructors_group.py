from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Instructors"
MODELS = ["course", "module", "content", "text", "file", "image", "video"]
ACTIONS = ["add", "change", "delete", "view"]


def create_group(apps, schema_editor):
    # Permissions are normally created after the whole migrate run; make the
    # ones of this app now, so a fresh database gets the group complete.
    config = apps.get_app_config("courses")
    config.models_module = True
    create_permissions(
        config, verbosity=0, apps=apps, using=schema_editor.connection.alias
    )
    config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="courses",
            codename__in=[f"{a}_{m}" for a in ACTIONS for m in MODELS],
        )
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
