from techbridge.core.api.serializers import RegisterSerializer
from techbridge.ventures.models import EquityStake, InvestmentRound, SpinOff


class SpinOffSerializer(RegisterSerializer):
    class Meta:
        model = SpinOff
        fields = [
            "id",
            "name_zh",
            "name_en",
            "institute",
            "project_manager",
            "technology_field",
            "founded_on",
            "registered_capital_cny",
            "institute_equity_pct",
            "network_equity_pct",
            "status",
            "exited_on",
            "exit_proceeds_cny",
        ]


class InvestmentRoundSerializer(RegisterSerializer):
    class Meta:
        model = InvestmentRound
        fields = [
            "id",
            "spinoff",
            "kind",
            "closed_on",
            "amount_cny",
            "grant_cny",
            "pre_money_valuation_cny",
            "post_money_valuation_cny",
            "investors",
        ]


class EquityStakeSerializer(RegisterSerializer):
    class Meta:
        model = EquityStake
        fields = ["id", "institute", "enterprise", "equity_pct", "acquired_on"]
