"""Apply English translations to techbridge/locale/en/LC_MESSAGES/django.po and compile it.

Usage: python tools/translate.py TRANSLATIONS.json
The JSON maps "msgid" (or "context|msgid") to the English text; plural entries map to a list.
Entries marked fuzzy by msgmerge are cleared unless translated here; nothing else changes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parents[1] / "techbridge/locale/en/LC_MESSAGES/django.po"


def main(path: str) -> int:
    table: dict[str, str | list[str]] = json.loads(Path(path).read_text())
    po = polib.pofile(str(PO))
    for entry in po:
        key = f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid
        if key in table:
            value = table[key]
            if entry.msgid_plural:
                forms = value if isinstance(value, list) else [value, value]
                entry.msgstr_plural = dict(enumerate(forms))
            else:
                entry.msgstr = str(value)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            if key not in table:
                entry.msgstr = ""
        entry.previous_msgid = entry.previous_msgctxt = entry.previous_msgid_plural = None
    po.save()
    missing = [e.msgid for e in po if not e.translated()]
    for msgid in missing:
        print("untranslated:", msgid)
    subprocess.run(["msgfmt", "--check", "-o", str(PO.with_suffix(".mo")), str(PO)], check=True)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
