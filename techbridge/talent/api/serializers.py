from techbridge.core.api.serializers import RegisterSerializer
from techbridge.talent.models import (
    CourseEnrolment,
    Fellow,
    GraduateCohort,
    GraduateStudent,
    ProjectCourse,
)


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
            "cohort",
            "degree",
            "enrolled_on",
            "graduated_on",
            "project_title",
        ]


class GraduateCohortSerializer(RegisterSerializer):
    class Meta:
        model = GraduateCohort
        fields = ["id", "name_zh", "name_en", "university", "year"]


class ProjectCourseSerializer(RegisterSerializer):
    class Meta:
        model = ProjectCourse
        fields = [
            "id",
            "title_zh",
            "title_en",
            "institute",
            "university",
            "year",
            "term",
            "credits",
        ]


class CourseEnrolmentSerializer(RegisterSerializer):
    class Meta:
        model = CourseEnrolment
        fields = ["id", "course", "student", "grade", "passed"]
