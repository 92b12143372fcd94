"""Each indexed document's han share (how Chinese its text is), for language centring.

Documents indexed before it get an estimate from what the index keeps of them (their title
and analysed terms: Han characters against Latin letters, as ``engine.text.han_share``
counts them), and the portfolio statistics, which hold the language centroids, are marked
for recomputing. ``techbridge index build`` computes the shares from the full texts.
"""

from django.db import migrations, models


def estimate(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return  # the shared index lives in PostgreSQL only
    schema_editor.execute(
        "UPDATE matching_indexeddocument d SET han = CASE WHEN s.h = 0 THEN 0 "
        "ELSE s.h / (s.h + s.l / 4.0) END FROM ("
        "  SELECT key,"
        "    length(regexp_replace(title || terms::text, '[^\u3400-\u9fff]', '', 'g')) AS h,"
        "    length(regexp_replace(title || terms::text, '[^A-Za-z]', '', 'g')) AS l"
        "  FROM matching_indexeddocument) s "
        "WHERE d.key = s.key"
    )
    schema_editor.execute("UPDATE matching_sharedindexstate SET portfolio_stale = TRUE")


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0003_shared_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="indexeddocument",
            name="han",
            field=models.FloatField(default=0.0, verbose_name="中文占比"),
        ),
        migrations.RunPython(estimate, migrations.RunPython.noop),
    ]
