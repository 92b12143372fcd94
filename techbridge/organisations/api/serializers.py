from techbridge.core.api.serializers import RegisterSerializer
from techbridge.organisations.models import (
    Enterprise,
    JointProject,
    Organisation,
    OverseasPartner,
    PartnershipAgreement,
    University,
)

_ORGANISATION = ["id", "name_zh", "name_en", "region", "country", "city", "website", "description"]


class OrganisationSerializer(RegisterSerializer):
    class Meta:
        model = Organisation
        fields = [*_ORGANISATION, "kind"]


class EnterpriseSerializer(RegisterSerializer):
    class Meta:
        model = Enterprise
        fields = [*_ORGANISATION, "industry", "size", "unified_credit_code"]


class UniversitySerializer(RegisterSerializer):
    class Meta:
        model = University
        fields = [*_ORGANISATION, "is_partner"]


class OverseasPartnerSerializer(RegisterSerializer):
    class Meta:
        model = OverseasPartner
        fields = [
            *_ORGANISATION,
            "partner_type",
            "parent_name",
            "department",
            "technology_fields",
        ]


class PartnershipAgreementSerializer(RegisterSerializer):
    class Meta:
        model = PartnershipAgreement
        fields = ["id", "partner", "title", "scope", "signed_on", "valid_from", "valid_until"]


class JointProjectSerializer(RegisterSerializer):
    class Meta:
        model = JointProject
        fields = [
            "id",
            "name_zh",
            "name_en",
            "partner",
            "agreement",
            "institute",
            "started_on",
            "ended_on",
            "budget_cny",
            "experts",
        ]
