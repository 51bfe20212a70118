import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.models import User
from accounts.tests.factories import UserFactory


@pytest.mark.django_db
def test_the_database_rejects_an_email_differing_only_in_case():
    UserFactory(email="Same@Example.com")

    with pytest.raises(IntegrityError):
        User.objects.create(username="other", email="same@example.COM")


@pytest.mark.django_db
def test_full_clean_reports_a_case_insensitive_duplicate_email_on_the_field():
    UserFactory(email="same@example.com")
    user = User(username="other", email="SAME@example.com", password="x")

    with pytest.raises(ValidationError) as excinfo:
        user.full_clean()

    assert "email" in excinfo.value.message_dict


@pytest.mark.django_db
def test_a_user_can_keep_their_own_email_when_saved_again():
    user = UserFactory(email="mine@example.com")

    user.full_clean()  # must not count the user as its own duplicate
