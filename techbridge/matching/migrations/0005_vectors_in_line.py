"""The shared index keeps a document's two vectors in its row (``STORAGE MAIN``).

A row with both vectors (2 × 1,544 bytes) is larger than PostgreSQL's TOAST threshold (about
2 KB), and pgvector's type lets PostgreSQL move its values out of line: each candidate of a
need then read its text and keyword vectors through the TOAST table, two lookups a row for
the 300 rows of every need. Kept in the row, a candidate is one heap read. Rows written
before keep their place until they are written again (``techbridge index build``).
"""

from django.db import migrations

COLUMNS = ("embedding", "keyword_embedding")


def storage(kind: str):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor != "postgresql":
            return  # the shared index lives in PostgreSQL only
        schema_editor.execute(
            "ALTER TABLE matching_indexeddocument "
            + ", ".join(f"ALTER COLUMN {column} SET STORAGE {kind}" for column in COLUMNS)
        )

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0004_document_han"),
    ]

    operations = [
        migrations.RunPython(storage("MAIN"), storage("EXTERNAL")),
    ]
