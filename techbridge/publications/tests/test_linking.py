"""Author linking on a hand-built index (no database but for the index built from stored
links), every score checkable by hand."""

from __future__ import annotations

import pytest

from techbridge.people.models import Expert
from techbridge.people.tests.factories import ExpertFactory
from techbridge.publications.formats.records import ParsedAuthor
from techbridge.publications.linking import (
    AUTO_LINK,
    MIN_SHARED_WORKS,
    REVIEW,
    ExpertIndex,
    ExpertKeys,
    LinkDecision,
    shared_works,
)
from techbridge.publications.models import AuthorLink, Work
from techbridge.publications.names import has_cjk, name_keys, same_first_author, title_key

from .conftest import record

INSTITUTE = ("先进材料研究所", "Institute of Advanced Materials")
OTHER = ("智能制造研究所", "Institute of Intelligent Manufacturing")


def index(coauthors: dict[int, set[int]] | None = None) -> ExpertIndex:
    return ExpertIndex(
        [
            ExpertKeys(1, "欧阳澍青", "Shuqing Ouyang", "sq.ouyang@example.org", "", 10, INSTITUTE),
            ExpertKeys(2, "裘洛岑", "Luocen Qiu", "", "0000-0002-1825-0097", 10, INSTITUTE),
            ExpertKeys(3, "诸葛鹭汀", "Luting Zhuge", "", "", 20, OTHER),
            ExpertKeys(4, "", "Mirabel Quennell-Tarrant", "m.qt@example.ac.uk", "", 20, OTHER),
            ExpertKeys(5, "诸葛鹭汀", "", "", "", 30, ("另一所大学",)),
        ],
        coauthors,
    )


def link_one(author: ParsedAuthor, experts: ExpertIndex | None = None) -> LinkDecision:
    return (experts or index()).link_record(record(1, "A work", [author]))[0]


def test_name_keys_cover_pinyin_orders_and_initials() -> None:
    # Given the ways one Chinese name is written in bibliographies
    # Then they share a key with the name in characters
    zh_full, zh_initials = name_keys("欧阳澍青")
    assert zh_full == {"ouyang|shuqing"}
    for written in ("Ouyang, Shuqing", "Shuqing Ouyang", "Ouyang Shuqing"):
        assert zh_full & name_keys(written)[0], written
    assert zh_initials & name_keys("Ouyang, S.")[1]
    assert same_first_author(" ".join(name_keys("Zhang, W.")[1]), " ".join(zh_initials)) is False
    assert title_key("Deep  Learning: A Survey.") == title_key("deep learning - a survey")


def test_a_name_given_by_its_initial_has_initials_keys_only() -> None:
    # "Yang, M." and "M. Yang" say no more than surname Yang and the initial M: no full name,
    # and the initial is never taken for a surname
    for written in ("Yang, M.", "M. Yang", "Yang M"):
        assert name_keys(written) == (frozenset(), frozenset({"yang|m"})), written
    assert name_keys("Ming Yang")[1] == {"yang|m", "ming|y"}


def test_the_default_threshold_is_the_configured_one() -> None:
    from django.conf import settings

    assert settings.PUBLICATIONS_AUTO_LINK == AUTO_LINK


def test_a_lower_threshold_links_without_review_what_the_default_sends_to_it() -> None:
    author = ParsedAuthor("Shuqing Ouyang")
    assert link_one(author).status == "pending"  # 0.5 from the pinyin alone
    lower = ExpertIndex(index().experts.values(), auto_link=0.5)
    decision = link_one(author, lower)
    assert (decision.expert_id, decision.status, decision.confidence) == (1, "auto", 0.5)


def test_orcid_links_with_full_confidence_whatever_the_name() -> None:
    decision = link_one(ParsedAuthor("L. Q.", orcid="0000-0002-1825-0097"))
    assert (decision.expert_id, decision.confidence, decision.status) == (2, 1.0, "auto")
    assert decision.reasons == ["orcid"]


def test_email_links_automatically() -> None:
    decision = link_one(ParsedAuthor("M. Tarrant", email="M.QT@example.ac.uk"))
    assert (decision.expert_id, decision.status) == (4, "auto")
    assert "email" in decision.reasons


def test_chinese_name_with_affiliation_links_automatically() -> None:
    decision = link_one(ParsedAuthor("欧阳澍青", affiliation="先进材料研究所，南京"))
    assert decision.expert_id == 1
    assert decision.confidence >= AUTO_LINK
    assert decision.reasons == ["name_zh", "affiliation"]


def test_pinyin_in_either_order_waits_for_review() -> None:
    for written in ("Shuqing Ouyang", "Ouyang Shuqing", "OUYANG, Shuqing"):
        decision = link_one(ParsedAuthor(written))
        assert decision.expert_id == 1, written
        assert decision.status == "pending", written
        assert REVIEW <= decision.confidence < AUTO_LINK


def test_initials_alone_are_not_enough_but_with_the_institute_go_to_review() -> None:
    assert link_one(ParsedAuthor("Ouyang, S.")).expert_id is None
    decision = link_one(
        ParsedAuthor("Ouyang, S.", affiliation="Institute of Advanced Materials, Nanjing")
    )
    assert (decision.expert_id, decision.status) == (1, "pending")
    assert decision.reasons == ["initials", "affiliation"]


def test_namesakes_share_the_name_and_the_affiliation_decides() -> None:
    # Given two experts named 诸葛鹭汀 at different organisations
    alone = link_one(ParsedAuthor("诸葛鹭汀"))
    assert alone.expert_id is None  # 0.6 shared by two: below review
    decision = link_one(ParsedAuthor("诸葛鹭汀", affiliation="智能制造研究所"))
    assert (decision.expert_id, decision.status, decision.confidence) == (3, "auto", 0.7)
    # (the namesake, whose organisation the affiliation does not name: 0.4 - 0.3)
    assert decision.candidates == [
        {"expert": 5, "confidence": 0.1, "reasons": ["name_zh", "other_affiliation"]}
    ]


def test_another_orcid_rules_the_expert_out() -> None:
    decision = link_one(ParsedAuthor("裘洛岑", orcid="0000-0001-5109-3700"))
    assert decision.expert_id is None


def test_names_in_characters_that_differ_are_two_people_however_alike_they_sound() -> None:
    experts = ExpertIndex([ExpertKeys(1, "田芳嘉", "Fangjia Tian", "", "", 10, INSTITUTE)])
    # 田芳佳 sounds like 田芳嘉 (tian fang jia) and works at the same institute: not the expert
    other = experts.link_record(record(1, "A", [ParsedAuthor("田芳佳", affiliation=INSTITUTE[0])]))
    assert other[0].expert_id is None and other[0].candidates == []
    # written in pinyin, the name may be either: the expert, for review
    pinyin = experts.link_record(record(1, "A", [ParsedAuthor("Tian Fangjia")]))
    assert (pinyin[0].expert_id, pinyin[0].status) == (1, "pending")
    # and traditional characters are the same name as simplified ones
    traditional = ExpertIndex([ExpertKeys(2, "陈明远", "", "", "", 10, INSTITUTE)])
    decision = traditional.link_record(record(1, "A", [ParsedAuthor("陳明遠")]))[0]
    assert (decision.expert_id, decision.reasons) == (2, ["name_zh"])


def test_an_affiliation_that_names_none_of_the_experts_organisations_counts_against() -> None:
    # 欧阳澍青 works at the Institute of Advanced Materials
    here = link_one(ParsedAuthor("欧阳澍青", affiliation="先进材料研究所"))
    nowhere = link_one(ParsedAuthor("欧阳澍青"))
    elsewhere = link_one(ParsedAuthor("欧阳澍青", affiliation="浙江大学机械工程学院"))
    assert (here.status, nowhere.status) == ("auto", "pending")
    assert elsewhere.expert_id is None  # 0.6 - 0.3: below review
    # a patent's applicant stands in for a missing affiliation only as evidence for
    patent = record(1, "A", [ParsedAuthor("欧阳澍青")], kind="patent", applicants=["某某公司"])
    assert index().link_record(patent)[0].status == "pending"


def test_experts_count_as_coauthors_from_their_second_work_together() -> None:
    qiu = ParsedAuthor("Qiu, Luocen", orcid="0000-0002-1825-0097")
    ouyang = ParsedAuthor("Ouyang Shuqing")  # pinyin: 0.5, for review
    experts = index()
    experts.learn(record(1, "A", [qiu, ouyang]), [])  # (nothing linked: nothing learnt)
    surely = [
        LinkDecision(1, qiu, 2, 1.0, "auto", ["orcid"]),
        LinkDecision(2, ouyang, 1, 1.0, "auto", ["pinyin", "affiliation"]),
    ]
    experts.learn(record(1, "A", [qiu, ouyang]), surely)
    assert 2 not in experts.coauthors[1]
    experts.learn(record(2, "B", [qiu, ouyang]), surely)
    assert experts.coauthors[1] == {2} and experts.coauthors[2] == {1}
    decision = experts.link_record(record(3, "C", [qiu, ouyang]))[1]
    assert (decision.expert_id, decision.status) == (1, "auto")
    assert decision.reasons[:2] == ["pinyin", "coauthor"]


def test_a_linked_coauthor_lifts_a_colleague_over_the_threshold() -> None:
    qiu = ParsedAuthor("Qiu, Luocen", orcid="0000-0002-1825-0097")
    ouyang = ParsedAuthor("Ouyang, S.", affiliation="Institute of Advanced Materials")
    alone = index().link_record(record(1, "A", [ouyang]))[0]
    assert (alone.status, alone.confidence) == ("pending", 0.6)  # initials + affiliation
    # Working where the record's surely linked expert works counts a little: over the threshold
    together = index().link_record(record(1, "A", [qiu, ouyang]))
    assert (together[1].expert_id, together[1].status, together[1].confidence) == (
        1,
        "auto",
        0.7,
    )
    assert "colleague" in together[1].reasons
    # Having published together before counts more
    before = index({1: {2}, 2: {1}}).link_record(record(1, "A", [qiu, ouyang]))
    assert (before[1].expert_id, before[1].status, before[1].confidence) == (1, "auto", 0.8)
    assert "coauthor" in before[1].reasons
    # so that where links are made from 0.75 only the co-author links at once
    strict = ExpertIndex(list(index().experts.values()), auto_link=0.75)
    assert strict.link_record(record(1, "A", [qiu, ouyang]))[1].status == "pending"


def test_one_expert_is_one_author_of_a_record() -> None:
    # Given a record naming 欧阳澍青 twice (once as written in characters, once in pinyin)
    decisions = index().link_record(
        record(
            1,
            "A",
            [
                ParsedAuthor("Shuqing Ouyang"),
                ParsedAuthor("欧阳澍青", affiliation="先进材料研究所"),
            ],
        )
    )
    # Then the surer author gets the expert
    assert decisions[1].expert_id == 1
    assert decisions[0].expert_id is None


def test_every_reader_error_code_has_a_message_in_both_languages() -> None:
    import re

    from django.utils import translation

    from techbridge.publications import errors, formats

    # The rows of the readers' table of error codes ("``code``  what it means")
    codes = set(re.findall(r"^``(\w+)`` {2,}\S", formats.__doc__ or "", re.MULTILINE))
    assert {"bibtex_syntax", "ris_no_end", "xml_invalid", "too_large"} <= codes
    for code in codes:
        assert code in errors.REASONS, code
        with translation.override("zh-hans"):
            assert has_cjk(errors.reason(code)), code
        with translation.override("en"):
            assert errors.reason(code).isascii(), code


def test_a_patents_applicant_counts_as_its_inventors_employer() -> None:
    # Given a patent that names its inventor by the Chinese name only, filed by her institute
    inventor = ParsedAuthor("欧阳澍青")
    filed = record(1, "一种耐蚀涂层", [inventor], kind="patent", applicants=["先进材料研究所"])
    decision = index().link_record(filed)[0]
    # Then the applicant stands in for the missing affiliation and the link is made
    assert decision.expert_id == 1 and decision.confidence >= AUTO_LINK
    assert decision.reasons == ["name_zh", "affiliation"]
    # but another organisation's patent, or a paper, leaves the name alone to review
    elsewhere = record(
        1, "一种耐蚀涂层", [inventor], kind="patent", applicants=["某某科技有限公司"]
    )
    assert index().link_record(elsewhere)[0].confidence < AUTO_LINK
    paper = record(1, "耐蚀涂层研究", [inventor], applicants=["先进材料研究所"])
    assert index().link_record(paper)[0].confidence < AUTO_LINK


def test_people_an_expert_published_with_identify_the_expert_behind_initials() -> None:
    # Given 裘洛岑, known by ORCID iD, on a paper with two students nobody has a record of
    experts = index()
    first = record(
        1,
        "A",
        [
            ParsedAuthor("Luocen Qiu", orcid="0000-0002-1825-0097"),
            ParsedAuthor("Xiaoyu Li"),
            ParsedAuthor("Wang, Jianguo"),
        ],
    )
    later = record(
        2, "B", [ParsedAuthor("Qiu, L."), ParsedAuthor("李晓宇"), ParsedAuthor("王建国")]
    )
    assert experts.link_record(later)[0].expert_id is None  # initials alone: nobody

    # When the index learns from the first paper's automatic link, one paper together is not
    # yet a team: a wrongly linked paper would teach the expert a namesake's team
    experts.learn(first, experts.link_record(first))
    assert experts.link_record(later)[0].expert_id is None
    # (nor is the same paper read again, from another file)
    experts.learn(first, experts.link_record(first))
    assert experts.link_record(later)[0].expert_id is None
    second = record(
        5,
        "E",
        [
            ParsedAuthor("Xiaoyu Li"),
            ParsedAuthor("Luocen Qiu", orcid="0000-0002-1825-0097"),
            ParsedAuthor("Jianguo Wang"),
        ],
    )
    experts.learn(second, experts.link_record(second))

    # Then, after a second paper, "Qiu, L." with both students (written in characters now) is
    # 裘洛岑, at once
    decision = experts.link_record(later)[0]
    assert (decision.expert_id, decision.status) == (2, "auto")
    assert decision.reasons == ["initials", "coauthor_names"]
    # One of them is evidence for review, not for a link
    one = experts.link_record(record(3, "C", [ParsedAuthor("Qiu, L."), ParsedAuthor("Li Xiaoyu")]))
    assert (one[0].expert_id, one[0].status) == (2, "pending")
    # Initials of a co-author say less than the name: many people share them
    vague = experts.link_record(record(4, "D", [ParsedAuthor("Qiu, L."), ParsedAuthor("Li, X.")]))
    assert vague[0].status != "auto" and vague[0].confidence < one[0].confidence
    # A stranger's name alone teaches nothing: only automatic links are learnt from
    unsure = index()
    unsure.learn(later, unsure.link_record(later))
    assert not unsure.coauthor_full


def test_a_link_made_on_the_name_and_the_team_alone_teaches_nothing() -> None:
    # Given two papers whose "Luocen Qiu" was linked on the name and the co-authors' names
    # (a namesake's papers can be, where a name in common is chance)
    qiu, li = ParsedAuthor("Luocen Qiu"), ParsedAuthor("Xiaoyu Li")
    experts = index()
    for number in (1, 2):
        paper = record(number, f"P{number}", [qiu, li], keywords=["激光熔覆", "TC4钛合金"])
        experts.learn(paper, [LinkDecision(1, qiu, 2, 0.8, "auto", ["pinyin", "coauthor_name"])])
    # Then the expert has learnt neither the team nor the subjects
    assert not experts.coauthor_full[2] and not experts.topics[2]
    # while links with more than that (an affiliation, an identifier) teach both
    for number in (1, 2):
        paper = record(number, f"P{number}", [qiu, li], keywords=["激光熔覆", "TC4钛合金"])
        experts.learn(paper, [LinkDecision(1, qiu, 2, 0.8, "auto", ["pinyin", "affiliation"])])
    assert "li|xiaoyu" in experts.coauthor_full[2]
    assert experts.topics[2] == {"激光熔覆", "tc4钛合金"}


def test_a_name_counts_from_a_share_of_an_experts_works() -> None:
    # Given 裘洛岑 (by ORCID iD), whose group's student 王建国 is on every paper, and 李晓宇 on
    # two of them (an outside collaborator, or a namesake's student by chance)
    qiu, wang, li = (ParsedAuthor(n) for n in ("Luocen Qiu", "Jianguo Wang", "Xiaoyu Li"))
    works = next(n for n in range(1, 10_000) if shared_works(n) > MIN_SHARED_WORKS)
    papers = [
        record(n, f"Paper {n}", [qiu, wang, li] if n <= MIN_SHARED_WORKS else [qiu, wang])
        for n in range(1, works + 1)
    ]
    experts = index()
    for number, paper in enumerate(papers, 1):
        experts.learn(paper, [LinkDecision(1, qiu, 2, 1.0, "auto", ["orcid"])])
        if number == MIN_SHARED_WORKS:
            # Then with few works, two together make a co-author
            assert {"li|xiaoyu", "wang|jianguo"} <= experts.coauthor_full[2]
    # but with many, two are too few a share: the student still counts, 李晓宇 no longer
    assert "wang|jianguo" in experts.coauthor_full[2]
    assert "li|xiaoyu" not in experts.coauthor_full[2]
    # and what is learned does not depend on the order the works come in (a kept index
    # learns them in another order than a new build)
    reverse = index()
    for paper in reversed(papers):
        reverse.learn(paper, [LinkDecision(1, qiu, 2, 1.0, "auto", ["orcid"])])
    assert reverse.coauthor_full[2] == experts.coauthor_full[2]
    assert reverse.coauthor_initials[2] == experts.coauthor_initials[2]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "reasons", "teaches"),
    [
        ("auto", ["name_zh", "coauthor_names"], False),
        ("auto", ["name_zh", "topics"], False),
        ("auto", ["name_zh", "email"], True),
        ("auto", ["initials", "affiliation", "coauthor_name"], True),
        # an expert surely linked to the record has published with this one
        ("auto", ["pinyin", "coauthor", "coauthor_name"], True),
        ("auto", ["name_zh", "other_affiliation", "coauthor_names"], False),
        # a person confirmed it
        ("accepted", ["name_zh", "coauthor_names"], True),
    ],
)
def test_stored_links_teach_as_the_runs_links_do(
    status: str, reasons: list[str], teaches: bool
) -> None:
    expert = ExpertFactory.create(name_zh="裘洛岑", name_en="Luocen Qiu", orcid="", email="")
    for number in (1, 2):
        work = Work.objects.create(
            key=f"t:{number}",
            kind="paper",
            title=f"P{number}",
            language="zh",
            title_key=f"p{number}",
            keywords="激光熔覆; TC4钛合金",
            authors=[{"name": "裘洛岑"}, {"name": "李晓宇"}],
        )
        AuthorLink.objects.create(
            work=work, position=1, name="裘洛岑", expert=expert, status=status, reasons=reasons
        )
    built = ExpertIndex.build(Expert.objects.filter(pk=expert.pk))
    assert ("li|xiaoyu" in built.coauthor_full[expert.pk]) is teaches
    assert (built.topics[expert.pk] == {"激光熔覆", "tc4钛合金"}) is teaches


@pytest.mark.django_db
def test_the_index_learns_from_stored_links() -> None:
    expert = ExpertFactory.create(name_zh="裘洛岑", name_en="Luocen Qiu", orcid="", email="")
    qiu, li, wang = ({"name": n} for n in ("Luocen Qiu", "Xiaoyu Li", "Jianguo Wang"))
    # two papers with the same two students (co-authors from the second paper on)
    for key, title, authors in (("t:1", "A", [qiu, li, wang]), ("t:4", "Z", [li, qiu, wang])):
        work = Work.objects.create(
            key=key,
            kind="paper",
            title=title,
            language="en",
            title_key=title.lower(),
            authors=authors,
        )
        AuthorLink.objects.create(
            work=work,
            position=authors.index(qiu) + 1,
            name="Luocen Qiu",
            expert=expert,
            status="auto",
            reasons=["pinyin", "affiliation"],
        )

    for number, title in ((2, "Laser cladding of TC4"), (3, "TC4 laser cladding, revisited")):
        paper = Work.objects.create(
            key=f"t:{number}",
            kind="paper",
            title=title,
            language="en",
            title_key=title_key(title),
            keywords="Laser cladding; TC4; fatigue" if number == 2 else "TC4; laser cladding",
            authors=[{"name": "Luocen Qiu"}],
        )
        AuthorLink.objects.create(
            work=paper, position=1, name="Luocen Qiu", expert=expert, status="accepted"
        )

    built = ExpertIndex.build(Expert.objects.filter(pk=expert.pk))

    assert {"li|xiaoyu", "wang|jianguo"} <= built.coauthor_full[expert.pk]
    # the keywords of two stored works or more are the expert's subjects
    assert built.topics[expert.pk] == {"laser cladding", "tc4"}
    later = record(
        2, "B", [ParsedAuthor("Qiu, L."), ParsedAuthor("李晓宇"), ParsedAuthor("王建国")]
    )
    assert built.link_record(later)[0].expert_id == expert.pk


def test_two_authors_named_as_one_teams_experts_support_each_other() -> None:
    # Given 欧阳澍青 and 裘洛岑 (one institute) named in characters, without anything surer
    team = record(1, "A", [ParsedAuthor("欧阳澍青"), ParsedAuthor("裘洛岑")])
    # Then working in one place supports each (namesakes of two colleagues are rare but not
    # unheard of), having published together more
    colleagues = index().link_record(team)
    assert [(d.expert_id, d.status) for d in colleagues] == [(1, "auto"), (2, "auto")]
    assert colleagues[0].reasons == ["name_zh", "colleague_named"]
    assert colleagues[0].confidence == 0.8
    coauthors = index({1: {2}, 2: {1}}).link_record(team)
    assert coauthors[0].reasons == ["name_zh", "coauthor_named"]
    assert coauthors[0].confidence == 0.9
    # so that where links are made from 0.85 only the co-authors link at once
    strict = {1: {2}, 2: {1}}
    experts = list(index().experts.values())
    assert [d.status for d in ExpertIndex(experts, auto_link=0.85).link_record(team)] == [
        "pending",
        "pending",
    ]
    assert [d.status for d in ExpertIndex(experts, strict, 0.85).link_record(team)] == [
        "auto",
        "auto",
    ]
    # An author known by initials only gets nothing from a named colleague: many share them
    initials = index({1: {2}, 2: {1}}).link_record(
        record(2, "B", [ParsedAuthor("Ouyang, S."), ParsedAuthor("裘洛岑")])
    )
    assert initials[0].expert_id is None


def test_a_record_read_again_gets_the_same_decisions() -> None:
    # Given an index that has linked a record once (an import reads each record twice, and
    # authors recur from record to record)
    experts = index()
    qiu = ParsedAuthor("Qiu, Luocen", orcid="0000-0002-1825-0097")
    ouyang = ParsedAuthor("Ouyang, S.", affiliation="Institute of Advanced Materials")
    first = experts.link_record(record(1, "A", [qiu, ouyang]))
    # When the same authors are linked again
    again = experts.link_record(record(2, "B", [qiu, ouyang]))
    # Then the colleague's evidence counts once each time: still for review, as for a new index
    assert [(d.expert_id, d.status, d.confidence, d.reasons) for d in again] == [
        (d.expert_id, d.status, d.confidence, d.reasons) for d in first
    ]
    assert (again[1].status, again[1].confidence) == ("auto", 0.7)
    assert again[1].reasons == ["initials", "affiliation", "colleague"]


def test_the_subjects_an_expert_works_on_tell_namesakes_apart() -> None:
    # Given two experts named 诸葛鹭汀 (3 and 5), whom a record naming the name alone cannot tell
    # apart, and two papers of 5 (surely linked by the affiliation and a co-author) with 裘洛岑
    # (by ORCID iD) on the same subjects
    experts = index({2: {5}, 5: {2}})
    zhuge = ParsedAuthor("诸葛鹭汀", affiliation="另一所大学")
    qiu = ParsedAuthor("Qiu, Luocen", orcid="0000-0002-1825-0097")
    for position, title in ((1, "激光熔覆TC4钛合金的组织"), (2, "TC4钛合金激光熔覆层的疲劳")):
        paper = record(position, title, [zhuge, qiu], keywords=["激光熔覆", "TC4钛合金"])
        decisions = experts.link_record(paper)
        assert [(d.expert_id, d.status) for d in decisions] == [(5, "auto"), (2, "auto")]
        experts.learn(paper, decisions)
        experts.learn(paper, experts.link_record(paper))
    assert experts.topics[5] == experts.topics[2] == {"激光熔覆", "tc4钛合金"}

    # When 诸葛鹭汀 alone writes on both subjects (named in the title only)
    alone = [ParsedAuthor("诸葛鹭汀")]
    on_topic = experts.link_record(record(3, "激光熔覆修复TC4钛合金叶片", alone))
    # Then it is 5, at once: the name (0.6 shared by two: 0.4) and two subjects
    assert (on_topic[0].expert_id, on_topic[0].status, on_topic[0].reasons) == (
        5,
        "auto",
        ["name_zh", "topics"],
    )
    assert on_topic[0].confidence == pytest.approx(0.65)
    # the other namesake, on none of them, stays at the name's share
    assert [(c["expert"], c["confidence"]) for c in on_topic[0].candidates] == [(3, 0.4)]
    # One subject is too often chance (and the keyword "TC4" does not name "TC4钛合金")
    one = experts.link_record(
        record(4, "A survey", [ParsedAuthor("诸葛鹭汀")], keywords=["激光熔覆", "TC4"])
    )
    assert one[0].expert_id is None
    # Initials are shared within a group more than across subjects: they get nothing from them
    initials = experts.link_record(record(6, "激光熔覆TC4钛合金", [ParsedAuthor("Zhuge, L.")]))
    assert initials[0].expert_id is None
    # On other subjects the name alone says nothing
    elsewhere = experts.link_record(record(5, "深度学习的缺陷检测", [ParsedAuthor("诸葛鹭汀")]))
    assert elsewhere[0].expert_id is None
    # A keyword seen in one work only is not yet a subject
    first_only = index()
    paper = record(1, "Laser cladding", [qiu], keywords=["Laser cladding"])
    first_only.learn(paper, first_only.link_record(paper))
    first_only.learn(paper, first_only.link_record(paper))
    assert first_only.topics[2] == set()


def test_a_work_without_keywords_is_known_by_the_subjects_its_title_names() -> None:
    # Given 诸葛鹭汀 (5), surely linked (affiliation and a co-author) on a patent whose title
    # names 激光熔覆 and TC4钛合金 but which has no keywords, as patents have none
    experts = index({2: {5}, 5: {2}})
    zhuge = ParsedAuthor("诸葛鹭汀", affiliation="另一所大学")
    qiu = ParsedAuthor("Qiu, Luocen", orcid="0000-0002-1825-0097")
    patent = record(1, "一种TC4钛合金叶片的激光熔覆修复方法", [zhuge, qiu], kind="patent")
    experts.learn(patent, experts.link_record(patent))
    # the title alone teaches nothing: a title is not cut into subjects by guesswork
    assert experts.topics[5] == set()
    # When a paper of 5 gives those subjects as keywords
    paper = record(2, "Microstructure", [zhuge, qiu], keywords=["激光熔覆", "TC4钛合金"])
    experts.learn(paper, experts.link_record(paper))
    # Then a later patent whose title names them makes them the expert's subjects (seen in
    # two works); "方法", in both patents' titles, is none: it was never a keyword
    later = record(3, "激光熔覆TC4钛合金的残余应力调控方法", [zhuge, qiu], kind="patent")
    experts.learn(later, experts.link_record(later))
    assert experts.topics[5] == {"激光熔覆", "tc4钛合金"}
    # and 诸葛鹭汀 alone on them is 5 at once, 3 (a namesake) staying at the name's share
    alone = experts.link_record(
        record(4, "激光熔覆TC4钛合金叶片的疲劳", [ParsedAuthor("诸葛鹭汀")])
    )
    assert (alone[0].expert_id, alone[0].status, alone[0].reasons) == (
        5,
        "auto",
        ["name_zh", "topics"],
    )


@pytest.mark.django_db
def test_the_subjects_built_from_stored_links_read_every_title_for_every_keyword() -> None:
    # Given an expert's stored works: a patent (no keywords) stored before the one paper whose
    # keywords name its subjects, and a second patent
    expert = ExpertFactory.create(name_zh="裘洛岑", name_en="Luocen Qiu", orcid="", email="")
    works = (
        ("一种TC4钛合金叶片的激光熔覆修复方法", ""),
        ("Microstructure of clad layers", "激光熔覆; TC4钛合金; 显微组织"),
        ("激光熔覆层的残余应力调控方法", ""),
    )
    for number, (title, keywords) in enumerate(works, 1):
        work = Work.objects.create(
            key=f"t:{number}",
            kind="patent" if not keywords else "paper",
            title=title,
            language="zh",
            title_key=title_key(title),
            keywords=keywords,
            authors=[{"name": "裘洛岑"}],
        )
        AuthorLink.objects.create(
            work=work,
            position=1,
            name="裘洛岑",
            expert=expert,
            status="auto",
            reasons=["name_zh", "affiliation"],
        )
    # When the index is built from them
    built = ExpertIndex.build(Expert.objects.filter(pk=expert.pk))
    # Then each title was read for every keyword the expert has, whatever the order stored:
    # 激光熔覆 is in all three works, TC4钛合金 in two, 显微组织 in one (not yet a subject)
    assert built.topics[expert.pk] == {"激光熔覆", "tc4钛合金"}


def test_evidence_that_adds_up_to_the_threshold_reaches_it() -> None:
    # Given 诸葛鹭汀 (5), who has published with 李晓宇 and 王建国, and a namesake (3)
    experts = ExpertIndex(list(index().experts.values()), auto_link=0.8)
    experts.coauthor_full[5] = {"li|xiaoyu", "wang|jianguo"}
    # When "Zhuge, L." (initials two experts share: 0.3 / 1.5) writes with both of them
    paper = record(
        1, "A", [ParsedAuthor("Zhuge, L."), ParsedAuthor("Xiaoyu Li"), ParsedAuthor("Wang Jianguo")]
    )
    linked = experts.link_record(paper)[0]
    # Then 0.2 + 0.3 + 0.3 is 0.8 (in floating point 0.7999999999999999), and links at 0.8
    assert (linked.expert_id, linked.reasons) == (5, ["initials", "coauthor_names"])
    assert (linked.confidence, linked.status) == (0.8, "auto")
    # and the review queue's threshold the same way (a sum a rounding under 0.5 is 0.5)
    assert experts.status(0.5 - 1e-12) == "pending"
    assert experts.status(0.49) is None
