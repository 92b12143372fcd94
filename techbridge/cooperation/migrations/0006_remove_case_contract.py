import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0005_contract_case_data")]

    operations = [
        migrations.RemoveField(model_name="cooperationcase", name="contract"),
        migrations.AlterField(
            model_name="cooperationcontract",
            name="case",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="contract",
                to="cooperation.cooperationcase",
                verbose_name="对接项目",
            ),
        ),
    ]
