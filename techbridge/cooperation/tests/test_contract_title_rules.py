"""A contract's title never repeats what only its need's readers may know: the rule, on needs
made by the factories."""

from __future__ import annotations

import pytest

from techbridge.cooperation.services import contract_title, contract_titles
from techbridge.core.choices import Language
from techbridge.core.tests.factories import TechnologyFieldFactory
from techbridge.needs.choices import Confidentiality
from techbridge.needs.tests.factories import NeedFactory

pytestmark = [pytest.mark.django_db, pytest.mark.unit]


@pytest.mark.parametrize("level", [Confidentiality.STAFF_ONLY, Confidentiality.NAMED_ONLY])
def test_a_restricted_need_gives_its_contract_only_its_field(level: str) -> None:
    field = TechnologyFieldFactory.create(name_zh="碳化硅功率器件", name_en="SiC power devices")
    need = NeedFactory.create(confidentiality=level, technology_field=field)
    assert contract_title(need) == "碳化硅功率器件技术合作"
    assert contract_titles(need) == (
        "碳化硅功率器件技术合作",
        "Technical cooperation in SiC power devices",
    )
    assert need.title not in contract_title(need)


def test_a_public_need_gives_its_contract_the_first_sentence_of_its_summary() -> None:
    need = NeedFactory.create(
        confidentiality=Confidentiality.PUBLIC_SUMMARY,
        public_summary="某功率器件企业寻求高导热封装基板技术。要求热导率不低于 170 W/mK。",
    )
    assert contract_title(need) == "某功率器件企业寻求高导热封装基板技术"
    assert contract_title(need) != need.title
    # (a Chinese summary has no English title: the contract shows it in every language)
    assert contract_titles(need)[1] == ""


def test_an_english_summary_titles_the_contract_in_both_languages() -> None:
    need = NeedFactory.create(
        confidentiality=Confidentiality.PUBLIC_SUMMARY,
        language=Language.EN,
        title="Thermal substrate for power modules",
        public_summary="A power device maker seeks thermal substrates. Above 170 W/mK.",
    )
    assert contract_titles(need) == (
        "A power device maker seeks thermal substrates",
        "A power device maker seeks thermal substrates",
    )
