"""The experts and works of the synthetic import corpus (``ingest_data``): names in
characters and pinyin, Western names, ORCID iDs and e-mail addresses for some, and works
whose authors are these experts or people nobody knows, written the ways bibliographies write
names.

Authors are drawn the way research is done: the experts of an institute work in research
groups of two to six, each group with its own students and outside collaborators (people
nobody has a record of), and a work comes out of one group: one to three of its experts, some
of its students, now and then an expert of another group or a stranger. Some strangers bear
an expert's name exactly (characters and pinyin) and work elsewhere: in real bibliographies
张伟 is thousands of people, so a name alone must not make a link.

A group works on a few methods, tasks and materials of its own (:data:`FOCUS`): each of a
work's three subjects (its keywords, and the words of its title) is one of the group's with
the chance :data:`FOCUS_SHARE`, else any. A namesake in another group writes on that group's
subjects, which may overlap the expert's by chance."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from techbridge_bench.ingest_words import (
    ABSTRACT_EN,
    ABSTRACT_ZH,
    GIVEN_SYLLABLES,
    INSTITUTES,
    SURNAMES,
    TITLE_PARTS,
    VENUES_EN,
    VENUES_ZH,
    WESTERN_FAMILY,
    WESTERN_GIVEN,
)

__all__ = ["Author", "SyntheticExpert", "Work", "WorkDrawer", "draw_experts"]

#: Chance that a work has an author from another group, and a stranger from anywhere.
OUTSIDE_EXPERT_SHARE = 0.15
OUTSIDE_STRANGER_SHARE = 0.2
#: Share of the strangers who bear an expert's name.
HOMONYM_SHARE = 0.1
#: A group's own methods, tasks and materials (of 30, 25 and 40), and the chance that each
#: subject of one of its works is one of them.
FOCUS = (3, 3, 3)
FOCUS_SHARE = 0.8


@dataclass
class SyntheticExpert:
    """An expert the benchmark creates in the database before the import."""

    id: int
    name_zh: str  # "" for experts without a Chinese name
    family: str  # in Latin letters: pinyin or the Western family name
    given: str
    name_en: str  # "Mingyuan Zhang"
    orcid: str = ""
    email: str = ""
    affiliation_zh: str = ""
    affiliation_en: str = ""


def _orcid(number: int) -> str:
    """A valid ORCID iD (ISO 7064 11,2 check digit) made from ``number``."""
    base = f"0000000{(10_000_000 + number * 7919) % 100_000_000:08d}"
    total = 0
    for char in base:
        total = (total + int(char)) * 2
    check = (12 - total % 11) % 11
    digits = base + ("X" if check == 10 else str(check))
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


def _chinese_name(rng: random.Random) -> tuple[str, str, str]:
    """(characters, pinyin family, pinyin given) of a drawn Chinese name."""
    surname, family = rng.choice(SURNAMES)
    syllables = rng.sample(GIVEN_SYLLABLES, 2 if rng.random() < 0.8 else 1)
    given = "".join(p for _, p in syllables).capitalize()
    return surname + "".join(c for c, _ in syllables), family, given


def draw_experts(count: int, rng: random.Random) -> list[SyntheticExpert]:
    """``count`` experts with distinct names: three in four Chinese."""
    experts: list[SyntheticExpert] = []
    taken: set[str] = set()
    while len(experts) < count:
        number = len(experts) + 1
        if rng.random() < 0.75:
            name_zh, family, given = _chinese_name(rng)
            key = name_zh
        else:
            name_zh, family, given = "", rng.choice(WESTERN_FAMILY), rng.choice(WESTERN_GIVEN)
            key = f"{given} {family}"
        if key in taken:
            continue
        taken.add(key)
        institute_zh, institute_en = rng.choice(INSTITUTES)
        expert = SyntheticExpert(
            id=number,
            name_zh=name_zh,
            family=family,
            given=given,
            name_en=f"{given} {family}",
            affiliation_zh=institute_zh,
            affiliation_en=institute_en,
        )
        if rng.random() < 0.4:
            expert.orcid = _orcid(number)
        if rng.random() < 0.5:
            expert.email = f"{given}.{family}{number}@example.edu.cn".lower()
        experts.append(expert)
    return experts


@dataclass
class Author:
    """One author of a work as the files write them."""

    expert: int | None
    zh: str
    family: str
    given: str
    orcid: str = ""
    email: str = ""
    affiliation_zh: str = ""
    affiliation_en: str = ""

    def written(self, chinese: bool, style: int) -> str:
        """The name as a bibliography writes it: characters in a Chinese work, else one of
        "Zhang Mingyuan", "Mingyuan Zhang", "Zhang, Mingyuan", "Zhang, M.", "M. Zhang"."""
        if chinese and self.zh:
            return self.zh
        initial = self.given[0] + "."
        options = (
            f"{self.given} {self.family}",
            f"{self.family}, {self.given}",
            f"{self.family}, {initial}",
            f"{initial} {self.family}",
            f"{self.family} {self.given}" if self.zh else f"{self.given} {self.family}",
        )
        return options[style % len(options)]


@dataclass
class Work:
    serial: int
    kind: str
    chinese: bool
    title_en: str
    title_zh: str
    abstract: str
    year: int
    month: int
    day: int
    venue: str
    doi: str
    keywords: list[str]
    authors: list[Author]
    styles: list[int]
    orcid_shown: list[bool]
    affiliation_shown: list[bool]
    patent_number: str = ""
    family: str = ""
    applicants: list[str] = field(default_factory=list)
    ipc: list[str] = field(default_factory=list)
    placed: tuple[str, int] = ("", 0)

    @property
    def title(self) -> str:
        return self.title_zh if self.chinese else self.title_en

    def names(self) -> list[str]:
        return [a.written(self.chinese, s) for a, s in zip(self.authors, self.styles, strict=True)]

    def affiliation(self, index: int) -> str:
        author = self.authors[index]
        if not self.affiliation_shown[index]:
            return ""
        return author.affiliation_zh if self.chinese else author.affiliation_en

    def orcid(self, index: int) -> str:
        return self.authors[index].orcid if self.orcid_shown[index] else ""


_TITLE_SIZES = tuple(len(part) for part in TITLE_PARTS)
#: The positions in :data:`TITLE_PARTS` of the subjects a group focuses on.
_SUBJECTS = (1, 2, 3)


_IPC_CODES = ("G06T 7/00", "B22F 10/28", "C22C 30/00", "A61L 27/52", "H01M 10/05")


def _as_author(expert: SyntheticExpert) -> Author:
    e = expert
    return Author(
        e.id, e.name_zh, e.family, e.given, e.orcid, e.email, e.affiliation_zh, e.affiliation_en
    )


@dataclass
class Group:
    """A research group: experts of one institute and the strangers they publish with."""

    experts: list[Author]
    strangers: list[Author]
    #: for each of :data:`_SUBJECTS`, the indexes of the group's own choices
    focus: tuple[tuple[int, ...], ...] = ()


class WorkDrawer:
    """Draws works whose authors are the experts (and unknown people), group by group.

    Authors are drawn from prepared lists (the groups, the experts, and a pool of strangers
    four times as large) with ``random()`` alone: a million works are drawn in seconds.
    """

    def __init__(self, experts: list[SyntheticExpert], rng: random.Random) -> None:
        self.experts, self.rng = experts, rng
        self.serial = 0
        #: the title parts' indexes drawn so far: every work has a title of its own
        self._titles: set[tuple[int, ...]] = set()
        known = {e.name_zh for e in experts if e.name_zh} | {e.name_en for e in experts}
        self._experts = [_as_author(e) for e in experts]
        self._strangers: list[Author] = []
        while len(self._strangers) < max(200, 4 * len(experts)):
            if rng.random() < HOMONYM_SHARE:
                self._strangers.append(self._homonym())
            else:
                self._strangers.append(self._stranger(known))
        self.groups = self._groups()
        self.group_of = {a.expert: g for g in self.groups for a in g.experts}

    def _stranger(self, known: set[str]) -> Author:
        institute_zh, institute_en = self.rng.choice(INSTITUTES)
        while True:
            if self.rng.random() < 0.75:
                zh, family, given = _chinese_name(self.rng)
                if zh not in known:
                    return Author(
                        None,
                        zh,
                        family,
                        given,
                        affiliation_zh=institute_zh,
                        affiliation_en=institute_en,
                    )
            else:
                family, given = self.rng.choice(WESTERN_FAMILY), self.rng.choice(WESTERN_GIVEN)
                if f"{given} {family}" not in known:
                    return Author(
                        None,
                        "",
                        family,
                        given,
                        affiliation_zh=institute_zh,
                        affiliation_en=institute_en,
                    )

    def _homonym(self) -> Author:
        """A stranger with an expert's name, at another institute."""
        expert = self.rng.choice(self.experts)
        others = [i for i in INSTITUTES if i[0] != expert.affiliation_zh] or INSTITUTES
        institute_zh, institute_en = self.rng.choice(others)
        return Author(
            None,
            expert.name_zh,
            expert.family,
            expert.given,
            affiliation_zh=institute_zh,
            affiliation_en=institute_en,
        )

    def _groups(self) -> list[Group]:
        """The experts of each institute, shuffled into groups of two to six, each with two to
        eight strangers of its own."""
        by_institute: dict[str, list[Author]] = {}
        for author in self._experts:
            by_institute.setdefault(author.affiliation_zh, []).append(author)
        groups: list[Group] = []
        strangers = list(self._strangers)
        self.rng.shuffle(strangers)
        taken = 0
        for institute in sorted(by_institute):
            members = by_institute[institute]
            self.rng.shuffle(members)
            while members:
                size = 2 + int(self.rng.random() * 5)
                team, members = members[:size], members[size:]
                count = 2 + int(self.rng.random() * 7)
                own = [strangers[(taken + i) % len(strangers)] for i in range(count)]
                taken += count
                focus = tuple(
                    tuple(self.rng.sample(range(_TITLE_SIZES[part]), size))
                    for part, size in zip(_SUBJECTS, FOCUS, strict=True)
                )
                groups.append(Group(team, own, focus))
        return groups

    def _authors(self, count: int) -> tuple[Group, list[Author]]:
        """A group and ``count`` authors of its work (at least one of its experts)."""
        r = self.rng.random
        group = self.groups[int(r() * len(self.groups))]
        experts = 1 + (r() < 0.5) + (r() < 0.2)
        authors: list[Author] = []

        def add(author: Author) -> None:
            if all(a is not author for a in authors):  # a person is an author once
                authors.append(author)

        for _ in range(experts):
            add(group.experts[int(r() * len(group.experts))])
        if r() < OUTSIDE_EXPERT_SHARE:
            add(self._experts[int(r() * len(self._experts))])
        if r() < OUTSIDE_STRANGER_SHARE:
            add(self._strangers[int(r() * len(self._strangers))])
        for _ in range(count - len(authors)):
            add(group.strangers[int(r() * len(group.strangers))])
        # The first author is as often a student as a group's expert.
        for i in range(len(authors) - 1, 0, -1):
            j = int(r() * (i + 1))
            authors[i], authors[j] = authors[j], authors[i]
        return group, authors

    def _title_parts(self, group: Group) -> list[tuple[str, str]]:
        """A title's parts (quality, method, task, material, setting) not drawn before: the
        subjects mostly the group's own."""
        r = self.rng.random
        for attempt in range(100):
            index = [int(r() * size) for size in _TITLE_SIZES]
            if attempt < 50:
                for part, own in zip(_SUBJECTS, group.focus, strict=True):
                    if r() < FOCUS_SHARE:
                        index[part] = own[int(r() * len(own))]
            key = tuple(index)
            if key not in self._titles:
                self._titles.add(key)
                return [part[i] for part, i in zip(TITLE_PARTS, index, strict=True)]
        raise ValueError("no title left to draw")

    def draw(self, kind: str, chinese: bool, owner: SyntheticExpert | None = None) -> Work:
        r = self.rng.random
        self.serial += 1
        serial = self.serial
        if owner is not None:
            group, authors = self.group_of[owner.id], [_as_author(owner)]
        else:
            group, authors = self._authors(1 + int(r() * (4 if kind == "patent" else 6)))
        parts = self._title_parts(group)
        (q_en, q_zh), (m_en, m_zh), (t_en, t_zh), (o_en, o_zh), (s_en, s_zh) = parts
        n, p = 20 + int(r() * 880), 3 + int(r() * 38)
        if chinese:
            words = {"method": m_zh, "task": t_zh, "material": o_zh, "setting": s_zh}
            text = "".join(s.format(n=n, p=p, **words) for s in ABSTRACT_ZH)
        else:
            words = {"method": m_en, "task": t_en, "material": o_en, "setting": s_en}
            text = " ".join(s.format(n=n, p=p, **words) for s in ABSTRACT_EN)
        year = 2015 + int(r() * 10)
        venues = VENUES_ZH if chinese else VENUES_EN
        work = Work(
            serial=serial,
            kind=kind,
            chinese=chinese,
            title_en=f"{q_en} {m_en} for {t_en} of {o_en} in {s_en}",
            title_zh=f"面向{s_zh}的{o_zh}{q_zh}{m_zh}{t_zh}方法",
            abstract=text,
            year=year,
            month=1 + int(r() * 12),
            day=1 + int(r() * 28),
            venue=venues[int(r() * len(venues))],
            doi=f"10.{5000 + serial % 97}/tb.{year}.{serial:08d}" if r() < 0.7 else "",
            keywords=[m_zh, t_zh, o_zh] if chinese else [m_en, t_en, o_en],
            authors=authors,
            styles=[int(r() * 5) for _ in authors],
            orcid_shown=[r() < 0.6 for _ in authors],
            affiliation_shown=[r() < 0.6 for _ in authors],
        )
        if kind == "patent":
            work.doi = ""
            country = "CN" if chinese else ("WO", "US")[int(r() * 2)]
            work.patent_number = f"{country}{110_000_000 + serial}A"
            work.family = str(80_000_000 + serial)
            institute = INSTITUTES[int(r() * len(INSTITUTES))]
            work.applicants = [institute[0] if chinese else institute[1]]
            work.ipc = [_IPC_CODES[int(r() * len(_IPC_CODES))]]
        return work
