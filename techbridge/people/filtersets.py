"""FilterSets of the people registers, shared by pages and the API."""

from techbridge.core.filtersets import BaseFilterSet

from .models import Affiliation, Expert, ProfileDocument, ProjectManager, ProjectManagerTeamMember


class ExpertFilterSet(BaseFilterSet):
    class Meta:
        model = Expert
        fields = {
            "title": ["exact"],
            "country": ["exact"],
            "organisation": ["exact"],
            "technology_fields": ["exact"],
        }


class ProjectManagerFilterSet(BaseFilterSet):
    class Meta:
        model = ProjectManager
        fields = {
            "institute": ["exact"],
            "introduced_on": ["year", "gte", "lte"],
            "origin_country": ["exact"],
        }


class AffiliationFilterSet(BaseFilterSet):
    class Meta:
        model = Affiliation
        fields = {
            "expert": ["exact"],
            "organisation": ["exact"],
            "end_date": ["isnull", "gte", "lte"],
        }


class ProfileDocumentFilterSet(BaseFilterSet):
    class Meta:
        model = ProfileDocument
        fields = {
            "expert": ["exact"],
            "kind": ["exact"],
            "language": ["exact"],
            "year": ["exact", "gte", "lte"],
        }


class ProjectManagerTeamMemberFilterSet(BaseFilterSet):
    class Meta:
        model = ProjectManagerTeamMember
        fields = {"project_manager": ["exact"], "role": ["exact"]}
