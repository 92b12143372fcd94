"""System checks of the matching's database: pgvector recent enough for the shared index.

Tagged ``database``: Django runs them with ``migrate`` and ``check --database``, so an
installation on a server whose pgvector lacks half-precision vectors hears it before the
migration that makes the half-precision graph, not from a failed index build.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.checks import Error, Tags, register
from django.db import connections
from django.utils.translation import gettext as _

#: The first pgvector with ``halfvec`` (the shared index's HNSW graph holds it).
MIN_PGVECTOR = (0, 7)


def version_tuple(text: str) -> tuple[int, ...]:
    """``"0.8.6"`` -> ``(0, 8, 6)``; parts that are not numbers end the tuple."""
    out = []
    for part in text.split("."):
        if not part.isdigit():
            break
        out.append(int(part))
    return tuple(out)


def pgvector_version(alias: str) -> str | None:
    """The pgvector a PostgreSQL database has, or would get from ``CREATE EXTENSION``."""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT coalesce("
            "(SELECT extversion FROM pg_extension WHERE extname = 'vector'), "
            "(SELECT default_version FROM pg_available_extensions WHERE name = 'vector'))"
        )
        row = cursor.fetchone()
    return row[0] if row else None


@register(Tags.database)
def check_pgvector(
    app_configs: Any = None, databases: Iterable[str] | None = None, **kwargs: Any
) -> list[Error]:
    errors: list[Error] = []
    for alias in databases or ():
        if connections[alias].vendor != "postgresql":
            continue
        version = pgvector_version(alias)
        if version is None:
            errors.append(
                Error(
                    _(
                        "数据库 %(alias)s 的服务器未安装 pgvector 扩展："
                        "共享匹配索引需要 0.7 或更高版本。"
                    )
                    % {"alias": alias},
                    id="matching.E001",
                )
            )
        elif version_tuple(version) < MIN_PGVECTOR:
            errors.append(
                Error(
                    _(
                        "数据库 %(alias)s 的 pgvector 版本为 %(version)s：共享匹配索引的半精度向量"
                        "需要 0.7 或更高版本（ALTER EXTENSION vector UPDATE）。"
                    )
                    % {"alias": alias, "version": version},
                    id="matching.E002",
                )
            )
    return errors
