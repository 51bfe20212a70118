import factory
from django.contrib.auth.models import Group, Permission

from accounts.models import User

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(PASSWORD)


# What courses' data migrations (0002_instructors_group, 0006_instructors_quiz)
# grant their "Instructors" group; courses/tests/test_instructors_group.py
# checks the two agree.
INSTRUCTOR_PERMISSIONS = [
    f"{action}_{model}"
    for action in ["add", "change", "delete", "view"]
    for model in ["course", "module", "content", "text", "file", "image", "video"]
    + ["quiz"]
]


def instructors_group() -> Group:
    """The "Instructors" group with its permissions, as the data migration makes it.

    Transactional tests (live_server, transaction=True) empty the database after
    each test: the migration's group goes, the permissions are made again (the
    flush's post_migrate). So the group is made here when missing.
    """
    group, created = Group.objects.get_or_create(name="Instructors")
    if created:
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label="courses", codename__in=INSTRUCTOR_PERMISSIONS
            )
        )
    return group


class InstructorFactory(UserFactory):
    @factory.post_generation
    def instructors_group(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(instructors_group())
