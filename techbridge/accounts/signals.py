"""Signals of the accounts app, for the apps above it."""

from django.dispatch import Signal

#: Sent after a single sign-on brought a user's directory roles up to date, with ``user`` and
#: ``roles`` (the role values the directory grants).
directory_roles_synced = Signal()
