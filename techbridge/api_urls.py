"""The REST API: one router over every register; the schema lives at /api/schema/.

What is covered, and what deliberately is not, is written in docs/api.md.
"""

from typing import Any

from rest_framework.routers import DefaultRouter

from techbridge.achievements.api.views import AchievementTransferViewSet, AchievementViewSet
from techbridge.assignments.api.views import DeclaredConflictViewSet
from techbridge.chains.api.views import IndustryChainViewSet, TechnologyMappingViewSet
from techbridge.cooperation.api.views import (
    ContractMilestoneViewSet,
    ContractPaymentViewSet,
    ContractViewSet,
    CooperationCaseViewSet,
    MajorProjectFundingViewSet,
    MajorProjectMilestoneViewSet,
    MajorProjectViewSet,
)
from techbridge.core.api.views import IndustryViewSet, TechnologyFieldViewSet
from techbridge.institutes.api.views import (
    BusinessUnitViewSet,
    EvaluationSchemeViewSet,
    EvaluationWeightViewSet,
    FundingAllocationViewSet,
    InnovationPlatformViewSet,
    InstituteViewSet,
    InstituteYearViewSet,
    RevenueRecordViewSet,
)
from techbridge.jics.api.views import JointInnovationCenterViewSet
from techbridge.needs.api.views import TechnologyNeedViewSet
from techbridge.organisations.api.views import (
    EnterpriseViewSet,
    JointProjectViewSet,
    OrganisationViewSet,
    OverseasPartnerViewSet,
    PartnershipAgreementViewSet,
    UniversityViewSet,
)
from techbridge.people.api.views import (
    AffiliationViewSet,
    ExpertViewSet,
    ProfileDocumentViewSet,
    ProjectManagerTeamMemberViewSet,
    ProjectManagerViewSet,
)
from techbridge.reports.api.views import AnnualFiguresView
from techbridge.talent.api.views import (
    CourseEnrolmentViewSet,
    FellowViewSet,
    GraduateCohortViewSet,
    GraduateStudentViewSet,
    ProjectCourseViewSet,
)
from techbridge.ventures.api.views import EquityStakeViewSet, InvestmentRoundViewSet, SpinOffViewSet


class IdRouter(DefaultRouter):
    """Record URLs take ids of at most 18 digits (what a 64-bit integer always holds); a
    longer one is no route (404) instead of a number the database drivers raise on."""

    def get_lookup_regex(self, viewset: Any, lookup_prefix: str = "") -> str:
        if not getattr(viewset, "lookup_value_regex", None):
            viewset.lookup_value_regex = r"[0-9]{1,18}"
        return str(super().get_lookup_regex(viewset, lookup_prefix))


router = IdRouter()
# Taxonomies
router.register("technology-fields", TechnologyFieldViewSet)
router.register("industries", IndustryViewSet)
# Organisations
router.register("organisations", OrganisationViewSet)
router.register("enterprises", EnterpriseViewSet)
router.register("universities", UniversityViewSet)
router.register("overseas-partners", OverseasPartnerViewSet)
router.register("partnership-agreements", PartnershipAgreementViewSet)
router.register("joint-projects", JointProjectViewSet)
# Institutes
router.register("business-units", BusinessUnitViewSet)
router.register("innovation-platforms", InnovationPlatformViewSet)
router.register("institutes", InstituteViewSet)
router.register("institute-years", InstituteYearViewSet)
router.register("revenue", RevenueRecordViewSet)
router.register("evaluation-schemes", EvaluationSchemeViewSet)
router.register("evaluation-weights", EvaluationWeightViewSet)
router.register("funding-allocations", FundingAllocationViewSet)
# People and talent
router.register("experts", ExpertViewSet)
router.register("affiliations", AffiliationViewSet)
router.register("profile-documents", ProfileDocumentViewSet)
router.register("project-managers", ProjectManagerViewSet)
router.register("project-manager-team-members", ProjectManagerTeamMemberViewSet)
router.register("fellows", FellowViewSet)
router.register("students", GraduateStudentViewSet)
router.register("graduate-cohorts", GraduateCohortViewSet)
router.register("project-courses", ProjectCourseViewSet)
router.register("course-enrolments", CourseEnrolmentViewSet)
# JICs, needs, achievements, cooperation
router.register("jics", JointInnovationCenterViewSet)
router.register("needs", TechnologyNeedViewSet, basename="technologyneed")
router.register("declared-conflicts", DeclaredConflictViewSet)
router.register("achievements", AchievementViewSet)
router.register("achievement-transfers", AchievementTransferViewSet)
router.register("contracts", ContractViewSet)
router.register("contract-milestones", ContractMilestoneViewSet)
router.register("contract-payments", ContractPaymentViewSet)
router.register("major-projects", MajorProjectViewSet)
router.register("major-project-fundings", MajorProjectFundingViewSet)
router.register("major-project-milestones", MajorProjectMilestoneViewSet)
router.register("cases", CooperationCaseViewSet, basename="cooperationcase")
# Ventures
router.register("spinoffs", SpinOffViewSet)
router.register("investment-rounds", InvestmentRoundViewSet)
router.register("equity-stakes", EquityStakeViewSet)
# Technology chains
router.register("chains", IndustryChainViewSet)
router.register("chain-mappings", TechnologyMappingViewSet, basename="technologymapping")

urlpatterns = [*router.urls]
urlpatterns.append(AnnualFiguresView.as_path())
