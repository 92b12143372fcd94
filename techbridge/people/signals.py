"""People follow their accounts: a person the directory makes an expert is linked to the
expert record with the same e-mail address that has no account yet."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from techbridge.accounts.signals import directory_roles_synced
from techbridge.core.choices import Role

from .models import Expert


@receiver(directory_roles_synced)
def link_expert(sender: Any, user: Any, roles: set[str], **kwargs: Any) -> None:
    email = getattr(user, "email", "")
    if Role.EXPERT not in roles or not email or Expert.objects.filter(user_id=user.pk).exists():
        return
    candidates = list(Expert.objects.filter(email__iexact=email, user__isnull=True)[:2])
    if len(candidates) == 1:  # two records with one address: staff decide, not the sign-in
        candidates[0].user = user
        candidates[0].save(update_fields=["user", "updated_at"])
