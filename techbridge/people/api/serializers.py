from rest_framework import serializers

from techbridge.people.models import Expert, ProjectManager


class ExpertSerializer(serializers.ModelSerializer):
    class Meta:
        model = Expert
        fields = [
            "id",
            "name_zh",
            "name_en",
            "title",
            "organisation",
            "country",
            "technology_fields",
        ]


class ProjectManagerSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectManager
        fields = [
            "id",
            "name_zh",
            "name_en",
            "institute",
            "introduced_on",
            "origin_country",
            "project_title",
            "technology_field",
            "capacity",
        ]
