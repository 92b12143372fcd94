"""The shared matching index of PostgreSQL deployments: the index is the database.

Each document is a row of :class:`~.models.IndexedDocument` with its vectors in pgvector
columns, searched through HNSW indexes; its terms are postings with their BM25 term weights
(:class:`~.models.IndexedPosting`) and document frequencies (:class:`~.models.IndexedTerm`);
an entity's parent is an :class:`~.models.IndexedLink`. A web process keeps nothing that grows
with the collection: a need is answered by a few queries, ranked by the engine's own fusion,
aggregation, portfolio view and explanations (:mod:`techbridge.engine`), so both backends rank
alike (``tests/test_shared_parity.py``).

A need's candidates, as in :class:`~techbridge.engine.retrieval.Retriever`:

- dense: the ``candidates`` nearest documents by inner product (unit vectors: cosine), from
  the collection's HNSW index (``hnsw.ef_search`` at least the depth asked);
- lexical: each need term's best ``candidates`` postings by weight (read from the
  ``(collection, term, weight desc)`` index; a dictionary translation, which carries a share
  of its term's weight, that share of them), summed with the terms' IDF; the best
  ``candidates`` sums are candidates with their BM25 score. A term's postings past its own
  head reach the list only through the need's other terms; where no term has more documents
  than its head the list is BM25's exact top one, as in the in-process engine;
- the union's dense (and keyword-vector) scores come from the stored vectors in the same
  queries (a dense-only candidate has no lexical score, as in the engine), and the two are
  fused.

Writes (``add``, ``remove``, ``set_links``) come from one writer at a time: the applier of the
change feed and the build take a transaction-level advisory lock (``writer_lock``).
"""

from __future__ import annotations

import io
import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import connections, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

from techbridge.engine import Document, Match, MatcherConfig
from techbridge.engine.aggregate import aggregate_scores, best_rows, entity_rows, top_entities
from techbridge.engine.calibration import (
    FitCalibration,
    chinese_lift,
    default_calibration,
    default_chinese_cosines,
)
from techbridge.engine.catalog import Catalog, EntityRef
from techbridge.engine.documents import DocumentHit, Evidence
from techbridge.engine.encoders import (
    Encoder,
    encode_keyword_texts,
    encode_need,
    make_encoder,
    need_side,
)
from techbridge.engine.explain import COMMON_MIN_DOCS, NeedExplainer, TermVectors, framing_terms
from techbridge.engine.fusion import (
    bm25_ceiling,
    bm25_idf,
    fuse,
    normalise_dense,
    normalise_lexical,
)
from techbridge.engine.languages import LanguageCentroids
from techbridge.engine.portfolio import PortfolioStats
from techbridge.engine.text import Token, analyze, han_share, tokenize
from techbridge.engine.translate import expand_query

from .models import IndexCollection, SharedIndexState

__all__ = ["SharedCollection", "writer_lock"]

Matrix = npt.NDArray[np.float32]
Keys = npt.NDArray[np.int64]

DOC = "matching_indexeddocument"
POSTING = "matching_indexedposting"
TERM = "matching_indexedterm"
LINK = "matching_indexedlink"
#: How far the average document length may drift from the one the term weights were computed
#: with before ``reweight`` computes them again.
REWEIGHT_DRIFT = 0.01
#: HNSW graph parameters: pgvector's default m; ef_construction 200 (default 64) for recall at
#: the depth a match reads (build time and recall in docs/scaling.md).
HNSW_M = 16
HNSW_EF_CONSTRUCTION = 200
#: The name of a collection's HNSW index: this, then ``{collection}_{dim}``. The graph holds
#: the vectors in half precision (pgvector's ``halfvec``, 0.7 or later): half the pages of a
#: graph of full vectors, so a third less time to build it and to search it at the same recall
#: (docs/scaling.md); the candidates' cosines are computed again from the rows' full vectors.
HNSW_INDEX_PREFIX = "matching_shared_halfvec_"
#: The name the index had when its graph held full-precision vectors (dropped when the
#: half-precision one is made).
FULL_PRECISION_INDEX_PREFIX = "matching_shared_embedding_"
#: pgvector's largest ``hnsw.ef_search``.
EF_SEARCH_MAX = 1000
#: Whoever writes the shared index holds this advisory lock (its transaction's).
WRITER_LOCK = 0x7EC4B12D
#: Fewest postings read for a query term (a dictionary translation with a small share).
MIN_HEAD = 20
#: Terms longer than this are not indexed (the posting key is bounded).
MAX_TERM = 100

_pool: ThreadPoolExecutor | None = None


def _lexical_pool() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="techbridge-shared-bm25")
    return _pool


def writer_lock(using: str = "default", *, wait: bool = True) -> bool:
    """Take the shared index's writer lock for the current transaction; False when ``wait``
    is off and another transaction holds it."""
    with connections[using].cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [WRITER_LOCK])
            return True
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [WRITER_LOCK])
        return bool(cursor.fetchone()[0])


def vacuum_analyze(using: str = "default") -> None:
    """``VACUUM (ANALYZE)`` the shared index's tables, after a build has committed.

    The lexical side reads postings from the covering index alone only on pages the
    visibility map marks all-visible, which a ``VACUUM`` does; left to autovacuum, the needs
    after a build read the table for every posting until it comes round. The planner's
    statistics come with it. ``VACUUM`` cannot run inside a transaction: there only
    ``ANALYZE`` runs."""
    connection = connections[using]
    statement = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for table in (DOC, POSTING, TERM, LINK):
            cursor.execute(f"{statement} {table}")


def _vector_literal(vector: npt.ArrayLike) -> str:
    """pgvector's text form of a vector."""
    return "[" + ",".join(f"{x:.7g}" for x in np.asarray(vector, dtype=np.float32).tolist()) + "]"


def _df_map(cursor: Any, collection: int, terms: Sequence[str]) -> dict[str, int]:
    if not terms:
        return {}
    cursor.execute(
        f"SELECT term, documents FROM {TERM} WHERE collection = %s AND term = ANY(%s)",
        [collection, list(terms)],
    )
    return {term: int(n) for term, n in cursor.fetchall()}


def _head(weight: float, depth: int) -> int:
    """Postings read for a query term of ``weight``: ``depth`` for the need's own terms
    (weight 1 or more), fewer for a dictionary translation that carries a share of one (at
    least ``MIN_HEAD``): its postings can add only that share of a term's score."""
    return max(MIN_HEAD, min(depth, math.ceil(depth * weight)))


#: What a serving process ranks before it reports ready (``SharedCollection.warm``).
WARM_UP_NEED = (
    "面向新能源汽车的碳化硅功率器件封装与可靠性测试技术 "
    "silicon carbide power module packaging and reliability testing"
)


class SharedCollection:
    """One collection (resources or needs) of the shared index, with the engine's API:
    :meth:`add`, :meth:`remove`, :meth:`link`, :meth:`match`, :meth:`search`.

    ``using`` is the database the writes go to; ``read_using`` the one queries read (a read
    replica, see ``core.db_router``).
    """

    def __init__(
        self,
        collection: int = IndexCollection.RESOURCES,
        config: MatcherConfig | None = None,
        *,
        encoder: Encoder | None = None,
        calibration: FitCalibration | None = None,
        using: str = "default",
        read_using: str | None = None,
    ) -> None:
        self.collection = int(collection)
        self.config = config or MatcherConfig()
        self.encoder_: Encoder = encoder or make_encoder(
            self.config.encoder, **self.config.encoder_params
        )
        self.calibration = calibration
        self.using = using
        self.read_using = read_using or using
        self.term_vectors_ = TermVectors(self.encoder_.encode_queries)
        self._portfolio: (
            tuple[int, PortfolioStats, list[EntityRef], LanguageCentroids | None] | None
        ) = None

    # -- state -----------------------------------------------------------------------------

    def state(self, *, using: str | None = None, lock: bool = False) -> SharedIndexState:
        """This collection's state row (made on first use)."""
        alias = using or self.using
        manager = SharedIndexState.objects.using(alias)
        if lock:
            state, _ = manager.select_for_update().get_or_create(collection=self.collection)
            return state
        # A reader leaves the portfolio statistics in the database (a vector sum for every
        # institute and partner, a square matrix of their dimension): ``_portfolio_stats``
        # reads them when their version changes.
        found = (
            manager.filter(collection=self.collection)
            .defer("portfolio")
            .annotate(
                has_portfolio=ExpressionWrapper(
                    Q(portfolio__isnull=False), output_field=BooleanField()
                )
            )
            .first()
        )
        return found or SharedIndexState(collection=self.collection)

    def __len__(self) -> int:
        return self.state(using=self.read_using).documents

    @property
    def dim(self) -> int:
        return int(self.encoder_.dim)

    def _cast(self) -> str:
        return f"vector({self.dim})"

    def _graph_cast(self) -> str:
        return graph_cast(self.dim)

    # -- writing ---------------------------------------------------------------------------

    def encode_documents(self, documents: Sequence[Document]) -> Matrix:
        return self.encoder_.encode_documents([d.index_text for d in documents])

    def encode_keywords(self, documents: Sequence[Document]) -> Matrix:
        return encode_keyword_texts(self.encoder_, [d.keyword_text for d in documents])

    def clear(self) -> None:
        """Drop every document, term and link of this collection (in the caller's
        transaction)."""
        with connections[self.using].cursor() as cursor:
            for table in (POSTING, TERM, DOC):
                cursor.execute(f"DELETE FROM {table} WHERE collection = %s", [self.collection])
            if self.collection == IndexCollection.RESOURCES:
                cursor.execute(f"DELETE FROM {LINK}")
        state = self.state(lock=True)
        state.documents = state.total_length = 0
        state.weight_avgdl = 0.0
        state.portfolio, state.portfolio_stale = None, True
        state.save()

    def add(
        self,
        documents: Sequence[Document],
        *,
        vectors: Matrix | None = None,
        terms: Sequence[Sequence[str]] | None = None,
        keyword_vectors: Matrix | None = None,
        content_hashes: Sequence[str] | None = None,
    ) -> None:
        """Add documents, replacing those whose ``doc_id`` is indexed (as ``Matcher.add``).
        Runs in the caller's transaction; the caller holds :func:`writer_lock`."""
        docs = list(documents)
        if not docs:
            return
        if len({d.doc_id for d in docs}) != len(docs):
            raise ValueError("duplicate doc_id in one add() call")
        if vectors is None:
            vectors = self.encode_documents(docs)
        if keyword_vectors is None and any(d.keywords for d in docs):
            keyword_vectors = self.encode_keywords(docs)
        if terms is None:
            terms = [tokenize(d.index_text) for d in docs]
        terms = [[t for t in doc_terms if len(t) <= MAX_TERM] for doc_terms in terms]
        self.remove([d.doc_id for d in docs], invalidate=False)
        state = self.state(lock=True)
        lengths = [len(t) for t in terms]
        if state.weight_avgdl <= 0:
            # The first documents set the length the term weights are computed with; a
            # rebuild (``techbridge index build``) computes them again with the current one.
            state.weight_avgdl = max(sum(lengths) / len(lengths), 1.0)
        k1, b, avgdl = self.config.bm25_k1, self.config.bm25_b, state.weight_avgdl
        vecs = np.asarray(vectors, dtype=np.float32)
        kw = None if keyword_vectors is None else np.asarray(keyword_vectors, dtype=np.float32)
        with connections[self.using].cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'key')) FROM generate_series(1, %s)",
                [DOC, len(docs)],
            )
            keys = [int(row[0]) for row in cursor.fetchall()]
            doc_rows = io.StringIO()
            posting_rows = io.StringIO()
            df: Counter[str] = Counter()
            for i, doc in enumerate(docs):
                has_kw = kw is not None and bool(np.abs(kw[i]).sum() > 0)
                digest = content_hashes[i] if content_hashes is not None else ""
                doc_rows.write(
                    "\t".join(
                        [
                            str(keys[i]),
                            str(self.collection),
                            _copy_text(doc.doc_id),
                            _copy_text(doc.entity_type),
                            _copy_text(doc.entity_id),
                            _copy_text(doc.title),
                            _copy_text(doc.kind),
                            _copy_text(_json_list(terms[i])),
                            str(lengths[i]),
                            f"{han_share(doc.index_text):.4f}",
                            _copy_text(digest),
                            _vector_literal(vecs[i]),
                            _vector_literal(kw[i]) if has_kw and kw is not None else "\\N",
                        ]
                    )
                    + "\n"
                )
                counts = Counter(terms[i])
                norm = k1 * (1 - b + b * lengths[i] / avgdl)
                for term, tf in counts.items():
                    posting_rows.write(
                        f"{self.collection}\t{_copy_text(term)}\t{keys[i]}\t{tf}\t"
                        f"{tf / (tf + norm):.7g}\n"
                    )
                df.update(counts.keys())
            _copy(
                cursor,
                f"COPY {DOC} (key, collection, doc_id, entity_type, entity_id, title, kind, "
                "terms, length, han, content_hash, embedding, keyword_embedding) FROM STDIN",
                doc_rows,
            )
            _copy(
                cursor,
                f"COPY {POSTING} (collection, term, document, tf, weight) FROM STDIN",
                posting_rows,
            )
            self._add_df(cursor, df)
        state.documents += len(docs)
        state.total_length += sum(lengths)
        state.portfolio_stale = True
        state.save()

    def _add_df(self, cursor: Any, df: Counter[str]) -> None:
        """Add ``df`` to the terms' document frequencies (negative counts: subtract)."""
        up = sorted(t for t, n in df.items() if n > 0)
        down = sorted(t for t, n in df.items() if n < 0)
        if up:
            cursor.execute(
                f"INSERT INTO {TERM} (collection, term, documents) "
                "SELECT %s, t, n FROM unnest(%s::text[], %s::int[]) AS x(t, n) "
                "ON CONFLICT (collection, term) DO UPDATE "
                f"SET documents = {TERM}.documents + EXCLUDED.documents",
                [self.collection, up, [df[t] for t in up]],
            )
        if down:
            cursor.execute(
                f"UPDATE {TERM} SET documents = GREATEST(documents + x.n, 0) "
                "FROM unnest(%s::text[], %s::int[]) AS x(t, n) "
                f"WHERE {TERM}.collection = %s AND {TERM}.term = x.t",
                [down, [df[t] for t in down], self.collection],
            )

    def remove(self, doc_ids: Iterable[str], *, invalidate: bool = True) -> int:
        """Delete documents by id (unknown ids are ignored); returns how many were indexed."""
        ids = list(doc_ids)
        if not ids:
            return 0
        with connections[self.using].cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {DOC} WHERE collection = %s AND doc_id = ANY(%s) "
                "RETURNING key, terms, length",
                [self.collection, ids],
            )
            gone = cursor.fetchall()
            if not gone:
                return 0
            post_terms: list[str] = []
            post_keys: list[int] = []
            df: Counter[str] = Counter()
            for key, terms, _length in gone:
                distinct = set(_terms_of(terms))
                post_terms += sorted(distinct)
                post_keys += [int(key)] * len(distinct)
                df.update({t: -1 for t in distinct})
            cursor.execute(
                f"DELETE FROM {POSTING} p USING unnest(%s::text[], %s::bigint[]) AS x(term, doc) "
                "WHERE p.collection = %s AND p.term = x.term AND p.document = x.doc",
                [post_terms, post_keys, self.collection],
            )
            self._add_df(cursor, df)
            cursor.execute(
                f"DELETE FROM {TERM} WHERE collection = %s AND term = ANY(%s) AND documents <= 0",
                [self.collection, sorted(df)],
            )
        state = self.state(lock=True)
        state.documents = max(0, state.documents - len(gone))
        state.total_length = max(0, state.total_length - sum(int(r[2]) for r in gone))
        if invalidate:
            state.portfolio_stale = True
        state.save()
        return len(gone)

    def link(self, entity_type: str, entity_id: str, parent_type: str, parent_id: str) -> None:
        """An entity's parent (one a child; a new one replaces the old)."""
        self.set_links([(entity_type, entity_id, parent_type, parent_id)])

    def set_links(self, links: Iterable[tuple[str, str, str, str]]) -> int:
        """Record entities' parents; returns how many links changed."""
        rows = list(dict.fromkeys(links))
        if not rows:
            return 0
        with connections[self.using].cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {LINK} (entity_type, entity_id, parent_type, parent_id) "
                "SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[]) "
                "ON CONFLICT (entity_type, entity_id) DO UPDATE "
                "SET parent_type = EXCLUDED.parent_type, parent_id = EXCLUDED.parent_id "
                f"WHERE ({LINK}.parent_type, {LINK}.parent_id) "
                "IS DISTINCT FROM (EXCLUDED.parent_type, EXCLUDED.parent_id)",
                [list(col) for col in zip(*rows, strict=True)],
            )
            changed = cursor.rowcount
        if changed:
            SharedIndexState.objects.using(self.using).filter(collection=self.collection).update(
                portfolio_stale=True
            )
        return int(changed)

    def ensure_vector_indexes(self, *, maintenance_mem: str = "1GB") -> None:
        """The collection's HNSW index over its text vectors (made once; after a bulk load is
        faster than before it). The graph is built in ``maintenance_mem`` (PostgreSQL's
        ``maintenance_work_mem``: a graph that does not fit builds slowly).

        The keyword vectors get no index of their own: a need's candidates come from the
        text vectors (and the postings), and a candidate's keyword cosine is computed from its
        row. An index over them made by an earlier version is dropped: it cost every write and
        answered no query."""
        coll = self.collection
        if not maintenance_mem.rstrip("kMGTB").isdigit():
            raise ValueError(f"not a memory size: {maintenance_mem!r}")
        with connections[self.using].cursor() as cursor:
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{maintenance_mem}'")
            cursor.execute(hnsw_index_sql(coll, self.dim))
            cursor.execute(f"DROP INDEX IF EXISTS {FULL_PRECISION_INDEX_PREFIX}{coll}_{self.dim}")
            cursor.execute(
                f"DROP INDEX IF EXISTS matching_shared_keyword_embedding_{coll}_{self.dim}"
            )

    def reweight(self) -> None:
        """Compute every posting's weight again with the collection's current average
        length, when it has drifted by more than ``REWEIGHT_DRIFT`` (after a build)."""
        state = self.state(lock=True)
        if not state.documents:
            return
        avgdl = max(state.total_length / state.documents, 1.0)
        if state.weight_avgdl and abs(avgdl - state.weight_avgdl) <= REWEIGHT_DRIFT * avgdl:
            return  # the weights are within REWEIGHT_DRIFT of their current values
        k1, b = self.config.bm25_k1, self.config.bm25_b
        with connections[self.using].cursor() as cursor:
            cursor.execute(
                f"UPDATE {POSTING} p "
                "SET weight = p.tf / (p.tf + %s * (1 - %s + %s * d.length / %s)) "
                f"FROM {DOC} d WHERE p.collection = %s AND d.key = p.document",
                [k1, b, b, avgdl, self.collection],
            )
        state.weight_avgdl = avgdl
        state.save()

    # -- portfolios ------------------------------------------------------------------------

    def refresh_portfolios(self, *, batch: int = 20_000) -> bool:
        """Compute the portfolio statistics again when documents or links changed since;
        returns whether it did."""
        cfg = self.config
        state = self.state(lock=True)
        if not state.portfolio_stale:
            return False
        parents = self._all_links()
        wanted = set(cfg.portfolio_types)
        owners_of: dict[EntityRef, list[EntityRef]] = {}
        refs: dict[EntityRef, int] = {}
        sums: list[npt.NDArray[np.float64]] = []
        counts: list[float] = []
        gram = np.zeros((self.dim, self.dim))
        total = np.zeros(self.dim)
        pairs = 0
        # The language centroids' sums (engine.languages), over every document.
        language_sums = np.zeros((2, self.dim))
        language_weights = np.zeros(2)
        for rows in self._vectors_by_owner(batch):
            if rows:
                part = LanguageCentroids.of(
                    np.asarray([r[1] for r in rows]), np.asarray([r[2] for r in rows])
                )
                language_sums += part.sums
                language_weights += part.weights
            for ref, vector, _han in rows:
                owners = owners_of.get(ref)
                if owners is None:
                    chain = [ref, *_ancestors(ref, parents)]
                    owners = owners_of[ref] = [e for e in chain if e[0] in wanted]
                if not owners:
                    continue
                x = vector.astype(np.float64)
                for owner in owners:
                    row = refs.get(owner)
                    if row is None:
                        row = refs[owner] = len(sums)
                        sums.append(np.zeros(self.dim))
                        counts.append(0.0)
                    sums[row] += x
                    counts[row] += 1
                    gram += np.outer(x, x)
                    total += x
                    pairs += 1
        buffer = io.BytesIO()
        np.savez(
            buffer,
            refs=np.asarray([f"{t}\x00{i}" for t, i in refs], dtype=object),
            sums=np.asarray(sums).reshape(-1, self.dim),
            counts=np.asarray(counts),
            gram=gram,
            total=total,
            pairs=np.asarray([pairs]),
            shrinkage=np.asarray([cfg.portfolio_shrinkage]),
            language_sums=language_sums,
            language_weights=language_weights,
        )
        state.portfolio = buffer.getvalue()
        state.portfolio_stale = False
        state.portfolio_version += 1
        state.save()
        return True

    def _vectors_by_owner(
        self, batch: int
    ) -> Iterator[list[tuple[EntityRef, npt.NDArray[np.float32], float]]]:
        after = 0
        while True:
            with connections[self.using].cursor() as cursor:
                cursor.execute(
                    f"SELECT key, entity_type, entity_id, embedding::text, han FROM {DOC} "
                    "WHERE collection = %s AND key > %s ORDER BY key LIMIT %s",
                    [self.collection, after, batch],
                )
                rows = cursor.fetchall()
            if not rows:
                return
            after = int(rows[-1][0])
            yield [((t, i), _parse_vector(v), float(h)) for _, t, i, v, h in rows]

    def _all_links(self, using: str | None = None) -> dict[EntityRef, EntityRef]:
        with connections[using or self.using].cursor() as cursor:
            cursor.execute(f"SELECT entity_type, entity_id, parent_type, parent_id FROM {LINK}")
            return {(a, b): (c, d) for a, b, c, d in cursor.fetchall()}

    def _portfolio_stats(
        self, state: SharedIndexState
    ) -> tuple[PortfolioStats, list[EntityRef]] | None:
        """The stored portfolio statistics (read again when their version changed)."""
        present = getattr(state, "has_portfolio", None)  # a reader's state: not loaded
        if not (state.portfolio if present is None else present):
            return None
        cached = self._portfolio
        if cached is not None and cached[0] == state.portfolio_version:
            return cached[1], cached[2]
        blob = state.portfolio  # a reader's state reads it now
        if not blob:
            return None  # cleared by a rebuild since the state was read
        data = np.load(io.BytesIO(bytes(blob)), allow_pickle=True)
        refs: list[EntityRef] = [
            (str(s).split("\x00", 1)[0], str(s).split("\x00", 1)[1]) for s in data["refs"]
        ]
        stats = PortfolioStats(
            owners=np.arange(len(refs), dtype=np.int64),
            sums=data["sums"],
            counts=data["counts"],
            gram=data["gram"],
            total=data["total"],
            pairs=int(data["pairs"][0]),
            shrinkage=float(data["shrinkage"][0]),
        )
        centroids = (
            LanguageCentroids(data["language_sums"], data["language_weights"])
            if "language_sums" in data.files
            else None
        )
        self._portfolio = (state.portfolio_version, stats, refs, centroids)
        return stats, refs

    def _language_centroids(self, state: SharedIndexState) -> LanguageCentroids | None:
        """The stored language centroids (with the portfolio statistics)."""
        if self._portfolio_stats(state) is None or self._portfolio is None:
            return None
        return self._portfolio[3]

    # -- ranking ---------------------------------------------------------------------------

    def warm(self) -> None:
        """Load the encoder's model, the analysers and the translation table now, and rank
        one need through the database (the portfolio statistics, the catalogue's queries),
        so that the first need a serving process answers does not wait for them."""
        self.encoder_.encode_queries(["预热 warm-up"])
        if self.state(using=self.read_using).documents:
            self.match(WARM_UP_NEED, k=3)
        expand_query(["碳化硅", "carbid"], self.config.translation_weight)
        NeedExplainer(
            "碳化硅功率器件 silicon carbide",
            analyze("碳化硅功率器件 silicon carbide"),
            document_frequency=lambda term: 1,
            n_docs=2,
            term_vectors=self.term_vectors_,
            limit=1,
            align_threshold=0.0,
            align_margin=0.0,
        ).explain([["碳化硅", "功率", "器件"]], ["碳化硅功率器件"])  # a phrase: its trimming rules

    def need_side(self, need: str) -> str:
        cfg = self.config
        return need_side(self.encoder_, need, cfg.need_encoding, cfg.need_passage_tokens)

    def encode_need(self, need: str, title: str = "") -> Matrix:
        """The need's vector, shape ``(1, dim)``, as ``Matcher.encode_need`` computes it."""
        side = self.need_side(need)
        return encode_need(self.encoder_, need, side, title, self.config.need_title_weight)

    def _lexical_side(
        self, need: str, n_docs: int, depth: int, rows_sql: tuple[str, str] | None = None
    ) -> tuple[list[Token], dict[str, float], dict[str, int], dict[int, float], list[Any]]:
        """The need's analysed tokens, its BM25 query (term → weight, dictionary translations
        included, as in the engine's ``Retriever.lexical_side``), the query terms' document
        frequencies, the lexical candidates with their BM25 scores and, with ``rows_sql``
        (the candidates' row query and the need's vector literal), their rows: on the thread
        beside the HNSW scan, so that the rows of candidates the scan does not return are at
        hand when it ends rather than read after it."""
        analysed = analyze(need)
        expanded = expand_query([t.term for t in analysed], self.config.translation_weight)
        query = {t: w for t, w in expanded.items() if len(t) <= MAX_TERM}
        with connections[self.read_using].cursor() as cursor:
            df = _df_map(cursor, self.collection, list(query))
            terms = [t for t in query if df.get(t)]
            if not terms:
                return analysed, query, df, {}, []
            weights = [query[t] * bm25_idf(n_docs, df[t]) for t in terms]
            heads = [_head(query[t], depth) for t in terms]
            cursor.execute(
                "SELECT p.document, SUM(q.w * p.weight) AS s "
                "FROM unnest(%s::text[], %s::float8[], %s::int[]) AS q(term, w, head) "
                f"CROSS JOIN LATERAL (SELECT document, weight FROM {POSTING} "
                "WHERE collection = %s AND term = q.term ORDER BY weight DESC LIMIT q.head) p "
                "GROUP BY p.document ORDER BY s DESC LIMIT %s",
                [terms, weights, heads, self.collection, depth],
            )
            lex = {int(k): float(v) for k, v in cursor.fetchall()}
            rows: list[Any] = []
            if rows_sql is not None and lex:
                sql, literal = rows_sql
                cursor.execute(sql, [literal, literal, list(lex)])
                rows = cursor.fetchall()
            return analysed, query, df, lex, rows

    def _candidates(
        self,
        need: str,
        qv: Matrix,
        exclude_doc_ids: Sequence[str],
        state: SharedIndexState,
    ) -> dict[str, Any]:
        cfg = self.config
        n_docs = state.documents
        depth = min(cfg.candidates, n_docs)
        literal = _vector_literal(qv.reshape(-1))
        cast, graph = self._cast(), self._graph_cast()
        # Each row: key, doc_id, entity type and id, cosine, keyword-vector cosine (or NULL),
        # han share; the HNSW scan computes each distance once, for the order and the row.
        columns = (
            "key, doc_id, entity_type, entity_id, "
            f"-((embedding::{cast}) <#> %s::{cast}), "
            f"-((keyword_embedding::{cast}) <#> %s::{cast}), han"
        )
        rows_sql = (f"SELECT {columns} FROM {DOC} WHERE key = ANY(%s)", literal)
        lexical: Future[Any] | None = None
        if n_docs >= cfg.parallel_min_docs:
            lexical = _lexical_pool().submit(self._lexical_side, need, n_docs, depth, rows_sql)
        with (
            transaction.atomic(using=self.read_using),
            connections[self.read_using].cursor() as cursor,
        ):
            cursor.execute(f"SET LOCAL hnsw.ef_search = {min(max(depth, 40), EF_SEARCH_MAX)}")
            cursor.execute(
                f"SELECT {columns} FROM {DOC} WHERE collection = %s "
                f"ORDER BY (embedding::{graph}) <#> %s::{graph} LIMIT %s",
                [literal, literal, self.collection, literal, depth],
            )
            rows = cursor.fetchall()
        analysed, query, df, lex, lex_rows = (
            lexical.result() if lexical is not None else self._lexical_side(need, n_docs, depth)
        )
        from_dense = {int(r[0]) for r in rows}
        if lexical is not None:
            rows += [r for r in lex_rows if int(r[0]) not in from_dense]
        else:
            lexical_only = sorted(set(lex) - from_dense)
            if lexical_only:
                with connections[self.read_using].cursor() as cursor:
                    cursor.execute(rows_sql[0], [literal, literal, lexical_only])
                    rows += cursor.fetchall()
        rows.sort(key=lambda r: int(r[0]))
        excluded = set(exclude_doc_ids)
        rows = [r for r in rows if r[1] not in excluded]
        keys = np.asarray([int(r[0]) for r in rows], dtype=np.int64)
        cos = np.asarray([float(r[4]) for r in rows], dtype=np.float32)
        if cfg.keyword_weight > 0:
            a = cfg.keyword_weight
            for i, r in enumerate(rows):
                if r[5] is not None:
                    cos[i] = (1 - a) * cos[i] + a * float(r[5])
        centroids = self._language_centroids(state) if cfg.language_centring > 0 else None
        if centroids is not None and rows:
            han = np.asarray([float(r[6]) for r in rows], dtype=np.float32)
            cos += centroids.gains(qv, han_share(need), han, cfg.language_centring)
        raw_lex = np.asarray([lex.get(int(r[0]), 0.0) for r in rows], dtype=np.float32)
        dense = normalise_dense(cos, cfg.dense_floor)
        ceiling = bm25_ceiling(query, lambda t: df.get(t, 0), n_docs, cfg.bm25_k1)
        lexical_score = normalise_lexical(raw_lex, cfg.lexical_norm, ceiling)
        fused = fuse(dense, lexical_score, cfg.dense_weight)
        return {
            "keys": keys,
            "rows": rows,
            "fused": fused,
            "parts": np.stack([dense, lexical_score]) if len(rows) else np.zeros((2, 0)),
            "tokens": analysed,
            "df": df,
        }

    def _catalog(self, rows: Sequence[Sequence[Any]]) -> Catalog:
        """A catalog of the candidate documents alone (local keys ``0..n-1``), with their
        entities' ancestors from the stored links."""
        catalog = Catalog()
        entity = np.zeros(len(rows), dtype=np.int64)
        for i, r in enumerate(rows):
            catalog.doc_ids.append(str(r[1]))
            entity[i] = catalog.entity((str(r[2]), str(r[3])))
        catalog.doc_entity = entity
        frontier = list(catalog.entities)
        with connections[self.read_using].cursor() as cursor:
            while frontier:
                cursor.execute(
                    f"SELECT l.entity_type, l.entity_id, l.parent_type, l.parent_id FROM {LINK} l "
                    "JOIN unnest(%s::text[], %s::text[]) AS x(t, i) "
                    "ON l.entity_type = x.t AND l.entity_id = x.i",
                    [[e[0] for e in frontier], [e[1] for e in frontier]],
                )
                frontier = []
                for t, i, pt, pi in cursor.fetchall():
                    known = (pt, pi) in catalog.entity_index
                    parent = catalog.entity((pt, pi))
                    catalog.parents.setdefault(catalog.entity((t, i)), set()).add(parent)
                    if not known:
                        frontier.append((pt, pi))
        return catalog

    def _evidence(self, keys: Sequence[int]) -> dict[int, tuple[str, str, str, list[str]]]:
        """(doc_id, title, kind, terms) of documents ``keys``."""
        with connections[self.read_using].cursor() as cursor:
            cursor.execute(
                f"SELECT key, doc_id, title, kind, terms FROM {DOC} WHERE key = ANY(%s)",
                [list(keys)],
            )
            return {int(k): (d, t, kd, _terms_of(tm)) for k, d, t, kd, tm in cursor.fetchall()}

    def search(
        self,
        need: str,
        k: int = 10,
        *,
        exclude_doc_ids: Iterable[str] = (),
        need_vector: Matrix | None = None,
        need_title: str = "",
    ) -> list[DocumentHit]:
        """Document-level ranking for a need (as ``Matcher.search``)."""
        state = self.state(using=self.read_using)
        if not state.documents:
            return []
        qv = self._need_vector(need, need_vector, need_title)
        found = self._candidates(need, qv, list(exclude_doc_ids), state)
        order = np.argsort(-found["fused"], kind="stable")[:k]
        rows, parts = found["rows"], found["parts"]
        return [
            DocumentHit(
                doc_id=str(rows[i][1]),
                entity_type=str(rows[i][2]),
                entity_id=str(rows[i][3]),
                score=float(found["fused"][i]),
                dense=float(parts[0, i]),
                lexical=float(parts[1, i]),
            )
            for i in order.tolist()
        ]

    def _need_vector(self, need: str, need_vector: Matrix | None, title: str) -> Matrix:
        if need_vector is None:
            return self.encode_need(need, title)
        return np.asarray(need_vector, dtype=np.float32).reshape(1, -1)

    def match(
        self,
        need: str,
        entity_types: Iterable[str] | None = None,
        k: int = 10,
        *,
        exclude_doc_ids: Iterable[str] = (),
        explain: bool = True,
        need_vector: Matrix | None = None,
        need_title: str = "",
        framing_collection: int | None = None,
    ) -> list[Match]:
        """Rank entities for a need, as ``Matcher.match`` does on its own index;
        ``framing_collection``: the collection the need comes from, whose boilerplate the
        explanations do not show alone (``Matcher.match``'s ``framing``)."""
        cfg = self.config
        state = self.state(using=self.read_using)
        if not state.documents:
            return []
        exclude = list(exclude_doc_ids)
        qv = self._need_vector(need, need_vector, need_title)
        found = self._candidates(need, qv, exclude, state)
        rows, fused, parts = found["rows"], found["fused"], found["parts"]
        if not rows:
            return []
        catalog = self._catalog(rows)
        types = set(entity_types) if entity_types is not None else None
        portfolio = self._portfolio_stats(state) if cfg.portfolio_weight > 0 else None
        if portfolio is not None:
            for ref in portfolio[1]:
                catalog.entity(ref)
        local = np.arange(len(rows), dtype=np.int64)
        doc_rows, grp = entity_rows(catalog, local, types)
        if not len(doc_rows):
            return []
        n_entities = len(catalog.entities)
        scores, seen = aggregate_scores(fused[doc_rows], grp, n_entities, cfg.agg_k, cfg.agg_decay)
        if portfolio is not None:
            self._blend_portfolios(scores, seen, qv, types, portfolio, catalog, exclude)
        top = top_entities(scores, seen, k).tolist()
        best = {ent: best_rows(doc_rows, grp, fused, ent, cfg.evidence_k).tolist() for ent in top}
        details = self._evidence([int(found["keys"][r]) for b in best.values() for r in b])
        explainer = None
        if explain:
            df = dict(found["df"])
            framed: frozenset[str] = frozenset()
            if framing_collection is not None:
                framed = self._framing(found["tokens"], framing_collection)
            explainer = NeedExplainer(
                need,
                found["tokens"],
                document_frequency=lambda term: df.get(term, 0),
                n_docs=state.documents,
                term_vectors=self.term_vectors_,
                limit=cfg.terms_k,
                align_threshold=cfg.align_threshold,
                align_margin=cfg.align_margin,
                framing=framed,
            )
        calibration = self.calibration or default_calibration()
        lift = chinese_lift(
            fused,
            parts[0],
            [float(r[6]) for r in rows],
            han_share(need),
            dense_weight=cfg.dense_weight,
            dense_floor=cfg.dense_floor,
            cosines=default_chinese_cosines(cfg.encoder),
        )
        out = []
        for ent in top:
            evidence = []
            ev_terms = []
            for r in best[ent]:
                detail = details.get(int(found["keys"][r]))
                if detail is None:
                    continue  # removed by a writer since the candidates were read
                doc_id, title, kind, terms = detail
                evidence.append(
                    Evidence(
                        doc_id, title, kind, float(fused[r]), float(parts[0, r]), float(parts[1, r])
                    )
                )
                ev_terms.append(terms)
            if not evidence:
                continue  # every document of it was removed meanwhile
            zh: tuple[str, ...] = ()
            en: tuple[str, ...] = ()
            pairs: tuple[tuple[str, str], ...] = ()
            if explainer is not None:
                zh, en, pairs = explainer.explain(ev_terms, [e.title for e in evidence])
            etype, eid = catalog.entities[ent]
            score = float(scores[ent])
            fit = calibration.percent(score - lift)
            out.append(Match(etype, eid, score, tuple(evidence), zh, en, pairs, fit, score - lift))
        return out

    def _framing(self, tokens: Sequence[Token], collection: int) -> frozenset[str]:
        """:func:`~techbridge.engine.explain.framing_terms` over another collection's
        document frequencies."""
        state = SharedIndexState.objects.using(self.read_using).filter(collection=collection)
        n_texts = state.values_list("documents", flat=True).first() or 0
        if n_texts < COMMON_MIN_DOCS:
            return frozenset()
        with connections[self.read_using].cursor() as cursor:
            df = _df_map(cursor, collection, list({t.term for t in tokens}))
        return framing_terms(tokens, lambda term: df.get(term, 0), n_texts)

    def _blend_portfolios(
        self,
        scores: Matrix,
        seen: npt.NDArray[np.bool_],
        qv: Matrix,
        types: set[str] | None,
        portfolio: tuple[PortfolioStats, list[EntityRef]],
        catalog: Catalog,
        exclude: Sequence[str],
    ) -> None:
        """``Portfolios.blend`` over the stored statistics."""
        cfg = self.config
        wanted = set(cfg.portfolio_types) if types is None else types & set(cfg.portfolio_types)
        if not wanted or not float(np.abs(qv).sum()):
            return
        stats, refs = portfolio
        excluded: list[tuple[npt.NDArray[np.floating], int]] = []
        if exclude:
            parents = self._all_links(self.read_using)
            with connections[self.read_using].cursor() as cursor:
                cursor.execute(
                    f"SELECT entity_type, entity_id, embedding::text FROM {DOC} "
                    "WHERE collection = %s AND doc_id = ANY(%s)",
                    [self.collection, list(exclude)],
                )
                for t, i, v in cursor.fetchall():
                    vec = _parse_vector(v)
                    for owner in [(t, i), *_ancestors((t, i), parents)]:
                        if owner in refs:
                            excluded.append((vec, refs.index(owner)))
        rows_of, pscore = stats.scores(qv, excluded)
        local = np.asarray([catalog.entity_index[refs[int(o)]] for o in rows_of], dtype=np.int64)
        keep = seen[local] & np.asarray([refs[int(o)][0] in wanted for o in rows_of], dtype=bool)
        if not keep.any():
            return
        target = local[keep]
        b = cfg.portfolio_weight
        blended = (scores[target] + b * pscore[keep]) / (1 + b)
        scores[target] = np.clip(blended, 0.0, 1.0).astype(np.float32)

    def stamp_built(self, model: str) -> None:
        state = self.state(lock=True)
        state.model, state.dim, state.built_at = model, self.dim, timezone.now()
        state.save()


def _ancestors(ref: EntityRef, parents: dict[EntityRef, EntityRef]) -> list[EntityRef]:
    out: list[EntityRef] = []
    current = parents.get(ref)
    while current is not None and current not in out and current != ref:
        out.append(current)
        current = parents.get(current)
    return out


def graph_cast(dim: int) -> str:
    """The type the HNSW graph holds the text vectors in, which a search orders by."""
    return f"halfvec({dim})"


def hnsw_index_sql(collection: int, dim: int) -> str:
    """``CREATE INDEX`` of a collection's HNSW graph over its text vectors in half precision."""
    cast = graph_cast(dim)
    return (
        f"CREATE INDEX IF NOT EXISTS {HNSW_INDEX_PREFIX}{collection}_{dim} "
        f"ON {DOC} USING hnsw ((embedding::{cast}) halfvec_ip_ops) "
        f"WITH (m = {HNSW_M}, ef_construction = {HNSW_EF_CONSTRUCTION}) "
        f"WHERE collection = {collection}"
    )


def _copy_text(value: str) -> str:
    """A value in PostgreSQL's COPY text format."""
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def _json_list(terms: Sequence[str]) -> str:
    return json.dumps(list(terms), ensure_ascii=False)


def _terms_of(value: Any) -> list[str]:
    if isinstance(value, str):
        return list(json.loads(value))
    return list(value or [])


def _parse_vector(text: str) -> npt.NDArray[np.float32]:
    return np.asarray(text.strip("[]").split(","), dtype=np.float32)


def _copy(cursor: Any, sql: str, data: io.StringIO) -> None:
    """``COPY ... FROM STDIN`` through psycopg's copy protocol."""
    raw = getattr(cursor, "cursor", cursor)
    with raw.copy(sql) as copy:
        copy.write(data.getvalue())
