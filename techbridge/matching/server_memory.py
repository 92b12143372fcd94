"""What the shared index asks of the PostgreSQL server's memory.

A need walks the HNSW graph of its collection and reads its terms' postings through the
postings' search index. PostgreSQL reads every page through its own buffers
(``shared_buffers``); a page that is not there is copied from the system's page cache first.
When the graphs and the postings' index do not fit, every search copies pages and a need is
slower (docs/benchmarks.md, "The server's memory"). ``techbridge index status`` prints these
sizes and says when the buffers are too small.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connections
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .shared import HNSW_INDEX_PREFIX

#: The shared index's HNSW indexes (``SharedCollection.ensure_vector_indexes``).
GRAPH_PATTERN = HNSW_INDEX_PREFIX + "%"
#: The postings' search index: ``(collection, term, weight desc) include (document)``.
POSTINGS_INDEX = "indexed_posting_impact_idx"


@dataclass(frozen=True)
class IndexMemory:
    """Sizes in bytes."""

    graphs: int
    postings: int
    shared_buffers: int

    @property
    def searched(self) -> int:
        """What every need reads from: the graphs and the postings' search index."""
        return self.graphs + self.postings

    @property
    def fits(self) -> bool:
        return self.shared_buffers >= self.searched

    def summary(self) -> str:
        return _(
            "服务器缓冲区（shared_buffers）%(buffers)s；向量图 %(graphs)s，"
            "倒排检索索引 %(postings)s"
        ) % {
            "buffers": filesizeformat(self.shared_buffers),
            "graphs": filesizeformat(self.graphs),
            "postings": filesizeformat(self.postings),
        }

    def advice(self) -> str | None:
        """A warning when the buffers cannot hold what every need reads; None when they can."""
        if self.fits:
            return None
        return _(
            "shared_buffers（%(buffers)s）小于向量图与倒排检索索引之和（%(needed)s）："
            "每次匹配都要从操作系统缓存复制页面，匹配变慢。请把 shared_buffers 设为至少 "
            "%(needed)s（通常为服务器内存的四分之一），然后重启 PostgreSQL（见 "
            "docs/deployment.md）。"
        ) % {
            "buffers": filesizeformat(self.shared_buffers),
            "needed": filesizeformat(self.searched),
        }


def index_memory(using: str = "default") -> IndexMemory:
    """The sizes of the shared index's search structures and of the server's buffers."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(SUM(pg_relation_size(oid)) FILTER (WHERE relname LIKE %s), 0), "
            "COALESCE(SUM(pg_relation_size(oid)) FILTER (WHERE relname = %s), 0) "
            "FROM pg_class WHERE relkind = 'i' AND pg_table_is_visible(oid)",
            [GRAPH_PATTERN, POSTINGS_INDEX],
        )
        graphs, postings = cursor.fetchone()
        cursor.execute("SELECT pg_size_bytes(current_setting('shared_buffers'))")
        (shared_buffers,) = cursor.fetchone()
    return IndexMemory(int(graphs), int(postings), int(shared_buffers))
