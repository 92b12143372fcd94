"""Duplicate events quoted the original need as ``#<id> <title>`` in their note, which every
reader of the duplicate saw. The reference moves to ``related_need`` and the quote goes."""

from django.db import migrations


def notes_to_references(apps, schema_editor):
    NeedEvent = apps.get_model("needs", "NeedEvent")
    events = NeedEvent.objects.filter(kind="duplicate").select_related("need")
    for event in events.iterator():
        event.related_need_id = event.need.duplicate_of_id
        event.note = ""
        event.save(update_fields=["related_need", "note"])


def references_to_notes(apps, schema_editor):
    NeedEvent = apps.get_model("needs", "NeedEvent")
    for event in NeedEvent.objects.filter(kind="duplicate", related_need__isnull=False):
        event.note = f"#{event.related_need_id}"
        event.save(update_fields=["note"])


class Migration(migrations.Migration):
    dependencies = [("needs", "0003_need_event_related_need")]

    operations = [migrations.RunPython(notes_to_references, references_to_notes)]
