"""Importing publication and patent records: read, link authors to experts, merge, store.

Pages, the command line and the online refresh call the same functions:
:func:`create_run` keeps the file and queues :func:`import_file` as a job
(:func:`import_run_job`); :func:`import_records` does the work for records already read;
:func:`undo_run` takes a run back; the review queue's decisions are :func:`accept_link`,
:func:`reject_link`, :func:`assign_link` and :func:`create_expert_from_link`.

Writes happen in batches of :data:`BATCH` records, each in one transaction that also moves the
run's ``position_done``: a killed worker leaves whole batches or nothing of a batch, and the
run, started again, continues after the last committed batch. A source record already stored
(same work, format and source id) is not stored again, so importing a file twice changes
nothing. In ``all_or_nothing`` mode a file with any bad record writes nothing, and the rest is
written in one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from techbridge.core import jobs
from techbridge.core.keywords import split_keywords
from techbridge.core.signals import records_imported
from techbridge.people.choices import ProfileDocumentKind
from techbridge.people.models import Expert, ProfileDocument

from . import bulk, formats
from .choices import ImportMode, ImportStatus, LinkStatus
from .formats.records import ParsedAuthor, ParsedRecord, RecordError
from .linking import ExpertIndex, LinkDecision
from .merge import FILLABLE, WorkFinder, fill_blanks, new_work, record_year
from .models import AuthorLink, DocumentSource, ImportRun, Work
from .names import has_cjk, title_key

log = logging.getLogger(__name__)

BATCH = 2000
#: Rounds of :func:`recheck_queue` at most (three reach a fixed point on ``bench ingest``'s
#: corpora).
RECHECK_ROUNDS = 5
RECHECK_JOB = "techbridge.publications.services.recheck_queue_job"
#: What a re-check changes on a link (and an undo changes back).
LINK_CHANGES = (
    "status",
    "confidence",
    "reasons",
    "candidates",
    "promoted_by",
    "promoted_from",
    "document",
    "updated_at",
)
PROGRESS_TTL = 60 * 60


class PublicationImportError(Exception):
    """The file cannot be imported at all (reported on the run with its code)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code, self.detail = code, detail


# -- the readers -----------------------------------------------------------------------------


def available_formats() -> tuple[str, ...]:
    return tuple(formats.FORMATS)


def max_bytes() -> int:
    return int(settings.PUBLICATIONS_IMPORT_MAX_MB) * 1024 * 1024


# -- runs ------------------------------------------------------------------------------------


def create_run(
    *,
    user: Any,
    file_name: str,
    content: bytes | IO[bytes],
    source_format: str = "",
    mode: str = ImportMode.PARTIAL,
    organisation_id: int | None = None,
    start: bool = True,
) -> ImportRun:
    """Keep the file in storage and queue its import (after the commit). ``content`` is the
    file's bytes or an open binary file, which is copied to storage in chunks (a large file is
    never held in memory; the reader then refuses what is over the limit)."""
    with transaction.atomic():
        run = ImportRun(
            file_name=PurePath(file_name).name[:255],
            source_format=source_format,
            mode=mode,
            organisation_id=organisation_id,
            created_by=user if getattr(user, "pk", None) else None,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        stored = ContentFile(content) if isinstance(content, bytes) else File(content)
        run.file.save(run.file_name, stored, save=False)
        run.save()
        if start:
            start_import(run)
    return run


def start_import(run: ImportRun) -> None:
    """Queue the run's import as a background job (with ``JOBS_SYNC``: run it after the commit)."""
    jobs.enqueue("techbridge.publications.services.import_run_job", run.pk, name="publications")


def import_run_job(run_id: int) -> dict[str, Any]:
    """The job: import run ``run_id`` (again, after a killed worker: it continues)."""
    run = ImportRun.objects.get(pk=run_id)
    if run.status in (ImportStatus.DONE, ImportStatus.UNDONE, ImportStatus.FAILED):
        return {"status": run.status}
    with translation.override(run.language):
        import_file(run)
    return {"status": run.status}


def _progress_key(run_id: int) -> str:
    return f"publications:run:{run_id}:done"


def progress(run: ImportRun) -> tuple[int, int]:
    """(records done, total) of a run, as far as any process can tell."""
    done = cache.get(_progress_key(run.pk))
    return max(int(done or 0), run.position_done), run.total


def read_items(run: ImportRun) -> Iterator[ParsedRecord | RecordError]:
    """The records and errors of the run's file, through the readers."""
    opened: Any
    try:  # the file object itself, which the readers may peek into
        opened = open(run.file.path, "rb")  # noqa: SIM115 (closed by the with below)
    except NotImplementedError:  # a storage without local paths
        opened = run.file.open("rb")
    with opened as stream:
        fmt = run.source_format
        if not fmt:
            head = stream.read(64 * 1024)
            stream.seek(0)
            fmt = formats.detect_format(run.file_name, head) or ""
            if not fmt:
                raise PublicationImportError("unknown_format")
            ImportRun.objects.filter(pk=run.pk).update(source_format=fmt)
            run.source_format = fmt
        yield from formats.read(stream, fmt, filename=run.file_name, max_bytes=max_bytes())


def import_file(run: ImportRun) -> ImportRun:
    """Read the run's file and import it (see the module's docstring)."""
    try:
        items = list(read_items(run))
    except PublicationImportError as error:
        return _fail(run, [_error_dict(RecordError(0, error.code, detail=error.detail))])
    except (OSError, ValueError, UnicodeError) as error:
        return _fail(run, [_error_dict(RecordError(0, "read_failed", detail=str(error)))])
    return import_records(run, items)


def _error_dict(error: RecordError) -> dict[str, Any]:
    return {
        "position": error.position,
        "record_id": error.record_id,
        "code": error.code,
        "detail": error.detail[:500],
    }


def _fail(run: ImportRun, errors: list[dict[str, Any]]) -> ImportRun:
    run.status = ImportStatus.FAILED
    run.errors = errors
    run.rejected_count = len(errors)
    run.finished_at = timezone.now()
    run.started_at = run.started_at or run.finished_at
    run.save()
    return run


def check_record(record: ParsedRecord) -> RecordError | None:
    """What the import refuses in a record the reader accepted."""
    if not record.title.strip():
        return RecordError(record.position, "no_title", record.source_id)
    if record.kind not in (ProfileDocumentKind.PAPER, ProfileDocumentKind.PATENT):
        return RecordError(record.position, "unknown_kind", record.source_id, record.kind)
    year = record_year(record)
    if year is None:
        return RecordError(record.position, "no_year", record.source_id)
    if not 1000 <= year <= 2200:
        return RecordError(record.position, "bad_year", record.source_id, str(year))
    return None


@dataclass
class Counts:
    read: int = 0
    created: int = 0
    merged: int = 0
    unchanged: int = 0
    linked: int = 0
    review: int = 0

    def add_to(self, run: ImportRun) -> None:
        run.read_count += self.read
        run.created_count += self.created
        run.merged_count += self.merged
        run.unchanged_count += self.unchanged
        run.linked_count += self.linked
        run.review_count += self.review


def import_records(run: ImportRun, items: Iterable[ParsedRecord | RecordError]) -> ImportRun:
    """Link, merge and store records already read (errors go into the run's report)."""
    records: list[ParsedRecord] = []
    errors: list[dict[str, Any]] = []
    for item in items:
        problem = item if isinstance(item, RecordError) else check_record(item)
        if problem is not None:
            errors.append(_error_dict(problem))
        else:
            records.append(item)  # type: ignore[arg-type]
    total = len(records) + len(errors)
    fresh = run.position_done == 0
    run.status = ImportStatus.RUNNING
    run.total = total
    run.errors = errors
    run.rejected_count = len(errors)
    run.started_at = run.started_at or timezone.now()
    if fresh and records:
        run.source_format = run.source_format or records[0].source_format
    run.save()
    if run.mode == ImportMode.ALL_OR_NOTHING and errors:
        return _fail(run, errors)
    scope = Expert.objects.all()
    if run.organisation_id is not None:
        scope = scope.filter(organisation_id=run.organisation_id)
    index = ExpertIndex.current(
        scope, ("experts", run.organisation_id), settings.PUBLICATIONS_AUTO_LINK
    )
    finder = WorkFinder()
    todo = sorted((r for r in records if r.position > run.position_done), key=lambda r: r.position)
    # A first reading of the whole file learns whom the surely linked experts publish with, so
    # that an author of an early record benefits from the co-authors of a later one.
    for record in todo:
        index.learn(record, index.link_record(record))
    batches = [todo[i : i + BATCH] for i in range(0, len(todo), BATCH)]
    if run.mode == ImportMode.ALL_OR_NOTHING:
        with transaction.atomic():
            for batch in batches:
                _write_batch(run, batch, index, finder)
            _finish(run)
    else:
        for batch in batches:
            with transaction.atomic():
                _write_batch(run, batch, index, finder)
        _finish(run)
    index.keep()
    cache.delete(_progress_key(run.pk))
    return run


def _finish(run: ImportRun) -> None:
    run.status = ImportStatus.DONE
    run.position_done = max(run.position_done, run.total)
    run.finished_at = timezone.now()
    run.save()
    jobs.enqueue(RECHECK_JOB, name="publications-recheck")


@dataclass
class _Planned:
    record: ParsedRecord
    work: Work
    new: bool
    decisions: list[LinkDecision] = field(default_factory=list)


def source_key(record: ParsedRecord, file_name: str) -> str:
    return (record.source_id or f"{file_name}#{record.position}")[:300]


def _write_batch(
    run: ImportRun, batch: list[ParsedRecord], index: ExpertIndex, finder: WorkFinder
) -> None:
    """Store one batch of records (inside the caller's transaction)."""
    counts = Counts(read=len(batch))
    finder.prefetch(batch)
    planned: list[_Planned] = []
    changed: dict[int, Work] = {}
    for record in batch:
        work = finder.find(record)
        if work is None:
            work = new_work(record)
            finder.remember(work)
            planned.append(_Planned(record, work, True))
        else:
            if fill_blanks(work, record):
                finder.remember(work)  # under the identifiers it has gained
                if work.pk is not None:
                    changed[work.pk] = work
            planned.append(_Planned(record, work, work.pk is None))
    new_works = list({id(p.work): p.work for p in planned if p.work.pk is None}.values())
    bulk.insert(new_works)
    if changed:
        Work.objects.bulk_update(
            changed.values(),
            [*FILLABLE, "year"],
        )
    # Sources: a source record already stored is the same record again.
    work_ids = {p.work.pk for p in planned}
    stored = set(
        DocumentSource.objects.filter(work_id__in=work_ids)
        .order_by()
        .values_list("work_id", "source_format", "source_key")
    )
    created_work_ids = {w.pk for w in new_works}
    sources: list[DocumentSource] = []
    fresh: list[_Planned] = []
    today = timezone.localdate()
    for p in planned:
        key = (p.work.pk, p.record.source_format, source_key(p.record, run.file_name))
        if key in stored:
            counts.unchanged += 1
            continue
        stored.add(key)
        if p.work.pk in created_work_ids:
            counts.created += 1
            created_work_ids.discard(p.work.pk)  # a second record of it in the file merges
        else:
            counts.merged += 1
        sources.append(
            DocumentSource(
                work=p.work,
                run=run,
                source_format=p.record.source_format,
                source_id=p.record.source_id[:200],
                source_key=key[2],
                file_name=run.file_name,
                position=p.record.position,
                imported_on=today,
            )
        )
        p.decisions = index.link_record(p.record)
        index.learn(p.record, p.decisions)
        fresh.append(p)
    bulk.insert(sources)
    links, documents = _plan_links(run, fresh)
    bulk.insert(documents)
    for link in links:
        if link.document is not None:
            link.document_id = link.document.pk
    bulk.insert(links)
    counts.linked = sum(1 for link in links if link.status == LinkStatus.AUTO)
    counts.review = sum(1 for link in links if link.status == LinkStatus.PENDING)
    if documents:
        records_imported.send(sender=ProfileDocument, pks=[d.pk for d in documents])
    counts.add_to(run)
    run.position_done = batch[-1].position
    run.save()
    cache.set(_progress_key(run.pk), run.position_done, PROGRESS_TTL)


def _plan_links(
    run: ImportRun, fresh: list[_Planned]
) -> tuple[list[AuthorLink], list[ProfileDocument]]:
    """The new links of a batch and the documents of its automatic links (unsaved)."""
    # (a work created by this batch has no links yet)
    work_ids = {p.work.pk for p in fresh if not p.new}
    taken_positions: set[tuple[int, int]] = set()
    linked_experts: set[tuple[int, int]] = set()
    for work_id, position, expert_id in (
        AuthorLink.objects.filter(work_id__in=work_ids)
        .order_by()
        .values_list("work_id", "position", "expert_id")
    ):
        taken_positions.add((work_id, position))
        if expert_id is not None:
            linked_experts.add((work_id, expert_id))
    links: list[AuthorLink] = []
    for p in fresh:
        for decision in p.decisions:
            if decision.expert_id is None or (p.work.pk, decision.position) in taken_positions:
                continue
            if (p.work.pk, decision.expert_id) in linked_experts:
                continue  # a decision about this expert and this work stands (even a rejection)
            taken_positions.add((p.work.pk, decision.position))
            linked_experts.add((p.work.pk, decision.expert_id))
            author = decision.author
            assert decision.status is not None  # a decision with an expert has a status
            links.append(
                AuthorLink(
                    work=p.work,
                    run=run,
                    position=decision.position,
                    name=author.name[:200],
                    orcid=author.orcid[:19],
                    affiliation=author.affiliation[:500],
                    expert_id=decision.expert_id,
                    confidence=decision.confidence,
                    status=decision.status,
                    reasons=decision.reasons,
                    candidates=decision.candidates,
                )
            )
    return links, _new_documents([link for link in links if link.status == LinkStatus.AUTO])


def _new_documents(links: list[AuthorLink]) -> list[ProfileDocument]:
    """The (unsaved) profile documents that automatic ``links`` put on their experts'
    profiles, each set as its link's ``document``. An expert's own hand-entered record of the
    work is not doubled."""
    present: set[tuple[int, str]] = set()
    for start in range(0, len(links), 1000):  # (a query's parameters are bounded)
        present |= _documents_present(links[start : start + 1000])
    documents: list[ProfileDocument] = []
    for link in links:
        if (link.expert_id, link.work.key) in present:
            continue
        link.document = document_for(link.work, link.expert_id)  # type: ignore[arg-type]
        documents.append(link.document)
    return documents


# -- the review queue, re-checked ------------------------------------------------------------


def record_of(work: Work) -> ParsedRecord:
    """A stored work as the linker reads a record: its authors as the work keeps them (name,
    ORCID iD, affiliation) and, for a patent, its applicants."""
    return ParsedRecord(
        kind=work.kind,
        title=work.title,
        source_format="",
        position=0,
        keywords=list(split_keywords(work.keywords)),
        authors=[
            ParsedAuthor(
                name=a.get("name", ""),
                orcid=a.get("orcid", ""),
                affiliation=a.get("affiliation", ""),
            )
            for a in work.authors or ()
        ],
        applicants=list(work.applicants or ()),
    )


def _chunks(ids: set[int], size: int = 5000) -> Iterator[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


def recheck_queue_job() -> dict[str, int]:
    """The job: the review queue re-checked with the evidence of the runs finished since the
    last re-check (:func:`recheck_queue`), in one transaction. Runs finished while it works
    are left to the job their own end queued; runs finished together are re-checked once."""
    with transaction.atomic():
        runs = list(
            ImportRun.objects.select_for_update()
            .filter(status=ImportStatus.DONE, recheck_batch__isnull=True)
            .order_by("pk")
        )
        if not runs:
            return {"runs": 0, "promoted": 0}
        experts = set(
            AuthorLink.objects.filter(run__in=runs, status=LinkStatus.AUTO)
            .order_by()
            .values_list("expert_id", flat=True)
        )
        index = ExpertIndex.current(
            Expert.objects.all(), ("experts", None), settings.PUBLICATIONS_AUTO_LINK
        )
        newest = runs[-1]
        promoted = recheck_queue(newest, experts, index)
        index.keep()
        ImportRun.objects.filter(pk__in=[r.pk for r in runs]).update(recheck_batch=newest.pk)
    log.info("review queue re-checked after %d runs: %d links promoted", len(runs), promoted)
    return {"runs": len(runs), "promoted": promoted}


def recheck_queue(run: ImportRun, experts: set[int], index: ExpertIndex) -> int:
    """Links of the review queue that new evidence has made sure, linked automatically (inside
    the caller's transaction, credited to ``run``); how many.

    A link waits for review when, as its record was read, too little was known of whom its
    expert publishes with and on what. Later imports bring such evidence, for the links of
    every earlier run too: the queue's links of ``experts`` (those just linked automatically),
    or of works that gained a link, are linked again with ``index`` (built from every stored
    link), and those the linker now names surely (the same expert, at
    :attr:`ExpertIndex.auto_link`) become automatic, their works put on the experts'
    profiles. Each round's new links are evidence for the next, up to
    :data:`RECHECK_ROUNDS`. A reviewer's decision is never changed, and undoing a run puts
    the links its evidence promoted back in the queue (:func:`undo_run`)."""
    works: set[int] = set()
    promoted: list[AuthorLink] = []
    done: set[int] = set()  # (still pending in the database until the end)
    fetched: dict[int, AuthorLink] = {}  # the links read, with their works, for every round
    records: dict[int, ParsedRecord] = {}
    pending = AuthorLink.objects.filter(status=LinkStatus.PENDING).order_by()
    for _ in range(RECHECK_ROUNDS):
        ids: set[int] = set()
        for chunk in _chunks(experts):
            ids.update(pending.filter(expert_id__in=chunk).values_list("pk", flat=True))
        for chunk in _chunks(works):
            ids.update(pending.filter(work_id__in=chunk).values_list("pk", flat=True))
        ids -= done
        for chunk in _chunks(ids - fetched.keys()):
            # Locked (on PostgreSQL) and read pending again: a reviewer deciding one of them
            # meanwhile waits for this transaction, and one who decided first is not undone.
            fetched.update(
                (link.pk, link)
                for link in pending.filter(pk__in=chunk)
                .select_related("work")
                .select_for_update(of=("self",))
            )
        queued = [
            fetched[pk] for pk in ids if pk in fetched and fetched[pk].expert_id in index.experts
        ]
        experts, works = set(), set()
        decided: dict[int, list[LinkDecision]] = {}
        for link in sorted(queued, key=lambda link: (link.work_id, link.position)):
            expert_id = link.expert_id
            if expert_id is None:  # (a pending link always names an expert)
                continue
            if link.work_id not in records:
                records[link.work_id] = record_of(link.work)
            if link.work_id not in decided:
                if not index.could_link(records[link.work_id], link.position, expert_id):
                    continue
                decided[link.work_id] = index.link_record(records[link.work_id])
            decisions = decided[link.work_id]
            if link.position > len(decisions):
                continue
            decision = decisions[link.position - 1]
            if decision.expert_id != expert_id or decision.status != LinkStatus.AUTO:
                continue
            link.promoted_from = {
                "confidence": link.confidence,
                "reasons": link.reasons,
                "candidates": link.candidates,
            }
            link.status = LinkStatus.AUTO
            link.confidence = decision.confidence
            link.reasons = decision.reasons
            link.candidates = decision.candidates
            link.promoted_by = run
            index.learn(records[link.work_id], [decision])
            promoted.append(link)
            done.add(link.pk)
            experts.add(expert_id)
            works.add(link.work_id)
        if not experts:
            break
    if not promoted:
        return 0
    documents = _new_documents(promoted)
    bulk.insert(documents)
    for link in promoted:
        if link.document is not None:
            link.document_id = link.document.pk
    bulk.update(promoted, LINK_CHANGES)
    index.stored(promoted)
    if documents:
        records_imported.send(sender=ProfileDocument, pks=[d.pk for d in documents])
    ImportRun.objects.filter(pk=run.pk).update(promoted_count=F("promoted_count") + len(promoted))
    return len(promoted)


def _documents_present(links: list[AuthorLink]) -> set[tuple[int, str]]:
    """(expert, work key) of the links whose expert already has a document of the work: one
    an import made (by its work key), or one entered by hand (no work key) with the work's DOI
    or title."""
    if not links:
        return set()
    experts = {link.expert_id for link in links if link.expert_id is not None}
    keys = {link.work.key for link in links}
    documents = ProfileDocument.objects.order_by().values_list(
        "expert_id", "work_key", "doi", "title"
    )
    # (each on an index of its own: the documents of the works, and the few entered by hand)
    rows = [row for row in documents.filter(work_key__in=keys) if row[0] in experts]
    rows += documents.filter(work_key="", expert_id__in=experts)
    have: set[tuple[int, str]] = set()
    by_doi = {(link.expert_id, link.work.doi): link.work.key for link in links if link.work.doi}
    by_title = {(link.expert_id, link.work.title_key): link.work.key for link in links}
    for expert_id, key, doi, title in rows:
        if key:
            have.add((expert_id, key))
            continue
        if doi and (expert_id, doi) in by_doi:
            have.add((expert_id, by_doi[(expert_id, doi)]))
        if title and (work := by_title.get((expert_id, title_key(title)))) is not None:
            have.add((expert_id, work))
    return have


def document_for(work: Work, expert_id: int) -> ProfileDocument:
    """The (unsaved) profile document of ``work`` on expert ``expert_id``'s profile."""
    return ProfileDocument(
        expert_id=expert_id,
        kind=work.kind,
        title=work.title,
        abstract=work.abstract,
        language=work.language,
        year=work.year or timezone.localdate().year,
        venue=(work.venue or work.patent_number)[:300],
        keywords=work.keywords,
        doi=work.doi,
        patent_number=work.patent_number,
        patent_family=work.patent_family,
        url=work.url,
        title_key=work.title_key,
        work_key=work.key,
    )


# -- undo ------------------------------------------------------------------------------------


def undo_run(run: ImportRun, user: Any = None) -> dict[str, int]:
    """Take back what the run wrote, in one transaction: its links (and the profile documents
    they made), its sources, and the works only it sourced. What other runs brought stays."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.status == ImportStatus.UNDONE:
            return {"documents": 0, "links": 0, "sources": 0, "works": 0}
        demoted = _demote(run)
        touched = set(run.sources.values_list("work_id", flat=True))
        sources = run.sources.all().delete()[0]
        orphans = set(
            Work.objects.filter(pk__in=touched, sources__isnull=True).values_list("pk", flat=True)
        )
        gone_links = AuthorLink.objects.filter(Q(run=run) | Q(work_id__in=orphans))
        document_ids = [pk for pk in gone_links.values_list("document_id", flat=True) if pk]
        links = gone_links.delete()[0]
        # Deleted one by one (``post_delete``), so the matching index forgets them.
        deleted = ProfileDocument.objects.filter(pk__in=document_ids).delete()[1]
        documents = deleted.get("people.ProfileDocument", 0) + demoted
        works = Work.objects.filter(pk__in=orphans).delete()[1].get("publications.Work", 0)
        run.status = ImportStatus.UNDONE
        run.finished_at = timezone.now()
        run.save()
    log.info("publication import %s undone by %s", run.pk, getattr(user, "pk", None))
    return {"documents": documents, "links": links, "sources": sources, "works": works}


def _demote(run: ImportRun) -> int:
    """The links that the re-check counting ``run``'s evidence made automatic back in the
    review queue, as they were, their works off the experts' profiles; the other runs of that
    re-check are re-checked again without it. How many documents that took away."""
    if run.recheck_batch is None:
        return 0
    links = list(
        AuthorLink.objects.filter(promoted_by_id=run.recheck_batch, status=LinkStatus.AUTO)
        .exclude(run=run)
        .select_related("document")
    )
    others = ImportRun.objects.filter(recheck_batch=run.recheck_batch).exclude(pk=run.pk)
    if others.update(recheck_batch=None):
        jobs.enqueue(RECHECK_JOB, name="publications-recheck")
    documents = [link.document for link in links if link.document is not None]
    for link in links:
        before = link.promoted_from or {}
        link.status = LinkStatus.PENDING
        link.confidence = before.get("confidence", link.confidence)
        link.reasons = before.get("reasons", link.reasons)
        link.candidates = before.get("candidates", [])
        link.promoted_by, link.promoted_from, link.document = None, {}, None
    bulk.update(links, LINK_CHANGES)
    for document in documents:
        document.delete()  # one by one (``post_delete``), so the matching index forgets them
    return len(documents)


# -- the review queue ------------------------------------------------------------------------


def _decide(link: AuthorLink, status: str, user: Any) -> None:
    link.status = status
    link.decided_by = user if getattr(user, "pk", None) else None
    link.decided_at = timezone.now()


def _attach(link: AuthorLink) -> None:
    """Put the link's work on its expert's profile (once)."""
    if link.document_id is not None or link.expert_id is None:
        return
    if _documents_present([link]):
        return
    document = document_for(link.work, link.expert_id)
    document.save()  # post_save: the matching index learns of it
    link.document = document


def _detach(link: AuthorLink) -> None:
    if link.document_id is not None:
        document = link.document
        link.document = None
        link.save(update_fields=["document", "updated_at"])
        if document is not None:
            document.delete()


def accept_link(link: AuthorLink, user: Any) -> AuthorLink:
    """The reviewer confirms the proposed expert: the work goes on their profile."""
    with transaction.atomic():
        link = AuthorLink.objects.select_for_update().select_related("work").get(pk=link.pk)
        _decide(link, LinkStatus.ACCEPTED, user)
        _attach(link)
        link.save()
    return link


def reject_link(link: AuthorLink, user: Any) -> AuthorLink:
    """Not this expert: the link stays as a rejection, so no later import proposes it again."""
    with transaction.atomic():
        link = AuthorLink.objects.select_for_update().select_related("work").get(pk=link.pk)
        _detach(link)
        _decide(link, LinkStatus.REJECTED, user)
        link.save()
    return link


def assign_link(link: AuthorLink, expert: Expert, user: Any) -> AuthorLink:
    """Another expert is the author: the link moves to them, accepted."""
    with transaction.atomic():
        link = AuthorLink.objects.select_for_update().select_related("work").get(pk=link.pk)
        if link.expert_id != expert.pk:
            _detach(link)
            if (
                AuthorLink.objects.filter(work=link.work, expert=expert)
                .exclude(pk=link.pk)
                .exists()
            ):
                raise ValueError("expert already linked to this work")
            link.expert = expert
            link.reasons = [*link.reasons, "reviewer"]
        _decide(link, LinkStatus.ACCEPTED, user)
        _attach(link)
        link.save()
    return link


def create_expert_from_link(
    link: AuthorLink, user: Any, *, organisation_id: int, title: str
) -> Expert:
    """Nobody known wrote it: a new expert from the author as written, the link accepted."""
    with transaction.atomic():
        name = link.name.strip()
        expert = Expert.objects.create(
            name_zh=name if has_cjk(name) else "",
            name_en="" if has_cjk(name) else name,
            orcid=link.orcid,
            organisation_id=organisation_id,
            title=title,
        )
        assign_link(link, expert, user)
    return expert
