from typing import Any

from django.db import transaction
from django.urls import reverse
from rest_framework import permissions, serializers

from techbridge.cooperation.choices import CaseStage
from techbridge.cooperation.models import (
    CaseMeeting,
    CaseMessage,
    ContractMilestone,
    ContractPayment,
    CooperationCase,
    CooperationContract,
    MajorProject,
    MajorProjectFunding,
    MajorProjectMilestone,
)
from techbridge.cooperation.services import (
    CooperationError,
    record_payment,
    save_contract,
    sign_off_milestone,
)
from techbridge.core.api.fields import BoundedModelSerializer
from techbridge.core.api.serializers import RegisterSerializer
from techbridge.needs.models import TechnologyNeed
from techbridge.needs.visibility import NeedAudience


class CooperationContractSerializer(RegisterSerializer):
    case: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="The cooperation case this contract concluded, if any.",
    )

    class Meta:
        model = CooperationContract
        fields = [
            "id",
            "contract_number",
            "case",
            "title",
            "title_en",
            "need",
            "jic",
            "client",
            "contractor",
            "value_cny",
            "signed_on",
            "start_on",
            "end_on",
            "status",
        ]
        extra_kwargs = {
            "contract_number": {
                "required": False,
                "help_text": "Given from the year's sequence (JS<year>-nnnnn) when left out.",
            }
        }

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is None or request.method in permissions.SAFE_METHODS:
            return fields
        # A contract may only be tied to a need its writer reads in full (the needs rule).
        audience = NeedAudience.of(request.user)
        needs = audience.read_in_full(TechnologyNeed.objects.all())
        fields["need"] = serializers.PrimaryKeyRelatedField(
            queryset=needs, allow_null=True, required=False, label=fields["need"].label
        )
        return fields

    def _readable_needs(self) -> set[int] | None:
        """Needs the requester reads in full (``None``: every need), once per request."""
        request = self.context.get("request")
        if request is None:
            return None
        context: dict[str, Any] = self.context  # type: ignore[assignment]
        if "readable_needs" not in context:
            audience = NeedAudience.of(request.user)
            context["readable_needs"] = (
                None
                if audience.is_superuser
                else set(
                    audience.read_in_full(TechnologyNeed.objects.all()).values_list("pk", flat=True)
                )
            )
        readable: set[int] | None = context["readable_needs"]
        return readable

    def to_representation(self, instance: CooperationContract) -> dict[str, Any]:
        """A need the requester may not read is not named, not even by its id."""
        data: dict[str, Any] = super().to_representation(instance)
        readable = self._readable_needs()
        need = instance.need_id
        if readable is not None and need is not None and need not in readable:
            data["need"] = None
        return data

    def update(self, instance: CooperationContract, validated_data: dict[str, Any]) -> Any:
        """Sending back the ``null`` the requester was shown keeps the need they cannot see."""
        readable = self._readable_needs()
        hidden = readable is not None and instance.need_id not in (None, *readable)
        if hidden and validated_data.get("need") is None:
            validated_data.pop("need", None)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return self._save(instance)

    def create(self, validated_data: dict[str, Any]) -> CooperationContract:
        return self._save(CooperationContract(**validated_data))

    def _save(self, contract: CooperationContract) -> CooperationContract:
        """Through the contract service, as the pages and the register import write."""
        try:
            return save_contract(self.context["request"].user, contract)
        except CooperationError as error:
            raise serializers.ValidationError({"detail": str(error)}) from error


class ContractMilestoneSerializer(RegisterSerializer):
    class Meta:
        model = ContractMilestone
        fields = ["id", "contract", "title", "due_on", "accepted_on", "amount_cny"]

    @transaction.atomic
    def update(self, instance: ContractMilestone, validated_data: dict[str, Any]) -> Any:
        """A milestone's acceptance goes through the acceptance service, as the contract
        page writes it; its other fields are corrected here."""
        accepted_on = validated_data.pop("accepted_on", instance.accepted_on)
        milestone: ContractMilestone = super().update(instance, validated_data)
        if accepted_on is not None and milestone.accepted_on is None:
            try:
                return sign_off_milestone(self.context["request"].user, milestone.pk, accepted_on)
            except CooperationError as error:
                raise serializers.ValidationError({"accepted_on": str(error)}) from error
        if accepted_on != milestone.accepted_on:
            milestone.accepted_on = accepted_on
            milestone.save(update_fields=["accepted_on", "updated_at"])
        return milestone


class ContractPaymentSerializer(RegisterSerializer):
    class Meta:
        model = ContractPayment
        fields = ["id", "contract", "milestone", "received_on", "amount_cny"]

    def create(self, validated_data: dict[str, Any]) -> ContractPayment:
        return self._save(ContractPayment(**validated_data))

    def update(self, instance: ContractPayment, validated_data: dict[str, Any]) -> Any:
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return self._save(instance)

    def _save(self, payment: ContractPayment) -> ContractPayment:
        """Through the payment service, as the admin writes."""
        try:
            return record_payment(self.context["request"].user, payment)
        except CooperationError as error:
            raise serializers.ValidationError({"detail": str(error)}) from error


class MajorProjectSerializer(RegisterSerializer):
    class Meta:
        model = MajorProject
        fields = [
            "id",
            "name_zh",
            "name_en",
            "lead_institute",
            "description",
            "approved_on",
            "status",
            "partners",
        ]


class MajorProjectFundingSerializer(RegisterSerializer):
    class Meta:
        model = MajorProjectFunding
        fields = ["id", "project", "source", "funder", "amount_cny"]


class MajorProjectMilestoneSerializer(RegisterSerializer):
    class Meta:
        model = MajorProjectMilestone
        fields = ["id", "project", "title", "due_on", "completed_on"]


class CooperationCaseSerializer(BoundedModelSerializer):
    contract: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The contract this case concluded, if any."
    )

    class Meta:
        model = CooperationCase
        fields = [
            "id",
            "need",
            "resource_type",
            "resource_id",
            "resource_name",
            "resource_name_en",
            "institute",
            "stage",
            "stage_since",
            "lost_reason",
            "contract",
        ]


class MoveCaseSerializer(serializers.Serializer):
    to_stage = serializers.ChoiceField(choices=CaseStage.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CaseMessageSerializer(serializers.ModelSerializer):
    """A message of a case's thread; its attachment is downloaded from ``attachment_url``
    (for the case's readers only)."""

    author = serializers.SerializerMethodField()
    attachment_name = serializers.CharField(read_only=True)
    attachment_url = serializers.SerializerMethodField()

    class Meta:
        model = CaseMessage
        fields = [
            "id",
            "case",
            "author",
            "body",
            "attachment_name",
            "attachment_content_type",
            "attachment_url",
            "created_at",
        ]
        read_only_fields = fields

    def get_author(self, message: CaseMessage) -> str | None:
        return message.author.get_username() if message.author else None

    def get_attachment_url(self, message: CaseMessage) -> str | None:
        if not message.attachment:
            return None
        return reverse("cooperation:case-message-attachment", args=[message.case_id, message.pk])


class PostCaseMessageSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=5000)
    attachment = serializers.FileField(required=False, allow_null=True)


class CaseMeetingSerializer(serializers.ModelSerializer):
    """A meeting of a case; ``invitation_url`` is its calendar file (.ics)."""

    organiser = serializers.SerializerMethodField()
    ends_at = serializers.DateTimeField(read_only=True)
    invitation_url = serializers.SerializerMethodField()

    class Meta:
        model = CaseMeeting
        fields = [
            "id",
            "case",
            "title",
            "starts_at",
            "ends_at",
            "duration_minutes",
            "location",
            "online_url",
            "organiser",
            "invitation_url",
            "created_at",
        ]
        read_only_fields = fields

    def get_organiser(self, meeting: CaseMeeting) -> str | None:
        return meeting.organiser.get_username() if meeting.organiser else None

    def get_invitation_url(self, meeting: CaseMeeting) -> str:
        return reverse("cooperation:case-meeting-ics", args=[meeting.case_id, meeting.pk])


class ScheduleMeetingSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    starts_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField(min_value=5, max_value=24 * 60, default=60)
    location = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    online_url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
