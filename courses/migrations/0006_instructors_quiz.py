from django.db import migrations

GROUP = "Instructors"
ACTIONS = ["add", "change", "delete", "view"]


def quiz_permissions(apps):
    # Django makes permissions after the whole migrate run (post_migrate): make
    # the quiz's now, as that run would, so that the group gets them here.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="courses", model="quiz"
    )
    return [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_quiz",
            defaults={"name": f"Can {action} quiz"},
        )[0]
        for action in ACTIONS
    ]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*quiz_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="courses",
                codename__in=[f"{action}_quiz" for action in ACTIONS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0005_quiz"),
        ("courses", "0002_instructors_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
