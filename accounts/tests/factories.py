from types import SimpleNamespace

import factory
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.loader import MigrationLoader

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


# The data migration that creates the "Instructors" group with its permissions.
INSTRUCTORS_MIGRATION = ("courses", "0002_instructors_group")


def instructors_group() -> Group:
    """The "Instructors" group, as the data migration makes it.

    Transactional tests (live_server, transaction=True) empty the database after
    each test, data migration rows included; then run the migration's code again.
    """
    group = Group.objects.filter(name="Instructors").first()
    if group is None or not group.permissions.exists():
        loader = MigrationLoader(connection)
        state = loader.project_state(INSTRUCTORS_MIGRATION)
        editor = SimpleNamespace(connection=connection)  # all the code needs
        for operation in loader.get_migration(*INSTRUCTORS_MIGRATION).operations:
            operation.code(state.apps, editor)
        group = Group.objects.get(name="Instructors")
    return group


class InstructorFactory(UserFactory):
    @factory.post_generation
    def instructors_group(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(instructors_group())
