"""PDFs carry their Chinese font: every font a page uses is embedded (a subset of Noto Sans
SC), so the pages render in readers that have no CJK fonts of their own."""

from __future__ import annotations

import io
from typing import Any

import pypdfium2
import pytest
from pypdf import PdfReader

from techbridge.core.pdf import FONT_NAME
from techbridge.reports.annual import build_annual_report, render_pdf

pytestmark = pytest.mark.django_db

#: The PDF standard fonts (Latin only) that every reader has; reportlab names Helvetica on
#: each page as its starting font.
STANDARD = {"/Helvetica", "/Times-Roman", "/Courier", "/Symbol", "/ZapfDingbats"}


def _object(ref: Any) -> Any:
    return ref.get_object()


def _fonts(pdf: bytes) -> list[tuple[str, bool]]:
    """(base font name, embedded?) of every font the pages use."""
    found: list[tuple[str, bool]] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        for ref in resources.get("/Font", {}).values():
            font: Any = ref.get_object()
            descriptors = [font.get("/FontDescriptor")]
            descriptors += [
                _object(d).get("/FontDescriptor") for d in font.get("/DescendantFonts", [])
            ]
            embedded = any(
                d is not None
                and any(k in d.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                for d in descriptors
            )
            found.append((str(font["/BaseFont"]), embedded))
    return found


def _ink(pdf: bytes) -> float:
    """The share of dark pixels on the first page, rendered by PDFium at 72 dpi."""
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=1).to_pil().convert("L")
    pixels = list(image.getdata())
    return sum(1 for p in pixels if p < 128) / len(pixels)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_annual_report_pdf_embeds_its_chinese_font(language: str) -> None:
    pdf = render_pdf(build_annual_report(2020), language)
    fonts = _fonts(pdf)
    assert fonts and all(embedded or name in STANDARD for name, embedded in fonts), fonts
    assert any(FONT_NAME in name for name, _ in fonts), fonts
    assert _ink(pdf) > 0.01  # the title, the figures and the tables are drawn
