"""Signals shared by the apps.

``records_imported`` is sent (``sender`` = the model, ``pks`` = the rows written) inside the
transaction of a confirmed import that has written its rows in bulk. Bulk writes bypass
``save()`` and so ``post_save``: apps that keep something in step with a model's records
(the matching index) listen to this instead.
"""

from django.dispatch import Signal

records_imported = Signal()
