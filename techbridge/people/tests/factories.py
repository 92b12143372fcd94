"""Factories for experts and the documents on their profiles."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from techbridge.core.choices import Language
from techbridge.institutes.tests.factories import InstituteFactory
from techbridge.people.choices import AcademicTitle, ProfileDocumentKind
from techbridge.people.models import Expert, ProfileDocument


class ExpertFactory(DjangoModelFactory[Expert]):
    class Meta:
        model = Expert

    name_zh = factory.Sequence(lambda n: f"测试专家{n}")
    name_en = factory.Sequence(lambda n: f"Test Expert {n}")
    organisation = factory.SubFactory(InstituteFactory)
    title = AcademicTitle.RESEARCHER


class ProfileDocumentFactory(DjangoModelFactory[ProfileDocument]):
    class Meta:
        model = ProfileDocument

    expert = factory.SubFactory(ExpertFactory)
    kind = ProfileDocumentKind.PAPER
    title = factory.Sequence(lambda n: f"碳化硅功率模块封装热管理研究（{n}）")
    abstract = "研究碳化硅功率模块的封装结构与散热路径，降低结温并提高可靠性。"
    language = Language.ZH
    year = 2020
