from techbridge.assignments.models import DeclaredConflict
from techbridge.core.api.serializers import RegisterSerializer


class DeclaredConflictSerializer(RegisterSerializer):
    class Meta:
        model = DeclaredConflict
        fields = ["id", "project_manager", "institute", "enterprise", "reason"]
