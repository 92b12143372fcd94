"""Which expert is each author of a record: blocking on identifiers and name keys, then a score.

The index (:class:`ExpertIndex`) holds every candidate expert's keys in memory, read with a
few queries for each import run (a worker keeps the last run's index and brings it up to date:
:meth:`ExpertIndex.current`): the ORCID iD, the e-mail address, the Chinese name as written,
its pinyin (full and with the given name's initial), the English name split by ``nameparser``,
and the names of the organisations the expert works or worked at. An author is looked up under
the keys of their name as written (both orders, :func:`names.name_keys`); each candidate gets a
confidence from what matched (:data:`WEIGHTS`), shared out when several experts have that name.

- ORCID iD equal: 1.0, and nobody else. An expert with another ORCID iD is never the author.
- An author written in Chinese characters is never an expert whose Chinese name is written
  with other characters (compared in simplified form), however alike the two sound.
- An affiliation that names none of the expert's organisations counts against the expert.
- at or above :data:`AUTO_LINK` the author is linked at once (``auto``);
- from :data:`REVIEW` up to it, the best candidate waits in the review queue (``pending``);
- below, the author is not linked.

A second pass adds the co-author evidence, the strongest there is for a name that many people
bear: an expert who has published before with an expert already linked to this record, or with
people named like this record's other authors (their names, not only experts': students and
outside collaborators recur), or who works at the same organisation, is more likely the author.
What the index knows of whom an expert has published with comes from the stored links and grows
with each automatic link of the run (:meth:`ExpertIndex.learn`), of the links made on more
than names and subjects (:data:`ANCHORS`: one made on a name in common with a namesake's
co-author would teach the expert the namesake's team); a person (expert or not) counts as a
co-author from the second work they share with the expert, so that one wrongly linked work
does not make a namesake's team the expert's, and a name from a twentieth of the expert's
works (:data:`COAUTHOR_SHARE`), so that among the hundreds of names an expert of hundreds of
works has published with, one in common with a namesake's paper by chance does not count.

The subjects an expert works on are evidence as well, the next strongest: research groups
publish on a few methods and materials of their own, and a namesake elsewhere mostly on
others. An expert's subjects are those of the works linked to them (as above, on more than
names and subjects) that recur (seen in two distinct works at least): a work's keywords, and
the expert's keywords (from any of their works) that its title names, since many records
(patents, most catalogue exports) have no keywords of their own; a record shares a subject
when its keywords or its title name it.
Like the co-authors, they come from the stored links and grow with the run.
"""

from __future__ import annotations

import math
import re
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Set
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from django.db import connections, transaction

from techbridge.core.keywords import split_keywords

from .choices import ATTACHING, LinkStatus
from .formats.records import ParsedAuthor, ParsedRecord
from .names import (
    chinese_name_parts,
    fold,
    hanzi_key,
    has_cjk,
    name_keys,
    title_key,
    western_name_parts,
)

AUTO_LINK = 0.65
REVIEW = 0.5
#: Weights that add up to a threshold reach it, whatever order floating point adds them in
#: (0.5 + 0.2 + 0.1 is 0.7999999999999999).
TOLERANCE = 1e-9

WEIGHTS = {
    "orcid": 1.0,
    "email": 0.95,
    "name_zh": 0.6,  # the Chinese name, character for character
    "pinyin": 0.5,  # the full name in pinyin or as the English name, either order
    "initials": 0.3,  # surname and the given name's initial
    "affiliation": 0.3,
    "coauthor": 0.2,  # has published with an expert linked to the same record
    "colleague": 0.1,  # works where an expert linked to the same record works
    # has published with someone named as another author of the record is: each such name
    # (full given name, or initials where the record gives no more), two names at most
    "coauthor_name": 0.3,
    # chosen on corpora of three seeds of ``bench ingest`` (docs/benchmarks.md): 0.3 fell
    # under a link precision of 0.98
    "coauthor_initials": 0.2,
    # another author of the record is named as (not yet surely) an expert who has published
    # with this one, or who works at the same organisation
    "coauthor_named": 0.3,
    "colleague_named": 0.2,
    # the record names two of the subjects the expert's works recur to (or more)
    "topics": 0.25,
    # the author's own affiliation names none of the expert's organisations (taken away)
    "other_affiliation": 0.3,
}
#: The name evidence that makes an author a likely expert for :data:`WEIGHTS`'
#: ``coauthor_named`` and ``colleague_named`` (initials are too common to count).
NAMED = frozenset({"orcid", "email", "name_zh", "pinyin"})
#: Co-author names that count, at most.
MAX_COAUTHOR_NAMES = 2
#: Works a person must share with an expert to count as their co-author: one wrongly linked
#: work would otherwise teach the expert a namesake's whole team.
MIN_SHARED_WORKS = 2
#: ... and the share of the expert's works (learned from) a name must be seen in: an expert
#: with hundreds of works has published with hundreds of names, and one of them recurs in a
#: namesake's paper by chance, while the people of the expert's own group recur in a good
#: part of the expert's works. Chosen by cross-validation over corpus seeds of ``bench
#: ingest`` with 200 records per expert (docs/benchmarks.md); it only applies from 40 works.
COAUTHOR_SHARE = 0.05
#: The evidence that makes a link teach the index whom (and on what) its expert publishes
#: with: something besides the name, the co-authors' names and the subjects: an identifier,
#: the affiliation, or an expert surely linked to the same record whom the expert has
#: published with. A link made on names and subjects alone teaches nothing, or a namesake's
#: paper linked on a name in common by chance would teach the expert the namesake's team, and
#: the namesake's next paper would link on it, and so on (docs/benchmarks.md, "Precision
#: falls as experts' records grow"). Links a person accepted teach as well.
ANCHORS = frozenset({"orcid", "email", "affiliation", "coauthor"})

#: Subjects of the expert's that a record must name to count (one is too often chance), and
#: the name evidence they add to: a namesake elsewhere works on other subjects, but people
#: with the same initials are as often students of the expert's own group.
MIN_TOPICS = 2
FULL_NAME = frozenset({"name_zh", "pinyin"})

#: Authors (as written, with identifiers and affiliation) whose candidates a run keeps.
CANDIDATES_KEPT = 200_000

#: How the experts who bear one name key share its weight: each gets
#: ``weight / (1 + SHARE_OUT * (n - 1))`` of it, for *n* experts.
SHARE_OUT = 0.5

#: Candidates kept on a link for the reviewer, besides the proposed expert.
MAX_CANDIDATES = 3


@dataclass(frozen=True)
class ExpertKeys:
    """What the index knows of one expert."""

    expert_id: int
    name_zh: str = ""
    name_en: str = ""
    email: str = ""
    orcid: str = ""
    organisation_id: int | None = None
    organisation_names: tuple[str, ...] = ()


@dataclass
class Candidate:
    expert_id: int
    confidence: float
    reasons: list[str]


#: A candidate as scored: (expert, confidence, reasons). Immutable, so that the candidates an
#: author's name gives are kept for the run and shared by every record naming the author.
Scored = tuple[int, float, tuple[str, ...]]


@dataclass
class LinkDecision:
    """One author of one record and who they are taken to be (``expert_id`` None: nobody)."""

    position: int
    author: ParsedAuthor
    expert_id: int | None = None
    confidence: float = 0.0
    status: str | None = None  # LinkStatus.AUTO or PENDING; None: not linked
    reasons: list[str] = field(default_factory=list)
    candidates: list[dict[str, Any]] = field(default_factory=list)


NO_KEYS: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
NO_NAMES: frozenset[str] = frozenset()
NO_EXPERTS: frozenset[int] = frozenset()
NO_SUBJECTS: frozenset[str] = frozenset()


def _keys(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """:func:`names.name_keys` of an author's name as written; none for a blank one."""
    name = name.strip()
    return name_keys(name) if name else NO_KEYS


@lru_cache(maxsize=65536)
def _compact(text: str) -> str:
    return "".join(fold(text).split())


_WORDS = re.compile(r"\w+")


@lru_cache(maxsize=65536)
def subject(keyword: str) -> str:
    """A keyword as the subjects are compared: folded, its words joined by single spaces
    ("Ti-6Al-4V alloys" -> "ti 6al 4v alloys")."""
    return " ".join(_WORDS.findall(fold(keyword)))


def subjects(keywords: Iterable[str]) -> set[str]:
    """The subjects of a record's keywords (those of two characters at least)."""
    return {s for k in keywords if len(s := subject(k)) >= 2}


@lru_cache(maxsize=65536)
def _needle(topic: str) -> str:
    """What a subject is looked up as in a :func:`_topic_text`: as whole words (between
    spaces), or for Chinese (written without spaces) as it is."""
    return topic if has_cjk(topic) else f" {topic} "


def _topic_text(title: str, keywords: Iterable[str] = ()) -> str:
    """What a work says of its subjects, as one string a subject is looked up in: its title
    and keywords, each between spaces."""
    parts = [subject(title), *(subject(k) for k in keywords)]
    return " " + "  ".join(p for p in parts if p) + " "


def named_in(topics: Iterable[str], text: str) -> set[str]:
    """Those of ``topics`` that ``text`` (:func:`_topic_text`) names."""
    return {t for t in topics if _needle(t) in text}


def named_subjects(topics: Iterable[str], title: str, keywords: Iterable[str]) -> list[str]:
    """Those of an expert's subjects ``topics`` that a work's title or keywords name, sorted:
    what a link's ``topics`` evidence rests on, for the reviewer."""
    return sorted(named_in(topics, _topic_text(title, keywords)))


def expert_subjects(expert_ids: Iterable[int]) -> dict[int, set[str]]:
    """The subjects of each of ``expert_ids`` as an import's index learns them from the stored
    links (automatic or accepted, :func:`anchored`)."""
    from .models import AuthorLink

    index = ExpertIndex(())
    rows = _anchoring(
        AuthorLink.objects.filter(status__in=ATTACHING, expert_id__in=list(expert_ids)).order_by()
    ).filter(anchored=1)
    index._learn_works(
        ((expert_id,), key, title, split_keywords(keywords))
        for expert_id, key, title, keywords in rows.values_list(
            "expert_id", "work__title_key", "work__title", "work__keywords"
        )
    )
    return dict(index.topics)


def _attached(experts: Any) -> Any:
    """The stored links that attach a work to an expert of queryset ``experts``."""
    from .models import AuthorLink

    return AuthorLink.objects.filter(status__in=ATTACHING, expert_id__in=experts.values("pk"))


def _expert_rows(experts: Any) -> list[tuple[Any, ...]]:
    """What the index knows of each expert of queryset ``experts``, by expert: the fields of
    :class:`ExpertKeys` in their order (the names of every organisation they work or worked
    at sorted)."""
    from techbridge.people.models import Affiliation

    names: dict[int, set[str]] = defaultdict(set)
    for expert_id, name_zh, name_en in (
        Affiliation.objects.filter(expert_id__in=experts.values("pk"))
        .order_by()
        .values_list("expert_id", "organisation__name_zh", "organisation__name_en")
    ):
        names[expert_id].update(n for n in (name_zh, name_en) if n)
    rows = experts.order_by("pk").values_list(
        "pk",
        "name_zh",
        "name_en",
        "email",
        "orcid",
        "organisation_id",
        "organisation__name_zh",
        "organisation__name_en",
    )
    return [
        (
            pk,
            name_zh or "",
            name_en or "",
            email or "",
            orcid or "",
            organisation_id,
            tuple(sorted({n for n in (org_zh, org_en) if n} | names.get(pk, set()))),
        )
        for pk, name_zh, name_en, email, orcid, organisation_id, org_zh, org_en in rows
    ]


def shared_works(works: int) -> int:
    """The works a name must share with an expert of ``works`` learned works to count as a
    co-author's (:data:`MIN_SHARED_WORKS`, :data:`COAUTHOR_SHARE`)."""
    return max(MIN_SHARED_WORKS, math.ceil(COAUTHOR_SHARE * works - TOLERANCE))


def anchored(status: str, reasons: Iterable[str]) -> bool:
    """Whether a link of ``status`` made for ``reasons`` teaches the index (:data:`ANCHORS`)."""
    return status == LinkStatus.ACCEPTED or not ANCHORS.isdisjoint(reasons)


def _anchoring(links: Any) -> Any:
    """The stored ``links`` (a queryset) with ``anchored``: 1 where :func:`anchored`, else 0
    (read in the reasons' JSON text, where each reason is a quoted string)."""
    from django.db.models import Case, Q, TextField, Value, When
    from django.db.models.functions import Cast

    condition = Q(status=LinkStatus.ACCEPTED)
    for reason in sorted(ANCHORS):
        condition |= Q(reasons_text__contains=f'"{reason}"')
    return links.annotate(reasons_text=Cast("reasons", TextField())).annotate(
        anchored=Case(When(condition, then=Value(1)), default=Value(0))
    )


def _accepting(links: Any) -> Any:
    """The stored ``links`` (a queryset) with ``accepted``: 1 where a reviewer accepted the
    link, else 0."""
    from django.db.models import Case, Value, When

    return links.annotate(
        accepted=Case(When(status=LinkStatus.ACCEPTED, then=Value(1)), default=Value(0))
    )


def _link_rows(experts: Any, after: int = 0) -> Any:
    """(link, expert, work, position, anchored, accepted) of every stored link of the experts
    of queryset ``experts`` (:func:`_attached`; anchored 1 or 0, :func:`anchored`; accepted
    1 or 0), by link: an array of six columns. ``after``: only the links whose id is
    greater."""
    links = _attached(experts)
    if after:
        links = links.filter(pk__gt=after)
    query = (
        _accepting(_anchoring(links))
        .order_by("pk")
        .values_list("pk", "expert_id", "work_id", "position", "anchored", "accepted")
    )
    sql, params = query.query.sql_with_params()
    parts = []
    # (the driver's rows as they come: a million links are a million Python tuples otherwise
    # made twice over)
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(50_000):
            parts.append(np.array(chunk, dtype=np.int64))
    return np.concatenate(parts) if parts else np.zeros((0, 6), dtype=np.int64)


#: The terms of :func:`_fingerprint`: a link's id, expert and whether it was accepted, each
#: times its factor, summed modulo :data:`FINGERPRINT_MODULUS` (a prime).
FINGERPRINT_FACTORS = (2_654_435_761, 40_503, 7_919)
FINGERPRINT_MODULUS = 1_000_000_007


def _fingerprint(experts: Any, upto: int) -> tuple[int, int]:
    """(how many, sum of their hashes) of the stored links of :func:`_link_rows` whose id is
    ``upto`` at most, counted by the database: equal to :func:`_fingerprint_of` the rows an
    index read of them unless one was added, removed or changed since (a changed link's hash
    summing to the same is a chance of one in a billion).

    Whether a link teaches (:func:`anchored`) is not read: its reasons change only as its
    status does (promoted from the review queue, put back, accepted, assigned to another
    expert), which adds it, removes it or changes its hash. That leaves the database the
    index of the links' status and expert to count in, without reading a row."""
    from django.db.models import Count, F, Sum

    pk, expert, accepted = FINGERPRINT_FACTORS
    found = (
        _accepting(_attached(experts).filter(pk__lte=upto))
        .order_by()
        .aggregate(
            n=Count("pk"),
            sum=Sum(
                (F("pk") * pk + F("expert_id") * expert + F("accepted") * accepted)
                % FINGERPRINT_MODULUS
            ),
        )
    )
    return int(found["n"]), int(found["sum"] or 0)


def _fingerprint_of(links: Any) -> tuple[int, int]:
    """:func:`_fingerprint` of ``links`` (rows of :func:`_link_rows`)."""
    pk, expert, accepted = FINGERPRINT_FACTORS
    hashes = (links[:, 0] * pk + links[:, 1] * expert + links[:, 5] * accepted) % (
        FINGERPRINT_MODULUS
    )
    return len(links), int(hashes.sum())


def _stored(
    state: tuple[list[tuple[Any, ...]], Any], experts: Any, rows: list[tuple[Any, ...]]
) -> tuple[Any, Any]:
    """(rows of :func:`_link_rows`, which of them an index built from ``state`` has to
    learn: a mask, or None where the experts' ``rows`` differ from those it was built from,
    or a link it learned is gone, names another expert or teaches no more).

    The links it learned from unchanged (their :func:`_fingerprint` the same), only those
    stored after them are read: an import of many files would otherwise read every link of
    the files before each one again."""
    known_rows, known = state
    if known_rows != rows:
        return _link_rows(experts), None
    upto = int(known[-1, 0]) if len(known) else 0
    if _fingerprint(experts, upto) == _fingerprint_of(known):
        since = _link_rows(experts, after=upto)
        new = np.zeros(len(known) + len(since), dtype=bool)
        new[len(known) :] = True
        return np.concatenate([known, since]), new
    links = _link_rows(experts)
    at = np.searchsorted(links[:, 0], known[:, 0])
    if len(known) and (
        at.max() >= len(links)
        or (links[at, :2] != known[:, :2]).any()
        or (links[at, 4] < known[:, 4]).any()
    ):
        return links, None
    new = np.ones(len(links), dtype=bool)
    # (a link known but not anchored before, anchored now (accepted), is learned)
    new[at] = links[at, 4] > known[:, 4]
    return links, new


def _works(works: Any, *fields: str) -> Iterator[tuple[Any, ...]]:
    """(id, *fields) of the works ``works``: an array of their ids, or a query of them."""
    from .models import Work

    if isinstance(works, np.ndarray):
        ids = works.tolist()
        chunks: list[Any] = [ids[i : i + 5000] for i in range(0, len(ids), 5000)]
    else:
        # (a subquery: a list of every work's id would be as long as the links)
        chunks = [works]
    for chunk in chunks:
        yield from (
            Work.objects.filter(pk__in=chunk).order_by().values_list("pk", *fields).iterator(5000)
        )


#: The index :meth:`ExpertIndex.keep` kept, by scope (one at a time).
_KEPT: dict[Any, ExpertIndex] = {}


class ExpertIndex:
    """The candidate experts' keys, in memory for one run."""

    def __init__(
        self,
        experts: Iterable[ExpertKeys],
        coauthors: dict[int, set[int]] | None = None,
        auto_link: float = AUTO_LINK,
    ) -> None:
        #: the confidence from which an author is linked at once
        self.auto_link = auto_link
        self._sure = auto_link - TOLERANCE
        self.experts: dict[int, ExpertKeys] = {}
        self.by_orcid: dict[str, int] = {}
        self.by_email: dict[str, list[int]] = defaultdict(list)
        self.by_hanzi: dict[str, list[int]] = defaultdict(list)
        #: expert -> :func:`names.hanzi_key` of the expert's Chinese name, where it has one
        self.hanzi: dict[int, str] = {}
        self.by_full: dict[str, list[int]] = defaultdict(list)
        self.by_initials: dict[str, list[int]] = defaultdict(list)
        self.organisations: dict[int, tuple[str, ...]] = {}
        self.coauthors: dict[int, set[int]] = defaultdict(set, coauthors or {})
        #: expert -> name keys (full and initials, :func:`names.name_keys`) of the people
        #: the expert has published with
        self.coauthor_full: dict[int, set[str]] = defaultdict(set)
        self.coauthor_initials: dict[int, set[str]] = defaultdict(set)
        #: expert -> name key (or ``#expert``) -> distinct works the expert shares with it
        self._shared: dict[int, dict[str, int]] = defaultdict(dict)
        #: expert -> the hashes of the title keys of the works learned (each counts once)
        self._learned: dict[int, set[int]] = defaultdict(set)
        #: expert -> the subjects of the keywords of the expert's works not (yet) seen in two
        #: works, which the titles of their works are read for, each as :func:`_needle`
        self._unsettled: dict[int, dict[str, str]] = defaultdict(dict)
        #: expert -> subject -> the hash of the title key of the first work it was seen in,
        #: and the subjects seen in two works or more
        self._topic_first: dict[int, dict[str, int]] = defaultdict(dict)
        self.topics: dict[int, set[str]] = defaultdict(set)
        #: expert -> the subjects added to those read for since the titles of the expert's
        #: stored works were last read (by :meth:`_read_again`)
        self._unread: dict[int, set[str]] = defaultdict(set)
        #: expert -> the :func:`_topic_text` of each work learned (once), in UTF-8, each
        #: followed by a NUL; where each begins; the hashes of their title keys: what
        #: :meth:`_read_again` looks a subject up in, without the database
        self._texts: dict[int, tuple[bytearray, array[int], array[int]]] = {}
        #: (name, e-mail, ORCID iD, affiliation) -> :meth:`candidates` (expert, confidence,
        #: reasons)
        self._candidates: dict[tuple[str, str, str, str], tuple[Scored, ...]] = {}
        #: what the index was built from (:meth:`current`): the experts' rows and the rows
        #: of :func:`_link_rows` of every stored link it knows, by link
        self._state: tuple[list[tuple[Any, ...]], Any] | None = None
        self._scope: Any = None
        for expert in experts:
            self._add(expert)

    def _add(self, expert: ExpertKeys) -> None:
        pk = expert.expert_id
        self.experts[pk] = expert
        if expert.orcid:
            self.by_orcid[expert.orcid.upper()] = pk
        if expert.email:
            self.by_email[expert.email.strip().lower()].append(pk)
        full: set[str] = set()
        initials: set[str] = set()
        if expert.name_zh and has_cjk(expert.name_zh):
            self.hanzi[pk] = hanzi_key(expert.name_zh)
            self.by_hanzi[self.hanzi[pk]].append(pk)
            surname, given = chinese_name_parts(expert.name_zh)
            if surname and given:
                full.add(f"{surname}|{given}")
                initials.add(f"{surname}|{given[0]}")
        for name in (expert.name_en, "" if has_cjk(expert.name_zh) else expert.name_zh):
            if name:
                surname, given = western_name_parts(name)
                if surname and given:
                    full.add(f"{surname}|{given}")
                    initials.add(f"{surname}|{given[0]}")
        for key in full:
            self.by_full[key].append(pk)
        for key in initials:
            self.by_initials[key].append(pk)
        self.organisations[pk] = tuple(
            compact for name in expert.organisation_names if len(compact := _compact(name)) >= 2
        )

    def learn(self, record: ParsedRecord, decisions: list[LinkDecision]) -> None:
        """Remember whom the automatically linked experts of ``record`` published with, and on
        what: of those linked on more than the name and the team (:data:`ANCHORS`)."""
        linked = {
            d.position: d.expert_id
            for d in decisions
            if d.expert_id is not None
            and d.status == LinkStatus.AUTO
            and anchored(d.status, d.reasons)
        }
        if linked:
            work = title_key(record.title)
            self._learn_team([author.name for author in record.authors], linked, work, record.title)
            self._learn_topics(linked.values(), work, record.title, subjects(record.keywords))

    def _learn_works(self, works: Iterable[tuple[Iterable[int], str, str, Iterable[str]]]) -> None:
        """The subjects of many works at once, each (experts, title key, title, keywords):
        every work's keywords first, so that each title is read for all the subjects its
        experts are known for."""
        rows = []
        for experts, work, title, keywords in works:
            found = subjects(keywords)
            rows.append((experts, work, title, found))
            for expert_id in experts:
                self._keywords_of(expert_id, found)
        for experts, work, title, found in rows:
            self._learn_topics(experts, work, title, found)

    def _learn_topics(self, experts: Iterable[int], work: str, title: str, found: set[str]) -> None:
        """The subjects of one work (``work``: its title key, so that the same work read twice
        counts once; ``found``: the subjects of its keywords) of ``experts``."""
        if not work:
            return
        text = _topic_text(title) if title else ""
        for expert_id in experts:
            unsettled = self._keywords_of(expert_id, found)
            self._count_topics(expert_id, work, list(unsettled), text, found)

    def _count_topics(
        self, expert_id: int, work: str, topics: Iterable[str], text: str, found: Set[str]
    ) -> None:
        """Count the work (title key ``work``) for those of the expert's unsettled ``topics``
        its keywords (``found``) or its title's :func:`_topic_text` name: a subject named by
        two works recurs."""
        if not work:
            return
        unsettled = self._unsettled[expert_id]
        first, recurring = self._topic_first[expert_id], self.topics[expert_id]
        mark = hash(work)
        for topic in topics:
            needle = unsettled.get(topic)
            if needle is None or not (topic in found or (text and needle in text)):
                continue
            if first.setdefault(topic, mark) != mark:
                recurring.add(topic)
                del unsettled[topic], first[topic]

    def _keywords_of(self, expert_id: int, found: set[str]) -> dict[str, str]:
        """Add the subjects ``found`` in the keywords of a work of the expert to those their
        works' titles are read for; those still read for."""
        unsettled, recurring = self._unsettled[expert_id], self.topics[expert_id]
        for topic in found:
            if topic not in unsettled and topic not in recurring:
                unsettled[topic] = _needle(topic)
                self._unread[expert_id].add(topic)
        return unsettled

    def _learn_team(self, names: list[str], linked: dict[int, int], work: str, title: str) -> None:
        """``names`` of one work's authors; ``linked``: position (1-based) -> expert; ``work``:
        the work's title key (the same work read twice counts once); ``title``: its title,
        kept for :meth:`_read_again`. A person counts as a co-author from the
        :func:`shared_works` they share with the expert."""
        keys = [_keys(name) for name in names]
        experts = set(linked.values())
        mark = hash(work)
        text = None
        for position, expert_id in linked.items():
            learned = self._learned[expert_id]
            if mark in learned:
                continue
            learned.add(mark)
            if text is None:
                text = (_topic_text(title) if title and work else "").encode()
            if text:
                self._keep_text(expert_id, mark, text)
            need = shared_works(len(learned))
            shared = self._shared[expert_id]
            full = self.coauthor_full[expert_id]
            initials = self.coauthor_initials[expert_id]
            if need > shared_works(len(learned) - 1):
                # names the expert shared fewer works with than the expert's works now need
                for known in (full, initials):
                    known.difference_update([k for k in known if shared[k] < need])
            for other, (other_full, other_initials) in enumerate(keys, 1):
                if other == position:
                    continue
                for known, found in ((full, other_full), (initials, other_initials)):
                    for key in found:
                        count = shared[key] = shared.get(key, 0) + 1
                        if count >= need:
                            known.add(key)
            mates = self.coauthors[expert_id]
            for other_expert in experts - {expert_id}:
                key = f"#{other_expert}"
                count = shared[key] = shared.get(key, 0) + 1
                if count >= MIN_SHARED_WORKS:
                    mates.add(other_expert)

    def _keep_text(self, expert_id: int, mark: int, text: bytes) -> None:
        kept = self._texts.get(expert_id)
        if kept is None:
            kept = self._texts[expert_id] = (bytearray(), array("q"), array("q"))
        blob, starts, marks = kept
        starts.append(len(blob))
        marks.append(mark)
        blob += text
        blob += b"\0"

    def _read_again(self) -> None:
        """Look the subjects each expert gained since (:attr:`_unread`) up in the titles of
        the works learned before (:attr:`_texts`): a subject named by one of them and by the
        work it was gained from recurs. (A work's keywords cannot name one: it would have
        been gained with them.)"""
        for expert_id, topics in self._unread.items():
            kept = self._texts.get(expert_id)
            if not topics or kept is None:
                continue
            blob, starts, marks = kept
            unsettled = self._unsettled[expert_id]
            first, recurring = self._topic_first[expert_id], self.topics[expert_id]
            for topic in topics:
                needle = unsettled.get(topic)
                if needle is None:
                    continue
                wanted = needle.encode()
                at = blob.find(wanted)
                while at >= 0:
                    i = bisect_right(starts, at) - 1
                    if first.setdefault(topic, marks[i]) != marks[i]:
                        recurring.add(topic)
                        del unsettled[topic], first[topic]
                        break
                    if i + 1 >= len(starts):
                        break
                    at = blob.find(wanted, starts[i + 1])
        self._unread = defaultdict(set)

    @classmethod
    def build(cls, experts: Any, auto_link: float = AUTO_LINK) -> ExpertIndex:
        """The index of the experts of queryset ``experts``, learned from every stored link of
        theirs."""
        return cls._built(experts, _expert_rows(experts), _link_rows(experts), auto_link)

    @classmethod
    def _built(
        cls, experts: Any, rows: list[tuple[Any, ...]], links: Any, auto_link: float
    ) -> ExpertIndex:
        """A new index of the experts of queryset ``experts`` (their ``rows`` of
        :func:`_expert_rows`), learned from their stored ``links`` (:func:`_link_rows`)."""
        index = cls((ExpertKeys(*row) for row in rows), auto_link=auto_link)
        works = _anchoring(_attached(experts)).filter(anchored=1).values("work_id")
        index._learn_stored(links, works)
        return index

    @classmethod
    def current(cls, experts: Any, scope: Any, auto_link: float = AUTO_LINK) -> ExpertIndex:
        """The index of :meth:`build`, taken from those this process kept (:meth:`keep`) where
        one of ``scope`` is: the experts as it knew them and every stored link it learned from
        unchanged (:func:`_stored`), it learns the links stored since (by any process) from
        their works, and looks the subjects their keywords brought up in the titles of the
        works it learned before (:meth:`_read_again`). A change of another kind (an expert
        edited, a link rejected, reassigned or undone) makes it build anew. The import of each
        file of a large collection would otherwise read every work stored before it again.

        The index a run kept has learned from the run's decisions as well (:meth:`learn`),
        so it may know a little more than a new build would: the co-authors and subjects of
        an automatic decision of the run's first reading of its file that the second
        changed."""
        kept = _KEPT.pop(scope, None)
        rows = _expert_rows(experts)
        new = None
        if kept is not None and kept._state is not None and kept.auto_link == auto_link:
            links, new = _stored(kept._state, experts, rows)
        else:
            links = _link_rows(experts)
        if kept is None or new is None:
            index = cls._built(experts, rows, links, auto_link)
        else:
            index = kept
            works = np.unique(links[new & (links[:, 4] == 1), 2])
            # every stored link of those works (the team a new link joins)
            index._learn_stored(links[np.isin(links[:, 2], works)], works, read_again=True)
        index._state = (rows, links)
        index._scope = scope
        return index

    def stored(self, links: Iterable[Any]) -> None:
        """Count the stored ``links`` (saved :class:`AuthorLink` of an expert of the index,
        attaching) among those the index knows: it learned from each as it decided it
        (:meth:`learn`: the re-check's promotions), so that the next :meth:`current` need not
        read every stored link again to learn them."""
        if self._state is None:
            return
        rows = np.array(
            [
                (
                    link.pk,
                    link.expert_id,
                    link.work_id,
                    link.position,
                    int(anchored(link.status, link.reasons)),
                    int(link.status == LinkStatus.ACCEPTED),
                )
                for link in links
            ],
            dtype=np.int64,
        ).reshape(-1, 6)
        known = np.concatenate([self._state[1], rows])
        self._state = (self._state[0], known[np.argsort(known[:, 0], kind="stable")])

    def keep(self) -> None:
        """Keep this index (of :meth:`current`) for the next run of its scope in this process,
        once the transaction in progress commits (what a rolled-back run learned is not kept).
        One index is kept at a time."""
        scope = self._scope

        def put() -> None:
            _KEPT.clear()
            _KEPT[scope] = self

        if self._state is not None:
            transaction.on_commit(put)

    def _learn_stored(self, links: Any, works: Any, *, read_again: bool = False) -> None:
        """Learn from the stored ``links`` (rows of :func:`_link_rows`) and their ``works``:
        an array of their ids, or a query of them. ``read_again``: where the index has learned
        from others before, the titles of their works are read again for the subjects that it
        has seen in keywords since (:meth:`_read_again`)."""
        by_work: dict[int, dict[int, int]] = defaultdict(dict)
        for _pk, expert_id, work_id, position, teaches, _accepted in links.tolist():
            if teaches:
                by_work[work_id][position] = expert_id
        if by_work:
            for work_id, authors, work_key, title, keywords in _works(
                works, "authors", "title_key", "title", "keywords"
            ):
                team = by_work[work_id]
                names = [a.get("name", "") for a in authors or ()]
                self._learn_team(names, team, work_key, title)
                found = subjects(split_keywords(keywords))
                for expert_id in team.values():
                    self._keywords_of(expert_id, found)
        if read_again:
            self._read_again()
        if by_work:
            # Every expert's keywords known, each title is read for all of them: a second
            # pass, so that no more than a batch of titles is held at a time.
            for work_id, work_key, title, keywords in _works(
                works, "title_key", "title", "keywords"
            ):
                self._learn_topics(
                    by_work[work_id].values(), work_key, title, subjects(split_keywords(keywords))
                )
        self._unread = defaultdict(set)

    def status(self, confidence: float) -> str | None:
        """What a link of ``confidence`` is: ``auto`` from :attr:`auto_link`, ``pending`` from
        :data:`REVIEW`, else None (not linked); a sum of weights that reaches a threshold
        reaches it (:data:`TOLERANCE`)."""
        if confidence >= self._sure:
            return LinkStatus.AUTO
        return LinkStatus.PENDING if confidence >= REVIEW - TOLERANCE else None

    # -- scoring ---------------------------------------------------------------------------

    def candidates(self, author: ParsedAuthor, employer: str = "") -> tuple[Scored, ...]:
        """Every expert the author may be, best first, before co-author evidence. ``employer``
        stands in for an author without an affiliation: a patent's applicants, whose staff its
        inventors usually are.

        What the name, identifiers and affiliation give depends on them alone, and an author
        written one way recurs in many records (and each record is linked twice): it is
        worked out once a run."""
        key = (author.name, author.email, author.orcid, author.affiliation or employer)
        known = self._candidates.get(key)
        if known is None:
            if len(self._candidates) >= CANDIDATES_KEPT:
                self._candidates.clear()
            known = self._candidates[key] = tuple(
                (c.expert_id, c.confidence, tuple(c.reasons))
                for c in self._find_candidates(author, employer)
            )
        return known

    def _find_candidates(self, author: ParsedAuthor, employer: str) -> list[Candidate]:
        orcid = author.orcid.strip().upper()
        if orcid and orcid in self.by_orcid:
            return [Candidate(self.by_orcid[orcid], WEIGHTS["orcid"], ["orcid"])]
        found: dict[int, Candidate] = {}

        def add(pks: list[int], reason: str) -> None:
            if not pks:
                return
            # Several experts with this key share its weight out.
            weight = WEIGHTS[reason] / (1 + SHARE_OUT * (len(pks) - 1))
            for pk in pks:
                candidate = found.get(pk)
                if candidate is None:
                    found[pk] = Candidate(pk, weight, [reason])
                elif candidate.confidence < weight:
                    candidate.confidence, candidate.reasons = weight, [reason]

        if author.email:
            add(self.by_email.get(author.email.strip().lower(), []), "email")
        name = author.name.strip()
        if name:
            if has_cjk(name):
                add(self.by_hanzi.get(hanzi_key(name), []), "name_zh")
            full, initials = name_keys(name)
            # (the order of the experts is the final sort's, below)
            add(list({pk for key in full for pk in self.by_full.get(key, ())}), "pinyin")
            add(list({pk for key in initials for pk in self.by_initials.get(key, ())}), "initials")
        affiliation = _compact(author.affiliation or employer)
        characters = hanzi_key(name) if name and has_cjk(name) else ""
        out: list[Candidate] = []
        for candidate in found.values():
            expert = self.experts[candidate.expert_id]
            if orcid and expert.orcid and expert.orcid.upper() != orcid:
                continue  # the author has another ORCID iD: someone else
            if characters and self.hanzi.get(candidate.expert_id, characters) != characters:
                # 田芳佳 is not 田芳嘉: names written in characters that differ are two
                # people's, however alike they sound
                continue
            organisations = self.organisations[candidate.expert_id]
            if affiliation and any(org in affiliation for org in organisations):
                candidate.confidence += WEIGHTS["affiliation"]
                candidate.reasons.append("affiliation")
            elif author.affiliation and organisations:
                candidate.confidence -= WEIGHTS["other_affiliation"]
                candidate.reasons.append("other_affiliation")
            out.append(candidate)
        out.sort(key=lambda c: (-c.confidence, c.expert_id))
        return out

    def _named_team(self, pk: int, named: list[set[int]], own: int) -> tuple[float, str]:
        """Evidence from the record's other authors whose names (not yet surely) are experts
        this one has published with, or works with: two authors who each match an expert of
        one team are rarely both strangers. (weight, reason); (0, "") for none."""
        team = {e for j, experts in enumerate(named) if j != own for e in experts} - {pk}
        if not team:
            return 0.0, ""
        if team & self.coauthors.get(pk, NO_EXPERTS):
            return WEIGHTS["coauthor_named"], "coauthor_named"
        organisation = self.experts[pk].organisation_id
        if organisation is not None and any(
            self.experts[e].organisation_id == organisation for e in team
        ):
            return WEIGHTS["colleague_named"], "colleague_named"
        return 0.0, ""

    def _coauthor_names(
        self,
        pk: int,
        confidence: float,
        names: list[tuple[frozenset[str], frozenset[str]]],
        own: int,
        every: tuple[frozenset[str], frozenset[str]],
    ) -> tuple[float, tuple[str, ...]]:
        """Evidence from the record's other authors whose names the candidate has published
        with: a full name counts more than initials (which many people share). ``every``: the
        full and initials keys of all the record's names, to pass over a candidate who has
        published with none of them at once. (``confidence`` with it, reasons)."""
        full_known = self.coauthor_full.get(pk, NO_NAMES)
        initials_known = self.coauthor_initials.get(pk, NO_NAMES)
        if full_known.isdisjoint(every[0]) and initials_known.isdisjoint(every[1]):
            return confidence, ()  # (also when the candidate's co-authors are not known at all)
        full = initials = 0
        for j, keys in enumerate(names):
            if j == own:
                continue
            other_full, other_initials = keys
            if other_full:
                full += not full_known.isdisjoint(other_full)
            elif not initials_known.isdisjoint(other_initials):
                initials += 1
        counted = min(full, MAX_COAUTHOR_NAMES)
        initials = min(initials, MAX_COAUTHOR_NAMES - counted)
        reasons: tuple[str, ...] = ()
        if counted:
            confidence += WEIGHTS["coauthor_name"] * counted
            reasons += ("coauthor_name" if counted == 1 else "coauthor_names",)
        if initials:
            confidence += WEIGHTS["coauthor_initials"] * initials
            reasons += ("coauthor_initials",)
        return confidence, reasons

    def _with_team(
        self,
        candidate: Scored,
        strong: set[int],
        strong_organisations: set[int | None],
        named: list[set[int]],
        names: list[tuple[frozenset[str], frozenset[str]]],
        own: int,
        every: tuple[frozenset[str], frozenset[str]],
        record: ParsedRecord,
        topic_text: list[str],
    ) -> Scored:
        """``candidate`` with the evidence of the record's other authors and of its subjects
        added. ``topic_text``: the record's :func:`_topic_text`, worked out by the first
        candidate that needs it (empty before)."""
        pk, confidence, reasons = candidate
        if confidence >= self._sure:
            return candidate
        added: tuple[str, ...] = ()
        others = strong - {pk} if pk in strong else strong
        if others and not others.isdisjoint(self.coauthors.get(pk, NO_EXPERTS)):
            confidence += WEIGHTS["coauthor"]
            added = ("coauthor",)
        elif others and self.experts[pk].organisation_id in strong_organisations:
            confidence += WEIGHTS["colleague"]
            added = ("colleague",)
        elif reasons[0] in NAMED:
            weight, reason = self._named_team(pk, named, own)
            if weight:
                confidence += weight
                added = (reason,)
        confidence, more = self._coauthor_names(pk, confidence, names, own, every)
        topics = self.topics.get(pk)
        if topics and confidence < self._sure and reasons[0] in FULL_NAME:
            if not topic_text:
                topic_text.append(_topic_text(record.title, record.keywords))
            text, shared = topic_text[0], 0
            for topic in topics:
                if _needle(topic) in text:
                    shared += 1
                    if shared == MIN_TOPICS:
                        confidence += WEIGHTS["topics"]
                        more += ("topics",)
                        break
        if not added and not more:
            return candidate
        return pk, confidence, reasons + added + more

    def _context(
        self, record: ParsedRecord
    ) -> tuple[list[tuple[Scored, ...]], Callable[[Scored, int], Scored]]:
        """Each author's candidates, and :meth:`_with_team` for the record as
        ``score(candidate, author_index)``."""
        employer = " ".join(record.applicants) if record.kind == "patent" else ""
        found = [self.candidates(author, employer) for author in record.authors]
        strong = {c[0][0] for c in found if c and c[0][1] >= self._sure}
        strong_organisations = {self.experts[pk].organisation_id for pk in strong}
        names = [_keys(a.name) for a in record.authors]
        every = (
            frozenset().union(*(full for full, _ in names)),
            frozenset().union(*(initials for _, initials in names)),
        )
        named = [{pk for pk, _, why in candidates if why[0] in NAMED} for candidates in found]
        topic_text: list[str] = []

        def score(candidate: Scored, i: int) -> Scored:
            return self._with_team(
                candidate, strong, strong_organisations, named, names, i, every, record, topic_text
            )

        return found, score

    def evidence(
        self, record: ParsedRecord, position: int, expert_id: int
    ) -> tuple[float, tuple[str, ...]] | None:
        """(confidence, reasons) of expert ``expert_id`` as the author at ``position``
        (1-based) of ``record``, on their own (other authors of the record may still take the
        expert: :meth:`link_record` decides); None where the expert is no candidate. A fraction
        of the cost of linking the whole record."""
        found, score = self._context(record)
        if position > len(found):
            return None
        for candidate in found[position - 1]:
            if candidate[0] == expert_id:
                _, confidence, reasons = score(candidate, position - 1)
                return confidence, reasons
        return None

    def could_link(self, record: ParsedRecord, position: int, expert_id: int) -> bool:
        """Whether the author at ``position`` of ``record`` scores as surely expert
        ``expert_id`` on their own (:meth:`evidence`)."""
        evidence = self.evidence(record, position, expert_id)
        return evidence is not None and evidence[0] >= self._sure

    def link_record(self, record: ParsedRecord) -> list[LinkDecision]:
        """A decision for each author of ``record``; an expert is linked to one author at most."""
        found, score = self._context(record)
        options = [[score(c, i) for c in candidates] for i, candidates in enumerate(found)]
        decisions = [
            LinkDecision(position, author) for position, author in enumerate(record.authors, 1)
        ]
        taken: set[int] = set()
        # The surest authors choose first: an expert is one author of a record at most.
        order = sorted(
            range(len(options)), key=lambda i: -max((c[1] for c in options[i]), default=0)
        )
        for i in order:
            candidates = sorted(
                (c for c in options[i] if c[0] not in taken), key=lambda c: (-c[1], c[0])
            )
            status = self.status(candidates[0][1]) if candidates else None
            if status is None:
                continue
            (pk, confidence, reasons), decision = candidates[0], decisions[i]
            decision.expert_id = pk
            decision.confidence = round(min(confidence, 1.0), 3)
            decision.reasons = list(reasons)
            decision.status = status
            decision.candidates = [
                {"expert": other, "confidence": round(min(c, 1.0), 3), "reasons": list(why)}
                for other, c, why in candidates[1 : 1 + MAX_CANDIDATES]
            ]
            taken.add(pk)
        return decisions
