"""Publications: headquarters' imports of a research office's paper export and a patent list.

Late in 2021 headquarters imported two files written here from a few institutes' experts: a
RIS export of about thirty records (CNKI records with Chinese names and addresses, a CNKI
patent, Web of Science records that spell the authors in pinyin without addresses, and one
record cut short by the export) and a CNIPA-style patent table with Chinese headers (whose
inventors carry no addresses, one patent already in the RIS file). Both go through the
publication import service, so the demo shows the import list with its reports, automatic
links, the review queue, a merged work and an error row. The experts and author spellings are
chosen with the import's own expert index, so each author lands where the demo means it to.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model

from techbridge.core.keywords import split_keywords
from techbridge.demo import text
from techbridge.demo.base import LAST_DAY, DemoBase, topic_keywords
from techbridge.demo.vocabulary import (
    GIVEN,
    JOURNAL_DOIS,
    SURNAMES,
    FieldVocabulary,
    journal_doi,
)
from techbridge.organisations.models import Organisation
from techbridge.people.models import Expert, ProfileDocument
from techbridge.publications import services
from techbridge.publications.choices import LinkStatus
from techbridge.publications.formats.records import ParsedAuthor
from techbridge.publications.linking import ExpertIndex
from techbridge.publications.models import AuthorLink, DocumentSource, ImportRun, Work

PAPERS_FILE = "集萃论文导出-CNKI-WoS-2021.ris"
PATENTS_FILE = "集萃专利清单-2021.csv"
CHINA = ZoneInfo("Asia/Shanghai")
PAPERS_IMPORTED = dt.datetime(2021, 11, 18, 10, 24, tzinfo=CHINA)
PATENTS_IMPORTED = dt.datetime(2021, 11, 25, 15, 8, tzinfo=CHINA)

#: Experts whose papers are exported (all linked automatically in the CNKI records).
TEAM = 8
CNKI_RECORDS = 24
#: Experts spelt in pinyin in the Web of Science records (each waits for review).
VARIANTS = 4
PATENTS_WITH_EXPERTS = 3
PATENTS_WITHOUT_EXPERTS = 5
IPC = ("G06T 7/00", "B23K 26/34", "C22C 30/00", "H01M 4/04", "G01N 21/88", "B33Y 10/00")


@dataclass
class _Member:
    expert: Expert
    organisation: Organisation
    field: FieldVocabulary
    variant: str  # the pinyin spelling that waits for review
    variant_address: str  # with it, "" or the English address that makes it reviewable


class PublicationsSteps(DemoBase):
    def _publication_imports(self) -> None:
        """Two import runs by headquarters, dated late in 2021."""
        rng = self.publication_rng_
        index = ExpertIndex.build(Expert.objects.all(), settings.PUBLICATIONS_AUTO_LINK)
        team = self._publishing_team(rng, index)
        ris, patent = self._papers_ris(rng, index, team)
        table = self._patents_csv(rng, index, team, patent)
        hq = get_user_model().objects.get(username="hq")
        for file_name, content, started in (
            (PAPERS_FILE, ris.encode("utf-8"), PAPERS_IMPORTED),
            (PATENTS_FILE, table.encode("utf-8-sig"), PATENTS_IMPORTED),
        ):
            run = services.create_run(user=hq, file_name=file_name, content=content, start=False)
            services.import_file(run)
            _date_run(run, started)
        counts = self.world_.counts
        counts["importrun"] = ImportRun.objects.count()
        counts["work"] = Work.objects.count()
        counts["documentsource"] = DocumentSource.objects.count()
        counts["authorlink"] = AuthorLink.objects.count()
        counts["profiledocument"] += AuthorLink.objects.filter(document__isnull=False).count()

    def _publishing_team(self, rng: random.Random, index: ExpertIndex) -> list[_Member]:
        """Institute experts whose Chinese name and institute identify them at once, each with
        a pinyin spelling that identifies them only in part (for review), where one exists."""
        w = self.world_
        team: list[_Member] = []
        for institute in rng.sample(w.institutes, len(w.institutes)):
            for expert in w.experts_by_org[institute.pk]:
                if len(team) >= TEAM:
                    return team
                if index.status(_best(index, expert.name_zh, institute.name_zh)) != LinkStatus.AUTO:
                    continue
                given, _space, surname = expert.name_en.rpartition(" ")
                for variant, address in (
                    (f"{surname}, {given}", ""),
                    (f"{surname}, {given[:1]}.", _address_en(institute)),
                ):
                    confidence, best = _best_of(index, variant, address)
                    if best == expert.pk and index.status(confidence) == LinkStatus.PENDING:
                        break
                else:
                    variant = address = ""
                field = w.institute_field[institute.pk]
                team.append(_Member(expert, institute, field, variant, address))
        return team

    def _papers_ris(
        self, rng: random.Random, index: ExpertIndex, team: list[_Member]
    ) -> tuple[str, list[str]]:
        """The RIS export, and the patent in it (number, title, abstract, inventors, date)."""
        lines: list[str] = []
        titles: set[str] = set()
        cut = rng.randrange(4, CNKI_RECORDS - 4)
        for number in range(CNKI_RECORDS):
            lead = team[number % len(team)]
            authors = [lead]
            colleagues = [m for m in team if m.organisation == lead.organisation and m != lead]
            if colleagues and rng.random() < 0.6:
                authors.append(rng.choice(colleagues))
            lang = "zh" if rng.random() < 0.7 else "en"
            t = _fresh(rng, lead.field, lang, titles, text.paper)
            year = rng.randint(2017, 2021)
            names = [m.expert.name_zh for m in authors]
            for _ in range(rng.randint(1, 2)):
                names.insert(rng.randint(1, len(names)), _student(rng, index, lead.organisation))
            # Students and colleagues of the lead author: one address line per author.
            addresses = [lead.organisation.name_zh] * len(names)
            volume = year - 1990 + rng.randint(0, 10)
            first_page = rng.randint(1, 180)
            lines += [
                "TY  - JOUR",
                f"AU  - {';'.join(names)};",
                *(f"AD  - {a}" for a in addresses),
                f"TI  - {t.title}",
                f"T2  - {t.venue}",
                f"PY  - {year}",
                f"VL  - {volume}",
                f"IS  - {rng.randint(1, 12)}",
                f"SP  - {first_page}",
                f"EP  - {first_page + rng.randint(5, 14)}",
                *_keyword_lines(rng, t.topic, lead.field, lang),
                f"AB  - {t.body}",
            ]
            if rng.random() < 0.35:
                drawn = rng.randint(3700, 3899)
                doi = (
                    journal_doi(t.venue, year, drawn * 1000 + number)
                    if t.venue in JOURNAL_DOIS
                    else f"10.{drawn}/j.issn.{year}.{number + 1:04d}"
                )
                lines.append(f"DO  - {doi}")
            lines.append("DB  - CNKI")
            if number != cut:  # the export was cut short here: this record has no end
                lines.append("ER  - ")
            lines.append("")
        # A CNKI patent record (also in the patent list: the second import merges it).
        lead = team[0]
        inventors = [lead.expert.name_zh, _student(rng, index, lead.organisation)]
        t = _fresh(rng, lead.field, "zh", titles, text.patent, _cn_number(rng))
        published = dt.date(rng.randint(2019, 2021), rng.randint(1, 10), rng.randint(1, 28))
        lines += [
            "TY  - PAT",
            f"AU  - {';'.join(inventors)};",
            f"AD  - {lead.organisation.name_zh}",
            f"TI  - {t.title}",
            f"PB  - {lead.organisation.name_zh}",
            f"IS  - {t.venue}",
            "CY  - CN",
            f"PY  - {published.year}",
            f"DA  - {published:%Y/%m/%d}",
            f"AB  - {t.body}",
            "DB  - CNKI",
            "ER  - ",
            "",
        ]
        patent = [t.venue, t.title, t.body, ";".join(inventors), published.isoformat()]
        # Web of Science records: pinyin names, mostly without addresses, each expert alone on
        # a paper outside their institute's field (a collaboration's), so that neither a
        # colleague nor the expert's usual subjects make the link sure: they wait for review.
        spelt = [m for m in team if m.variant][:VARIANTS]
        fields = sorted(
            {f.code: f for f in self.world_.institute_field.values()}.values(),
            key=lambda f: f.code,
        )
        for group in ([m] for m in spelt):
            elsewhere = [f for f in fields if f is not group[0].field] or fields
            paper_field = rng.choice(elsewhere)
            t = _fresh(rng, paper_field, "en", titles, text.paper)
            year = rng.randint(2019, 2021)
            issue = rng.choice((1, 2, 3, 4))
            doi = journal_doi(t.venue, year, rng.randint(10**6, 10**7 - 1))
            published = min(dt.date(year, rng.randint(1, 12), rng.randint(1, 28)), LAST_DAY)
            addresses = [m.variant_address for m in group if m.variant_address]
            lines += [
                "TY  - JOUR",
                *(f"AU  - {m.variant}" for m in group),
                *(f"AD  - {a}" for a in addresses[:1]),
                f"TI  - {t.title}",
                f"T2  - {t.venue}",
                f"PY  - {year}",
                f"IS  - {issue}",
                f"DA  - {published:%Y/%m/%d}",
                f"DO  - {doi}",
                *_keyword_lines(rng, t.topic, paper_field, "en"),
                f"AB  - {t.body}",
                f"UR  - https://doi.org/{doi}",
                "ER  - ",
                "",
            ]
        return "\n".join(lines), patent

    def _patents_csv(
        self, rng: random.Random, index: ExpertIndex, team: list[_Member], patent: list[str]
    ) -> str:
        """A patent list with Chinese headers; its inventors have no addresses."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            [
                "序号",
                "公开(公告)号",
                "申请号",
                "标题",
                "摘要",
                "申请(专利权)人",
                "发明人",
                "IPC分类号",
                "申请日",
                "公开(公告)日",
            ]
        )
        titles = {patent[1]}
        rows: list[list[str]] = []
        number, title, abstract, inventors, first_published = patent
        filed = dt.date.fromisoformat(first_published) - dt.timedelta(days=rng.randint(300, 500))
        rows.append(
            [
                number,
                _application(rng, filed),
                title,
                abstract,
                team[0].organisation.name_zh,
                inventors,
                rng.choice(IPC),
                filed.isoformat(),
                first_published,
            ]
        )
        owners = [None] * PATENTS_WITHOUT_EXPERTS + team[1 : 1 + PATENTS_WITH_EXPERTS]
        for owner in rng.sample(owners, len(owners)):
            member = owner or rng.choice(team)
            t = _fresh(rng, member.field, "zh", titles, text.patent, _cn_number(rng))
            names = [_student(rng, index, None) for _ in range(rng.randint(1, 3))]
            if owner is not None:
                names.insert(0, owner.expert.name_zh)
            filed = dt.date(rng.randint(2018, 2020), rng.randint(1, 12), rng.randint(1, 28))
            published = min(filed + dt.timedelta(days=rng.randint(150, 540)), LAST_DAY)
            rows.append(
                [
                    t.venue,
                    _application(rng, filed),
                    t.title,
                    t.body,
                    member.organisation.name_zh,
                    "；".join(names),
                    rng.choice(IPC),
                    filed.isoformat(),
                    published.isoformat(),
                ]
            )
        for position, row in enumerate(rows, 1):
            writer.writerow([str(position), *row])
        return out.getvalue()


@dataclass
class _Written:
    title: str
    body: str
    venue: str
    topic: text.Topic


def _fresh(
    rng: random.Random,
    field: FieldVocabulary,
    lang: str,
    titles: set[str],
    write: Callable[..., text.Text],
    *args: str,
) -> _Written:
    """A paper or patent text with a title not used yet in the file."""
    while True:
        topic = text.pick_topic(rng, field)
        written = write(rng, topic, lang, *args)
        if written.title not in titles:
            titles.add(written.title)
            return _Written(written.title, written.body, written.venue, topic)


def _keyword_lines(
    rng: random.Random, topic: text.Topic, field: FieldVocabulary, lang: str
) -> list[str]:
    return [f"KW  - {k}" for k in split_keywords(topic_keywords(rng, topic, field, lang))]


def _best_of(index: ExpertIndex, name: str, address: str) -> tuple[float, int | None]:
    candidates = index.candidates(ParsedAuthor(name=name, affiliation=address))
    return (candidates[0][1], candidates[0][0]) if candidates else (0.0, None)


def _best(index: ExpertIndex, name: str, address: str) -> float:
    return _best_of(index, name, address)[0]


def _student(rng: random.Random, index: ExpertIndex, organisation: Organisation | None) -> str:
    """A co-author or co-inventor who is nobody in the expert list (never even proposed)."""
    address = organisation.name_zh if organisation is not None else ""
    while True:
        surname = rng.choice(SURNAMES)
        name = surname.zh + "".join(rng.choice(GIVEN).zh for _ in range(rng.choice((1, 2, 2))))
        # Not even a candidate: no co-author's or colleague's evidence can make it one.
        if not index.candidates(ParsedAuthor(name=name, affiliation=address)):
            return name


def _address_en(organisation: Organisation) -> str:
    return f"{organisation.name_en}, {organisation.city or 'Nanjing'}, Peoples R China"


def _cn_number(rng: random.Random) -> str:
    return f"CN1{rng.randint(0, 10**8 - 1):08d}A"


def _application(rng: random.Random, filed: dt.date) -> str:
    return f"CN{filed.year}1{rng.randint(0, 10**7 - 1):07d}.{rng.randint(0, 9)}"


def _date_run(run: ImportRun, started: dt.datetime) -> None:
    """Put the run, and what it wrote, on the demo's calendar."""
    finished = started + dt.timedelta(seconds=4)
    after_the_demo = dt.datetime.combine(LAST_DAY + dt.timedelta(days=1), dt.time(), CHINA)
    ImportRun.objects.filter(pk=run.pk).update(
        created_at=started, updated_at=finished, started_at=started, finished_at=finished
    )
    DocumentSource.objects.filter(run=run).update(
        imported_on=started.date(), created_at=finished, updated_at=finished
    )
    AuthorLink.objects.filter(run=run).update(created_at=finished, updated_at=finished)
    ProfileDocument.objects.filter(author_link__run=run).update(
        created_at=finished, updated_at=finished
    )
    Work.objects.filter(created_at__gte=after_the_demo).update(created_at=finished)
    Work.objects.filter(updated_at__gte=after_the_demo).update(updated_at=finished)
