from techbridge.core.api.views import RegisterViewSet
from techbridge.institutes.filtersets import (
    BusinessUnitFilterSet,
    EvaluationSchemeFilterSet,
    EvaluationWeightFilterSet,
    FundingAllocationFilterSet,
    InnovationPlatformFilterSet,
    InstituteYearFilterSet,
    ResearchInstituteFilterSet,
    RevenueRecordFilterSet,
)
from techbridge.institutes.models import (
    BusinessUnit,
    EvaluationScheme,
    EvaluationWeight,
    FundingAllocation,
    InnovationPlatform,
    InstituteYear,
    ResearchInstitute,
    RevenueRecord,
)

from .serializers import (
    BusinessUnitSerializer,
    EvaluationSchemeSerializer,
    EvaluationWeightSerializer,
    FundingAllocationSerializer,
    InnovationPlatformSerializer,
    InstituteYearSerializer,
    ResearchInstituteSerializer,
    RevenueRecordSerializer,
)


class BusinessUnitViewSet(RegisterViewSet):
    queryset = BusinessUnit.objects.all()
    serializer_class = BusinessUnitSerializer
    filterset_class = BusinessUnitFilterSet


class InnovationPlatformViewSet(RegisterViewSet):
    queryset = InnovationPlatform.objects.select_related("business_unit")
    serializer_class = InnovationPlatformSerializer
    filterset_class = InnovationPlatformFilterSet


class InstituteViewSet(RegisterViewSet):
    queryset = ResearchInstitute.objects.select_related(
        "business_unit", "platform"
    ).prefetch_related("technology_fields")
    serializer_class = ResearchInstituteSerializer
    filterset_class = ResearchInstituteFilterSet


class RevenueRecordViewSet(RegisterViewSet):
    queryset = RevenueRecord.objects.select_related("institute")
    serializer_class = RevenueRecordSerializer
    filterset_class = RevenueRecordFilterSet


class InstituteYearViewSet(RegisterViewSet):
    queryset = InstituteYear.objects.select_related("institute")
    serializer_class = InstituteYearSerializer
    filterset_class = InstituteYearFilterSet


class EvaluationSchemeViewSet(RegisterViewSet):
    queryset = EvaluationScheme.objects.all()
    serializer_class = EvaluationSchemeSerializer
    filterset_class = EvaluationSchemeFilterSet


class EvaluationWeightViewSet(RegisterViewSet):
    queryset = EvaluationWeight.objects.select_related("scheme")
    serializer_class = EvaluationWeightSerializer
    filterset_class = EvaluationWeightFilterSet


class FundingAllocationViewSet(RegisterViewSet):
    queryset = FundingAllocation.objects.select_related("institute", "scheme")
    serializer_class = FundingAllocationSerializer
    filterset_class = FundingAllocationFilterSet
