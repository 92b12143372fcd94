"""The REST API: one router over every register; the schema lives at /api/schema/."""

from rest_framework.routers import DefaultRouter

from techbridge.achievements.api.views import AchievementTransferViewSet, AchievementViewSet
from techbridge.chains.api.views import IndustryChainViewSet, TechnologyMappingViewSet
from techbridge.cooperation.api.views import (
    ContractViewSet,
    CooperationCaseViewSet,
    MajorProjectViewSet,
)
from techbridge.institutes.api.views import InstituteViewSet, RevenueRecordViewSet
from techbridge.jics.api.views import JointInnovationCenterViewSet
from techbridge.needs.api.views import TechnologyNeedViewSet
from techbridge.organisations.api.views import EnterpriseViewSet, OverseasPartnerViewSet
from techbridge.people.api.views import ExpertViewSet, ProjectManagerViewSet
from techbridge.reports.api.views import AnnualFiguresView
from techbridge.talent.api.views import FellowViewSet, GraduateStudentViewSet
from techbridge.ventures.api.views import SpinOffViewSet

router = DefaultRouter()
router.register("institutes", InstituteViewSet)
router.register("revenue", RevenueRecordViewSet)
router.register("enterprises", EnterpriseViewSet)
router.register("overseas-partners", OverseasPartnerViewSet)
router.register("experts", ExpertViewSet)
router.register("project-managers", ProjectManagerViewSet)
router.register("fellows", FellowViewSet)
router.register("students", GraduateStudentViewSet)
router.register("jics", JointInnovationCenterViewSet)
router.register("needs", TechnologyNeedViewSet, basename="technologyneed")
router.register("achievements", AchievementViewSet)
router.register("achievement-transfers", AchievementTransferViewSet)
router.register("contracts", ContractViewSet)
router.register("major-projects", MajorProjectViewSet)
router.register("spinoffs", SpinOffViewSet)
router.register("cases", CooperationCaseViewSet, basename="cooperationcase")
router.register("chains", IndustryChainViewSet)
router.register("chain-mappings", TechnologyMappingViewSet, basename="technologymapping")

urlpatterns = [*router.urls]
urlpatterns.append(AnnualFiguresView.as_path())
