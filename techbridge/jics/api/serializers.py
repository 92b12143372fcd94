from techbridge.core.api.serializers import RegisterSerializer
from techbridge.jics.models import JointInnovationCenter


class JointInnovationCenterSerializer(RegisterSerializer):
    class Meta:
        model = JointInnovationCenter
        fields = [
            "id",
            "name_zh",
            "name_en",
            "enterprise",
            "institute",
            "established_on",
            "period_start",
            "period_end",
            "planned_investment_cny",
            "committed_investment_cny",
            "spent_investment_cny",
        ]
