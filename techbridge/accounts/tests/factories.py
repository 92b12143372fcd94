"""Factories for people who sign in, and their roles in organisations."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth.models import User
from factory.django import DjangoModelFactory

from techbridge.accounts.models import Membership

PASSWORD = "pw-123456"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"factory-user-{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)


def member(organisation: Any, role: str, **user_fields: Any) -> User:
    """A new user holding ``role`` in ``organisation``."""
    user = UserFactory.create(**user_fields)
    MembershipFactory.create(user=user, organisation=organisation, role=role)
    return user
