"""The shared index's HNSW graphs hold the text vectors in half precision.

Each collection's graph over full-precision vectors (``matching_shared_embedding_{c}_{dim}``)
is made again over ``halfvec`` (``matching_shared_halfvec_{c}_{dim}``, pgvector 0.7 or later):
half the pages, a third less time to build and to search at the same recall (docs/scaling.md).
The rows keep their full vectors, from which a match computes its candidates' cosines.
"""

from django.db import migrations

OLD = "matching_shared_embedding_"


def _graphs(schema_editor, prefix):  # type: ignore[no-untyped-def]
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'matching_indexeddocument' "
            "AND indexname LIKE %s",
            [prefix.replace("_", r"\_") + "%"],
        )
        names = [row[0] for row in cursor.fetchall()]
    out = []
    for name in names:
        collection, _, dim = name[len(prefix) :].partition("_")
        if collection.isdigit() and dim.isdigit():
            out.append((name, int(collection), int(dim)))
    return out


def half_precision(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return  # the shared index lives in PostgreSQL only
    from techbridge.matching.shared import hnsw_index_sql

    for name, collection, dim in _graphs(schema_editor, OLD):
        schema_editor.execute(hnsw_index_sql(collection, dim))
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def full_precision(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    from techbridge.matching.shared import HNSW_INDEX_PREFIX, HNSW_M

    for name, collection, dim in _graphs(schema_editor, HNSW_INDEX_PREFIX):
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {OLD}{collection}_{dim} ON matching_indexeddocument "
            f"USING hnsw ((embedding::vector({dim})) vector_ip_ops) WITH (m = {HNSW_M}) "
            f"WHERE collection = {collection}"
        )
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0005_vectors_in_line"),
    ]

    operations = [
        migrations.RunPython(half_precision, full_precision),
    ]
