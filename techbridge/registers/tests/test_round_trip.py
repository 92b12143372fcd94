"""Every importable register round-trips through its own files: a few demo records of each,
exported as the register pages export them (Excel and CSV), import into an empty database
(another process, on a copy of the run's migrated database without records) with
``techbridge registers import``, and that database's export holds the same rows: every
column, every value, only the ids differ.

The records are the first few of each register whose links are all written by a natural key
(a code, a name, an e-mail), with every record they name: a link written as an id names a
record of this database only (a contract's need, a student whose name is not unique), and
the test's new database numbers its records afresh.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from techbridge.core.registers import Register, request_for
from techbridge.core.registers.resources import BY_ID, natural_keys
from techbridge.registers import services
from techbridge.registers.registry import import_order
from techbridge.testing import demo_database

pytestmark = pytest.mark.django_db

#: Records taken from each register (with the records they name, from the registers those
#: are in).
PER_REGISTER = 3
#: Candidates looked at per register for records whose links are all written by name.
CANDIDATES = 1000
POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


def _related(obj: Any, name: str) -> list[Any]:
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return list(getattr(obj, name).all())
    value = getattr(obj, name)
    return [] if value is None else [value]


def _holds(register: Register, field: Any) -> bool:
    """Whether ``register`` holds records that the relation ``field`` may point at."""
    return issubclass(register.model, field.related_model)


def _named_by_key(register: Register, resource: Any, obj: Any) -> bool:
    """Whether each record ``obj`` links to is written by a natural key, not its id."""
    for name in register.columns:
        field = obj._meta.get_field(name)
        if not field.is_relation:
            continue
        keys = natural_keys(field.related_model)
        widget = resource.fields[name].widget
        single = getattr(widget, "one", widget)  # a many-to-many column's own widget
        for related in _related(obj, name):
            text = single.render(related)
            if keys == BY_ID or not any(str(getattr(related, k, "")) == text for k in keys):
                return False
    return True


def _selection(user: Any) -> dict[str, set[int]]:
    """Register slug -> the ids of its records the files hold: dependent registers first,
    each adding the records its chosen rows name to the registers that hold them."""
    order = import_order()
    chosen: dict[str, set[int]] = {r.slug: set() for r in order}
    for register in reversed(order):
        resource = register.resource(user=user)
        visible = register.export_queryset(register.visible(request_for(user)))
        candidates = visible.order_by("pk")[:CANDIDATES]
        picked = [o.pk for o in candidates if _named_by_key(register, resource, o)]
        chosen[register.slug] |= set(picked[:PER_REGISTER])
        records = visible.filter(pk__in=chosen[register.slug])
        for name in register.columns:
            field = register.model._meta.get_field(name)
            if not field.is_relation:
                continue
            named = {related.pk for obj in records for related in _related(obj, name)}
            for other in order:
                if other is not register and _holds(other, field):
                    held = other.model._default_manager.filter(pk__in=named)
                    chosen[other.slug] |= set(held.values_list("pk", flat=True))
    return chosen


def _write_files(folder: Path, fmt: str, user: Any) -> dict[str, int]:
    """One file per importable register, as its export page writes it; slug -> rows."""
    folder.mkdir()
    selection = _selection(user)
    counts = {}
    for register in import_order():
        pks = selection[register.slug]
        records = register.model._default_manager.filter(pk__in=pks).order_by("pk")
        dataset = register.resource(user=user).export(queryset=register.export_queryset(records))
        content = dataset.export(fmt)
        if isinstance(content, str):
            content = content.encode("utf-8-sig")
        (folder / f"{register.slug}.{fmt}").write_bytes(content)
        counts[register.slug] = len(dataset)
    return counts


def _techbridge(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "techbridge.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _rows(path: Path) -> tuple[list[str], list[tuple[str, ...]]]:
    """A register file's header and its rows without the id column, as text, sorted."""
    fmt = services.format_of(path.name)
    dataset = services.read_dataset(path.read_bytes(), fmt)
    headers = list(dataset.headers or [])
    keep = [i for i, h in enumerate(headers) if h != "id"]
    rows = sorted(tuple("" if row[i] is None else str(row[i]) for i in keep) for row in dataset)
    return [headers[i] for i in keep], rows


def _platform_env(tmp: Path, database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "TECHBRIDGE_DATA_DIR": str(tmp / "data"),
        "TECHBRIDGE_DEMO": "1",
        "TECHBRIDGE_MATCHING_AUTOBUILD": "0",
        "TECHBRIDGE_JOBS_SYNC": "0",  # the new records' encoding waits in the queue
    }


@pytest.fixture
def empty_platform(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a separate platform on a new, migrated, empty database of its own
    (a copy of the run's migrated database without records: ``techbridge migrate``)."""
    with demo_database.empty_database(tmp_path, "techbridge_round_trip") as url:
        yield _platform_env(tmp_path, url)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_every_register_round_trips_through_an_empty_database(
    empty_platform: dict[str, str], tmp_path: Path, fmt: str
) -> None:
    # Given a few records of every importable register, in the files their pages export
    hq = get_user_model().objects.get(username="hq")
    exported = _write_files(tmp_path / "exported", fmt, hq)
    assert all(exported.values()), [slug for slug, n in exported.items() if not n]
    # and a platform whose database holds none of them
    counts = _techbridge(
        empty_platform,
        "shell",
        "--no-imports",
        "-c",
        "from techbridge.registers.registry import import_order\n"
        "print(sum(r.model._default_manager.count() for r in import_order()))",
    )
    assert counts.strip().splitlines()[-1] == "0"

    # When the folder is imported there, then exported again
    report = _techbridge(
        empty_platform, "registers", "import", str(tmp_path / "exported"), "--new-records"
    )
    _techbridge(
        empty_platform, "registers", "export", "--out", str(tmp_path / "again"), "--format", fmt
    )

    # Then every register's rows came in as new records
    for slug, rows in exported.items():
        assert f"{slug}: {rows} new, 0 updated, 0 unchanged" in report, report
    # and its export holds the same rows, column for column, but for the ids
    for slug in exported:
        before = _rows(tmp_path / "exported" / f"{slug}.{fmt}")
        after = _rows(tmp_path / "again" / f"{slug}.{fmt}")
        assert after == before, slug


def test_registers_import_after_the_registers_they_name() -> None:
    order = [r.slug for r in import_order()]
    for register in import_order():
        for name in register.columns:
            field = register.model._meta.get_field(name)
            if not field.is_relation or field.related_model is register.model:
                continue
            holders = [r.slug for r in import_order() if _holds(r, field)]
            assert all(order.index(h) < order.index(register.slug) for h in holders), (
                register.slug,
                name,
            )
