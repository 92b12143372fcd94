from techbridge.core.api.serializers import RegisterSerializer
from techbridge.people.models import (
    Affiliation,
    Expert,
    ProfileDocument,
    ProjectManager,
    ProjectManagerTeamMember,
)


class ExpertSerializer(RegisterSerializer):
    class Meta:
        model = Expert
        fields = [
            "id",
            "name_zh",
            "name_en",
            "title",
            "organisation",
            "country",
            "email",
            "bio_zh",
            "bio_en",
            "technology_fields",
        ]


class AffiliationSerializer(RegisterSerializer):
    class Meta:
        model = Affiliation
        fields = ["id", "expert", "organisation", "position", "start_date", "end_date"]


class ProfileDocumentSerializer(RegisterSerializer):
    class Meta:
        model = ProfileDocument
        fields = [
            "id",
            "expert",
            "kind",
            "title",
            "abstract",
            "keywords",
            "language",
            "year",
            "venue",
        ]


class ProjectManagerSerializer(RegisterSerializer):
    class Meta:
        model = ProjectManager
        fields = [
            "id",
            "name_zh",
            "name_en",
            "institute",
            "introduced_on",
            "origin_country",
            "background",
            "project_title",
            "technology_field",
            "capacity",
        ]


class ProjectManagerTeamMemberSerializer(RegisterSerializer):
    class Meta:
        model = ProjectManagerTeamMember
        fields = ["id", "project_manager", "name", "role", "joined_on"]
