import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0003_stage_change_time")]

    operations = [
        migrations.AddField(
            model_name="cooperationcontract",
            name="case",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="cooperation.cooperationcase",
                verbose_name="对接项目",
            ),
        ),
    ]
