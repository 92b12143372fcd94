"""The app's API routes, collected into ``/api/`` by ``techbridge.api_urls``."""

from .views import (
    ContractMilestoneViewSet,
    ContractPaymentViewSet,
    ContractViewSet,
    CooperationCaseViewSet,
    MajorProjectFundingViewSet,
    MajorProjectMilestoneViewSet,
    MajorProjectViewSet,
)

routes = [
    ("contracts", ContractViewSet, None),
    ("contract-milestones", ContractMilestoneViewSet, None),
    ("contract-payments", ContractPaymentViewSet, None),
    ("major-projects", MajorProjectViewSet, None),
    ("major-project-fundings", MajorProjectFundingViewSet, None),
    ("major-project-milestones", MajorProjectMilestoneViewSet, None),
    ("cases", CooperationCaseViewSet, "cooperationcase"),
]
