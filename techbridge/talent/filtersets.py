"""FilterSets of the talent registers, shared by pages and the API."""

import django_filters

from .models import Fellow, GraduateStudent


class FellowFilterSet(django_filters.FilterSet):
    class Meta:
        model = Fellow
        fields = {"level": ["exact"], "institute": ["exact"], "hired_on": ["year", "gte", "lte"]}


class GraduateStudentFilterSet(django_filters.FilterSet):
    class Meta:
        model = GraduateStudent
        fields = {
            "university": ["exact"],
            "institute": ["exact"],
            "degree": ["exact"],
            "enrolled_on": ["year", "gte", "lte"],
        }
