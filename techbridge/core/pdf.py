"""The Chinese font of every PDF the platform writes.

PDF readers on Linux do not all carry the Adobe CJK fonts that a PDF may name without
embedding them (their pages come out blank), so each PDF embeds the subset it uses of Noto
Sans SC, a TrueType font installed from the npm registry with the front-end assets
(``@expo-google-fonts/noto-sans-sc``; never downloaded at run time).
"""

from __future__ import annotations

import threading
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

FONT_NAME = "NotoSansSC"
FONT_FILE = "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf"

_lock = threading.Lock()


def font_path() -> Path:
    return Path(settings.NODE_MODULES) / FONT_FILE


def chinese_font() -> str:
    """The name under which reportlab knows the font (registered on first use)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    with _lock:
        if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
            path = font_path()
            if not path.is_file():
                raise ImproperlyConfigured(
                    _("找不到 PDF 所需的中文字体 %(path)s，请在项目目录运行 npm ci。")
                    % {"path": path}
                )
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(path)))
    return FONT_NAME
