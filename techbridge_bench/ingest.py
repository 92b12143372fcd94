"""``techbridge bench ingest``: speed and accuracy of publication and patent imports.

1. Writes the synthetic corpus (``ingest_data``: every import format, experts named the ways
   bibliographies name them, planted duplicates, ``truth.json``) into ``DATA_DIR/corpus``, or
   reuses the one there if it was drawn with the same ``--records``, ``--experts`` and
   ``--seed``. Not counted.
2. Makes a new database, migrated, without the demo: SQLite in the data folder, or with
   ``--database postgres`` an embedded PostgreSQL server's for the run; creates the truth's
   experts in bulk, each with an organisation (Chinese and English names), ORCID iD, e-mail
   and Chinese and English names.
3. Imports every file as the import page and ``techbridge publications import --run-now`` do:
   ``services.create_run`` keeps the file (timed as "store"), ``services.read_items`` reads
   it (parse) and ``services.import_records`` links, merges and writes it (link + merge).
   After the last file the review queue is re-checked with every file's evidence
   (``services.recheck_queue_job``, the job each run's end queues; timed as "recheck").
   ``records_per_s`` is all records over parse + link + merge + re-check. Encoding the new profile
   documents is the job ``matching.jobs.encode_documents``, run after the import on a sample
   of them (``--encode-sample``; ``--no-encode`` skips it): encoding every text of a large
   import does not fit on a small machine, and its rate does not depend on the import's size.
4. Scores what the database holds against the truth (``ingest_score``): link precision and
   recall of automatic links, the review queue's size and precision if accepted, merge
   precision and recall over pairs of records, and the records refused.

Prints a table and ends with one line of JSON.

    techbridge bench ingest --records N [--experts E] [--seed S] [--data-dir DIR] [--keep]
                            [--database sqlite|postgres] [--per-file N]
                            [--encode-sample N | --no-encode] [--profile FILE]
                            [--auto-link CONFIDENCE]

``techbridge bench ingest-tune`` (``ingest_tune``) chooses the automatic-link threshold with
these runs, by cross-validation over corpora drawn with different seeds.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from techbridge_bench.ingest_data import (
    CORPUS_VERSION,
    TRUTH_FILE,
    IngestTruth,
    write_ingest_corpus,
)
from techbridge_bench.ingest_score import (
    evidence_table,
    score_links,
    score_merges,
    threshold_table,
)
from techbridge_bench.stamp import begin, stamp

#: Records per corpus file: the largest files (ST.36 XML) stay under the import's 50 MB.
PER_FILE = 20_000
DATABASE = "techbridge.sqlite3"


def corpus(directory: Path, records: int, experts: int, seed: int, per_file: int) -> IngestTruth:
    """The corpus in ``directory``: the one there if drawn alike, else a new one."""
    if (directory / TRUTH_FILE).is_file():
        truth = IngestTruth.load(directory)
        wanted = (records, experts, seed, CORPUS_VERSION)
        if (truth.records, len(truth.experts), truth.seed, truth.version) == wanted and all(
            (directory / name).is_file() for name in truth.files
        ):
            return truth
        shutil.rmtree(directory)
    return write_ingest_corpus(directory, records, experts, seed, per_file=per_file)


def setup_django(data_dir: Path, database_url: str = "", auto_link: float | None = None) -> None:
    """Django on a database of its own: SQLite in ``data_dir``, or the (empty) PostgreSQL
    database at ``database_url``; no demo, no index build. ``auto_link``: the import's
    threshold for automatic links (``TECHBRIDGE_PUBLICATIONS_AUTO_LINK``) instead of the
    configured one."""
    os.environ.pop("DATABASE_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    if auto_link is not None:
        os.environ["TECHBRIDGE_PUBLICATIONS_AUTO_LINK"] = str(auto_link)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "techbridge.settings",
            "TECHBRIDGE_DATA_DIR": str(data_dir),
            "TECHBRIDGE_DEMO": "1",  # the embedded secret key: nothing is served
            "TECHBRIDGE_DEBUG": "0",  # DEBUG would keep every query in memory
            "TECHBRIDGE_JOBS_SYNC": "0",  # encoding jobs are queued, as on a server
            "TECHBRIDGE_MATCHING_AUTOBUILD": "0",
            "TECHBRIDGE_CACHE_URL": "",
        }
    )
    for name in (DATABASE, DATABASE + "-wal", DATABASE + "-shm"):
        (data_dir / name).unlink(missing_ok=True)
    shutil.rmtree(data_dir / "media", ignore_errors=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    logging.getLogger("django-q").setLevel(logging.WARNING)  # a line per queued encoding job
    logging.getLogger("techbridge.matching").setLevel(logging.WARNING)


def create_experts(truth: IngestTruth) -> dict[int, int]:
    """The truth's experts in the database, in bulk; expert pk -> truth id."""
    from techbridge.organisations.choices import OrganisationKind
    from techbridge.organisations.models import Organisation
    from techbridge.people.choices import AcademicTitle
    from techbridge.people.models import Expert

    names = sorted({(e.affiliation_zh, e.affiliation_en) for e in truth.experts})
    organisations = Organisation.objects.bulk_create(
        [Organisation(name_zh=zh, name_en=en, kind=OrganisationKind.INSTITUTE) for zh, en in names]
    )
    by_name = {(o.name_zh, o.name_en): o.pk for o in organisations}
    experts = Expert.objects.bulk_create(
        [
            Expert(
                name_zh=e.name_zh,
                name_en=e.name_en,
                orcid=e.orcid,
                email=e.email,
                organisation_id=by_name[(e.affiliation_zh, e.affiliation_en)],
                title=AcademicTitle.RESEARCHER,
            )
            for e in truth.experts
        ],
        batch_size=500,
    )
    return {x.pk: e.id for x, e in zip(experts, truth.experts, strict=True)}


def import_corpus(directory: Path, truth: IngestTruth) -> dict[str, Any]:
    """Import every file of the corpus through the import service; the times and the runs."""
    from techbridge.publications import services

    times = {"store_s": 0.0, "parse_s": 0.0, "link_merge_s": 0.0, "recheck_s": 0.0, "cpu_s": 0.0}
    runs = []
    failed: list[str] = []
    for name in sorted(truth.files):
        content = (directory / name).read_bytes()
        started = time.perf_counter()
        run = services.create_run(user=None, file_name=name, content=content, start=False)
        parsed, cpu = time.perf_counter(), time.process_time()
        try:
            items = list(services.read_items(run))
        except (services.PublicationImportError, OSError, ValueError, UnicodeError) as error:
            failed.append(f"{name}: {error}")
            continue
        linked = time.perf_counter()
        run = services.import_records(run, items)
        done = time.perf_counter()
        times["cpu_s"] += time.process_time() - cpu
        times["store_s"] += parsed - started
        times["parse_s"] += linked - parsed
        times["link_merge_s"] += done - linked
        runs.append(run)
        print(
            f"  {name:24s} {run.source_format:13s} {len(items):7d} records  "
            f"parse {linked - parsed:6.2f} s  link+merge {done - linked:6.2f} s  "
            f"({len(items) / max(done - parsed, 1e-9):6.0f}/s)",
            flush=True,
        )
    # The review queue re-checked with every file's evidence: the job each run's end queues
    # (the worker runs it once for runs finished together), run here after the last file.
    started, cpu = time.perf_counter(), time.process_time()
    rechecked = services.recheck_queue_job()
    times["recheck_s"] = time.perf_counter() - started
    times["cpu_s"] += time.process_time() - cpu
    print(
        f"  review queue re-checked: {rechecked['promoted']} links made automatic "
        f"({times['recheck_s']:.2f} s)",
        flush=True,
    )
    runs = [type(run).objects.get(pk=run.pk) for run in runs]
    return {**times, "runs": runs, "failed": failed, "promoted": rechecked["promoted"]}


def encode_sample(size: int) -> tuple[int, float]:
    """(documents encoded, seconds) of the encoding job on ``size`` of the new documents."""
    from techbridge.matching.jobs import encode_documents, warm_up
    from techbridge.matching.sources import KEY_PREFIX
    from techbridge.people.models import ProfileDocument

    prefix = KEY_PREFIX[ProfileDocument]
    pks = list(ProfileDocument.objects.order_by("pk").values_list("pk", flat=True)[:size])
    warm_up()  # loads the encoder, as a worker does when it starts
    started = time.perf_counter()
    done = encode_documents([f"{prefix}:{pk}" for pk in pks])
    return done, time.perf_counter() - started


def score(truth: IngestTruth, expert_ids: dict[int, int]) -> dict[str, Any]:
    from techbridge.publications.models import AuthorLink, DocumentSource

    sources = list(DocumentSource.objects.values_list("work_id", "file_name", "position"))
    links = AuthorLink.objects.values_list(
        "work_id", "position", "expert_id", "status", "reasons", "confidence"
    )
    return {
        "links": score_links(sources, truth.authors, links.iterator(10_000), expert_ids),
        "merges": score_merges(sources, truth.duplicates),
        "sources": len(sources),
    }


#: The name evidence of :data:`techbridge.publications.linking.WEIGHTS`.
NAME_REASONS = ("name_zh", "pinyin", "initials")


def missed_evidence(truth: IngestTruth, expert_ids: dict[int, int]) -> Counter[str]:
    """What speaks for the true expert of each true author position without a right automatic
    link, scored with the index built from every stored link (as the review queue's re-check
    builds it, so with more known than when the position's file was read): ``name`` where it
    is the name alone (nothing any linker of these records could tell a namesake by),
    ``more`` where other evidence adds to it, ``none`` where the expert is no candidate."""
    from techbridge.people.models import Expert
    from techbridge.publications.choices import ATTACHING
    from techbridge.publications.linking import ExpertIndex
    from techbridge.publications.models import AuthorLink, DocumentSource, Work
    from techbridge.publications.services import record_of

    pks = {truth_id: pk for pk, truth_id in expert_ids.items()}
    true_at: dict[int, set[tuple[int, int]]] = {}
    for work_id, file_name, position in DocumentSource.objects.values_list(
        "work_id", "file_name", "position"
    ):
        for author, expert in enumerate(truth.authors[file_name][position - 1], 1):
            if expert is not None:
                true_at.setdefault(work_id, set()).add((author, pks[expert]))
    for work_id, position, expert_pk in AuthorLink.objects.filter(status__in=ATTACHING).values_list(
        "work_id", "position", "expert_id"
    ):
        true_at.get(work_id, set()).discard((position, expert_pk))
    index = ExpertIndex.build(Expert.objects.all())
    missed: Counter[str] = Counter()
    works = Work.objects.filter(pk__in=[w for w, left in true_at.items() if left])
    fields = ("pk", "kind", "title", "keywords", "authors", "applicants")
    for work in works.only(*fields).iterator(2000):
        record = record_of(work)
        for position, expert_pk in true_at[work.pk]:
            evidence = index.evidence(record, position, expert_pk)
            if evidence is None:
                missed["none"] += 1
            elif len(evidence[1]) == 1 and evidence[1][0] in NAME_REASONS:
                missed["name"] += 1
                missed[f"name:{evidence[1][0]}"] += 1
            else:
                missed["more"] += 1
    return missed


def run_bench(args: argparse.Namespace, data_dir: Path, database_url: str = "") -> dict[str, Any]:
    corpus_dir = data_dir / "corpus"
    started = time.perf_counter()
    truth = corpus(corpus_dir, args.records, args.experts, args.seed, args.per_file)
    corpus_s = time.perf_counter() - started
    print(
        f"corpus: {truth.records} records in {len(truth.files)} files, "
        f"{len(truth.experts)} experts, {len(truth.duplicates)} planted duplicates "
        f"({corpus_s:.1f} s, not counted)",
        flush=True,
    )
    started = time.perf_counter()
    setup_django(data_dir, database_url, args.auto_link)
    expert_ids = create_experts(truth)
    print(f"database: {time.perf_counter() - started:.1f} s (not counted)", flush=True)

    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    imported = import_corpus(corpus_dir, truth)
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)

    encoded, encode_s = (0, 0.0) if args.no_encode else encode_sample(args.encode_sample)
    scores = score(truth, expert_ids)
    missed = missed_evidence(truth, expert_ids)
    runs = imported["runs"]
    counts: Counter[str] = Counter()
    for run in runs:
        for name in ("read", "created", "merged", "unchanged", "linked", "review", "rejected"):
            counts[name] += getattr(run, f"{name}_count")
    codes = Counter(error["code"] for run in runs for error in run.errors)
    counted_s = imported["parse_s"] + imported["link_merge_s"] + imported["recheck_s"]
    links, merges = scores["links"], scores["merges"]
    from django.conf import settings

    return {
        "truth": truth,
        "corpus_s": corpus_s,
        "imported": imported,
        "counts": counts,
        "codes": codes,
        "counted_s": counted_s,
        "encoded": encoded,
        "encode_s": encode_s,
        "links": links,
        "merges": merges,
        "missed": missed,
        "figures": {
            "records": truth.records,
            "experts": len(truth.experts),
            "seed": args.seed,
            "auto_link": settings.PUBLICATIONS_AUTO_LINK,
            "database": args.database,
            "records_per_s": round(truth.records / counted_s, 1) if counted_s else 0.0,
            "parse_s": round(imported["parse_s"], 2),
            "link_merge_s": round(imported["link_merge_s"], 2),
            "recheck_s": round(imported["recheck_s"], 2),
            "promoted": imported["promoted"],
            "store_s": round(imported["store_s"], 2),
            # On a shared machine the wall-clock rate follows the load; this one does not.
            "records_per_cpu_s": round(truth.records / imported["cpu_s"], 1)
            if imported["cpu_s"]
            else 0.0,
            "encode_docs_per_s": round(encoded / encode_s, 1) if encode_s else None,
            "encode_sample": encoded,
            "link_precision": links.precision,
            "link_recall": links.recall,
            "review_queued": links.review,
            "review_precision": links.review_precision,
            "link_recall_with_review": links.recall_with_review,
            "missed_name_alone": missed["name"],
            # what no linker reaches without linking some authors on their name alone
            "recall_bound_without_name_alone": round(
                1 - (missed["name"] + missed["none"]) / links.positives, 4
            )
            if links.positives
            else 1.0,
            "merge_precision": merges.precision,
            "merge_recall": merges.recall,
            "rejected": counts["rejected"],
            "failed_files": len(imported["failed"]),
            **stamp(),
        },
    }


def print_table(result: dict[str, Any]) -> None:
    f, c, links, merges = result["figures"], result["counts"], result["links"], result["merges"]
    m = result["missed"]
    rows = [
        ("records", f"{f['records']:,} ({f['experts']:,} experts)"),
        ("parse", f"{f['parse_s']:.1f} s"),
        ("link + merge + write", f"{f['link_merge_s']:.1f} s"),
        (
            "review queue re-checked",
            f"{f['recheck_s']:.1f} s, {f['promoted']:,} links made automatic",
        ),
        ("records per second", f"{f['records_per_s']:,.0f} (parse + link + merge + re-check)"),
        ("records per CPU second", f"{f['records_per_cpu_s']:,.0f} (this process's CPU time)"),
        ("store the files", f"{f['store_s']:.1f} s (not counted)"),
        (
            "encode",
            "skipped"
            if f["encode_docs_per_s"] is None
            else f"{f['encode_docs_per_s']:.1f} documents/s ({f['encode_sample']} sampled)",
        ),
        (
            "works",
            f"{c['created']:,} created, {c['merged']:,} merged, {c['unchanged']:,} already "
            "imported",
        ),
        (
            "links: automatic",
            f"{links.auto:,} (from {f['auto_link']:.2f}); precision {links.precision:.4f}, "
            f"recall {links.recall:.4f} of {links.positives:,}",
        ),
        (
            "links: for review",
            f"{links.review:,}; precision if accepted {links.review_precision:.4f}, recall "
            f"with them {links.recall_with_review:.4f}",
        ),
        (
            "true authors missed",
            f"{links.positives - links.found:,}: their name alone {m['name']:,} (Chinese name "
            f"{m['name:name_zh']:,}, pinyin {m['name:pinyin']:,}, initials "
            f"{m['name:initials']:,}), more evidence {m['more']:,}, no candidate {m['none']:,} "
            "(scored with every stored link known)",
        ),
        (
            "recall without names alone",
            f"at most {f['recall_bound_without_name_alone']:.4f} (every position with more "
            "than the name linked rightly)",
        ),
        (
            "merges (pairs)",
            f"{merges.predicted_pairs:,} made, {merges.true_pairs:,} planted; precision "
            f"{merges.precision:.4f}, recall {merges.recall:.4f}",
        ),
        (
            "rejected",
            f"{c['rejected']:,} {dict(result['codes'])}" if c["rejected"] else "0",
        ),
    ]
    for failure in result["imported"]["failed"]:
        rows.append(("file failed", failure))
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    print("links by evidence:")
    print("\n".join(evidence_table(links)))
    print("links had they been automatic from a confidence:")
    print("\n".join(threshold_table(links)))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="techbridge bench ingest", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--records", type=int, required=True)
    parser.add_argument("--experts", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--data-dir", help="folder for the corpus and the database (default: a new one)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the database (and a new folder) afterwards"
    )
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgres"],
        default="sqlite",
        help="SQLite in the data folder, or an embedded PostgreSQL server for the run",
    )
    parser.add_argument("--per-file", type=int, default=PER_FILE, help="records per file")
    parser.add_argument(
        "--encode-sample", type=int, default=500, help="new documents encoded to time encoding"
    )
    parser.add_argument("--no-encode", action="store_true", help="do not time encoding")
    parser.add_argument("--profile", help="write cProfile statistics of the import here")
    parser.add_argument(
        "--auto-link",
        type=float,
        help="link automatically from this confidence (default: the configured "
        "TECHBRIDGE_PUBLICATIONS_AUTO_LINK)",
    )
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    begin()
    if args.records < 1 or args.experts < 1 or args.per_file < 1:
        raise SystemExit("--records, --experts and --per-file must be positive")
    made = not args.data_dir
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="techbridge-ingest-")).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        if args.database == "postgres":
            from techbridge.testing.postgres import embedded_postgres, production_memory

            with embedded_postgres(durable=True, settings=production_memory()) as url:
                result = run_bench(args, data_dir, url)
        else:
            result = run_bench(args, data_dir)
    finally:
        if made and not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    if not made and not args.keep:
        # The corpus stays for the next run; the database goes.
        for name in (DATABASE, DATABASE + "-wal", DATABASE + "-shm"):
            (data_dir / name).unlink(missing_ok=True)
        shutil.rmtree(data_dir / "media", ignore_errors=True)
    print_table(result)
    print(json.dumps(result["figures"], ensure_ascii=False, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
