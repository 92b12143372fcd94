"""The app's API routes, collected into ``/api/`` by ``techbridge.api_urls``."""

from .views import (
    BusinessUnitViewSet,
    EvaluationSchemeViewSet,
    EvaluationWeightViewSet,
    FundingAllocationViewSet,
    InnovationPlatformViewSet,
    InstituteViewSet,
    InstituteYearViewSet,
    RevenueRecordViewSet,
)

routes = [
    ("business-units", BusinessUnitViewSet, None),
    ("innovation-platforms", InnovationPlatformViewSet, None),
    ("institutes", InstituteViewSet, None),
    ("institute-years", InstituteYearViewSet, None),
    ("revenue", RevenueRecordViewSet, None),
    ("evaluation-schemes", EvaluationSchemeViewSet, None),
    ("evaluation-weights", EvaluationWeightViewSet, None),
    ("funding-allocations", FundingAllocationViewSet, None),
]
