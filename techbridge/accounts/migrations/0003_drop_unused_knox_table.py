from django.db import migrations


class Migration(migrations.Migration):
    """Drop knox's default token table, left by its migrations on earlier databases.

    Tokens live in ``accounts.ApiToken``; the unused table's foreign key to users stopped
    PostgreSQL from truncating the user table (``manage.py flush``).
    """

    dependencies = [("accounts", "0002_api_token")]

    operations = [
        migrations.RunSQL(
            "DROP TABLE IF EXISTS knox_authtoken", reverse_sql=migrations.RunSQL.noop
        ),
    ]
