"""The link between a case and its contract moves to the contract (one contract per case)."""

from django.db import migrations


def case_to_contract(apps, schema_editor):
    CooperationCase = apps.get_model("cooperation", "CooperationCase")
    CooperationContract = apps.get_model("cooperation", "CooperationContract")
    links = CooperationCase.objects.filter(contract_id__isnull=False).values_list(
        "pk", "contract_id"
    )
    for case_id, contract_id in links.iterator():
        CooperationContract.objects.filter(pk=contract_id).update(case_id=case_id)


def contract_to_case(apps, schema_editor):
    CooperationCase = apps.get_model("cooperation", "CooperationCase")
    CooperationContract = apps.get_model("cooperation", "CooperationContract")
    links = CooperationContract.objects.filter(case_id__isnull=False).values_list(
        "pk", "case_id"
    )
    for contract_id, case_id in links.iterator():
        CooperationCase.objects.filter(pk=case_id).update(contract_id=contract_id)


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0004_contract_case")]

    operations = [migrations.RunPython(case_to_contract, contract_to_case)]
