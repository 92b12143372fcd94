"""Signals of cooperation, for the layers above it (matching learns from contracts).

``contract_recorded`` is sent inside the contract step's transaction (``sender`` =
``CooperationContract``, with ``contract``, ``case`` (or ``None``) and ``actor``): a
receiver's writes commit or roll back with the contract.
"""

from django.dispatch import Signal

contract_recorded = Signal()
