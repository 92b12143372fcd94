"""The synthetic import corpus reads back, through the product's readers, into exactly the
records, authors and duplicates its truth file promises."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from techbridge.publications.formats import (
    FORMATS,
    ParsedRecord,
    RecordError,
    detect_format,
    read,
)
from techbridge.publications.formats.text import normalise_orcid
from techbridge_bench.ingest_data import IngestTruth, write_ingest_corpus


def _read_corpus(directory: Path, truth: IngestTruth) -> dict[tuple[str, int], ParsedRecord]:
    found: dict[tuple[str, int], ParsedRecord] = {}
    for name, fmt in truth.files.items():
        path = directory / name
        assert detect_format(name, path.read_bytes()[:65536]) == fmt
        with path.open("rb") as stream:
            for item in read(stream, fmt, filename=name):
                assert not isinstance(item, RecordError), (name, item)
                found[(name, item.position)] = item
    return found


def test_corpus_reads_back_into_the_planted_records(tmp_path: Path) -> None:
    truth = write_ingest_corpus(tmp_path, records=300, experts=40, seed=3, per_file=60)

    found = _read_corpus(tmp_path, truth)

    assert len(found) == 300
    assert set(truth.files.values()) == set(FORMATS)
    assert Counter(truth.files.values())["patent_table"] >= 2  # CSV and Excel
    assert sum(len(positions) for positions in truth.authors.values()) == 300
    for (name, position), record in found.items():
        experts = truth.authors[name][position - 1]
        assert len(record.authors) == len(experts), (name, position)
    assert all(
        len(e.orcid) == 19 and normalise_orcid(e.orcid) == e.orcid for e in truth.experts if e.orcid
    )
    assert IngestTruth.load(tmp_path) == truth


def test_planted_duplicates_share_doi_title_or_family(tmp_path: Path) -> None:
    truth = write_ingest_corpus(tmp_path, records=300, experts=40, seed=5, per_file=60)
    found = _read_corpus(tmp_path, truth)

    kinds = Counter(group["kind"] for group in truth.duplicates)

    assert set(kinds) == {"doi", "title", "family"}
    for group in truth.duplicates:
        first, second = (found[(name, position)] for name, position in group["members"])
        assert truth.files[group["members"][0][0]] != truth.files[group["members"][1][0]] or (
            group["members"][0][0] != group["members"][1][0]
        )
        if group["kind"] == "doi":
            assert first.doi and first.doi == second.doi
        elif group["kind"] == "title":
            assert not first.doi and not second.doi
            assert first.year == second.year
            key = lambda r: "".join(c for c in r.title.lower() if c.isalnum())  # noqa: E731
            assert key(first) == key(second)
        else:
            assert first.patent_family == second.patent_family != ""
            assert first.patent_number != second.patent_number


def test_authors_name_experts_in_variants_and_unknown_people(tmp_path: Path) -> None:
    truth = write_ingest_corpus(tmp_path, records=300, experts=40, seed=9, per_file=1000)
    found = _read_corpus(tmp_path, truth)
    by_id = {e.id: e for e in truth.experts}

    names: Counter[str] = Counter()
    for (name, position), record in found.items():
        for author, expert_id in zip(
            record.authors, truth.authors[name][position - 1], strict=True
        ):
            if expert_id is None:
                names["unknown"] += 1
                continue
            expert = by_id[expert_id]
            variants = {
                "": "an ORCID /works response names no one",
                expert.name_zh: "张明远",
                f"{expert.given} {expert.family}": "Mingyuan Zhang",
                f"{expert.family} {expert.given}": "Zhang Mingyuan",
                f"{expert.family}, {expert.given}": "Zhang, Mingyuan",
                f"{expert.family}, {expert.given[0]}.": "Zhang, M.",
                f"{expert.given[0]}. {expert.family}": "M. Zhang",
            }
            names[variants[author.name]] += 1
            if author.orcid:
                assert author.orcid == expert.orcid
                names["orcid"] += 1
            if author.affiliation:
                names["affiliation"] += 1
    required = {
        "unknown",
        "张明远",
        "Mingyuan Zhang",
        "Zhang Mingyuan",
        "Zhang, Mingyuan",
        "Zhang, M.",
        "M. Zhang",
        "orcid",
        "affiliation",
    }
    assert all(names[variant] > 5 for variant in required), names


def test_a_group_s_works_recur_to_its_subjects_and_every_title_is_new(tmp_path: Path) -> None:
    truth = write_ingest_corpus(tmp_path, records=2000, experts=40, seed=5, per_file=1000)
    found = _read_corpus(tmp_path, truth)

    # Every work has a title of its own (planted duplicates repeat theirs, in other case and
    # punctuation), so that only planted duplicates merge
    planted = {tuple(m) for group in truth.duplicates for m in group["members"][1:]}
    titles = [r.title for key, r in found.items() if key not in planted]
    assert len(set(titles)) == len(titles)
    # An expert's works come back to their group's nine subjects (eighteen keywords in two
    # languages): those carry most of the expert's keywords (drawn at random they would carry
    # about two in five)
    by_expert: dict[int, Counter[str]] = {}
    for (name, position), record in found.items():
        for expert_id in truth.authors[name][position - 1]:
            if expert_id is not None:
                by_expert.setdefault(expert_id, Counter()).update(record.keywords)
    shares = [
        sum(n for _, n in counts.most_common(18)) / sum(counts.values())
        for counts in by_expert.values()
        if sum(counts.values()) >= 60
    ]
    assert len(shares) >= 30
    assert min(shares) > 0.6
