from techbridge.core.api.serializers import RegisterSerializer
from techbridge.talent.models import Fellow, GraduateStudent


class FellowSerializer(RegisterSerializer):
    class Meta:
        model = Fellow
        fields = [
            "id",
            "expert",
            "level",
            "institute",
            "technology_field",
            "hired_on",
        ]


class GraduateStudentSerializer(RegisterSerializer):
    class Meta:
        model = GraduateStudent
        fields = [
            "id",
            "name_zh",
            "name_en",
            "university",
            "institute",
            "university_supervisor",
            "institute_supervisor",
            "degree",
            "enrolled_on",
            "graduated_on",
            "project_title",
        ]
