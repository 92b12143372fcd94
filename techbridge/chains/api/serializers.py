from rest_framework import serializers

from techbridge.chains.models import ChainLink, IndustryChain, KeyTechnology, TechnologyMapping
from techbridge.core.api.fields import BoundedModelSerializer


class KeyTechnologySerializer(BoundedModelSerializer):
    class Meta:
        model = KeyTechnology
        fields = [
            "id",
            "name_zh",
            "name_en",
            "description_zh",
            "description_en",
            "technology_field",
            "order",
        ]


class ChainLinkSerializer(BoundedModelSerializer):
    technologies = KeyTechnologySerializer(many=True, read_only=True)

    class Meta:
        model = ChainLink
        fields = ["id", "name_zh", "name_en", "order", "technologies"]


class IndustryChainSerializer(BoundedModelSerializer):
    links = ChainLinkSerializer(many=True, read_only=True)

    class Meta:
        model = IndustryChain
        fields = [
            "id",
            "code",
            "name_zh",
            "name_en",
            "description_zh",
            "description_en",
            "industry",
            "links",
        ]


class TechnologyMappingSerializer(BoundedModelSerializer):
    class Meta:
        model = TechnologyMapping
        fields = [
            "id",
            "key_technology",
            "record_type",
            "record_id",
            "source",
            "score",
            "explanation",
            "confirmed_by",
        ]


class TechnologyGapSerializer(serializers.Serializer):
    link = serializers.CharField(source="link.name")
    link_id = serializers.IntegerField(source="link.pk")
    technology = serializers.CharField(source="technology.name")
    technology_id = serializers.IntegerField(source="technology.pk")
    demand_count = serializers.IntegerField()
    demand_budget_cny = serializers.DecimalField(max_digits=16, decimal_places=2)
    institutes = serializers.IntegerField()
    experts = serializers.IntegerField()
    achievements = serializers.IntegerField()
    contracts = serializers.IntegerField()
    partners = serializers.IntegerField()
    spinoffs = serializers.IntegerField()
    supply_count = serializers.IntegerField()
    demand_without_supply = serializers.BooleanField()
    foreign_only_supply = serializers.BooleanField()
    single_institute = serializers.BooleanField()
    coverage = serializers.CharField()


class ChainGapSerializer(serializers.Serializer):
    chain = serializers.IntegerField(source="chain.pk")
    year = serializers.IntegerField(allow_null=True)
    technologies = TechnologyGapSerializer(many=True, source="ranked")
