"""The fonts a PDF is set in, looked up once per process rather than once per render.

Without a CJK font every 汉字 would come out as an empty box, silently; so the font is found
through fontconfig (as WeasyPrint itself finds fonts) and named in the page's CSS. Asking
fontconfig means a subprocess, so the answer is kept for the life of the process; only "no
Chinese font at all" is asked again, so that installing one mends a running server.

WeasyPrint, left to itself, builds a new font configuration for every document: it loads the
whole fontconfig set and a new Pango font map, which opens the CJK faces anew (26 MB each for
Noto Serif CJK), and the document's layouts keep that font map alive in reference cycles until a
full garbage collection, which in a large process comes rarely. That was ~50-100 MB retained per
notice and a demo run of 1.2 GB. ``font_configuration`` gives every render of the process the same
one instead, so the faces are loaded once and a render leaves nothing large behind.
"""

from __future__ import annotations

import subprocess
import threading
from typing import Any

from gongkai.documents.errors import RenderError

# Simplified-Chinese faces first; the Mono variants of Noto are a last resort (narrow Latin).
PREFERRED_FONTS = (
    "Noto Serif CJK SC",
    "Noto Sans CJK SC",
    "Source Han Serif SC",
    "Source Han Sans SC",
    "SimSun",
    "Songti SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "AR PL UMing CN",
)
INSTALL_HINT = "请安装 fonts-noto-cjk（Debian/Ubuntu：apt-get install fonts-noto-cjk）后重试"

_found: tuple[str, ...] = ()
_lock = threading.Lock()
_configuration: Any = None  # WeasyPrint's FontConfiguration, built at the first render


def fontconfig_zh_families() -> tuple[str, ...]:
    """Ask fontconfig (``fc-list``) which families cover Chinese; () when it is missing."""
    try:
        done = subprocess.run(
            ["fc-list", ":lang=zh", "family"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return ()
    families: list[str] = []
    for line in done.stdout.splitlines():
        # A font lists its family in several languages: "WenQuanYi Zen Hei,文泉驿正黑".
        for name in line.split(","):
            name = name.strip()
            if name and name not in families:
                families.append(name)
    return tuple(families)


def zh_font_families() -> tuple[str, ...]:
    """The families that cover Chinese: fontconfig is asked once per process (till one is found)."""
    global _found
    if not _found:
        with _lock:
            if not _found:
                _found = fontconfig_zh_families()
    return _found


def forget_fonts() -> None:
    """Look the fonts up again at the next render (after installing a font; for tests)."""
    global _found, _configuration
    with _lock:
        _found = ()
        _configuration = None


def font_configuration() -> Any:
    """The process's WeasyPrint FontConfiguration, built at the first render (needs WeasyPrint).
    Pango's font map is not for two threads at once: pdf.html_to_pdf prints under a lock."""
    global _configuration
    with _lock:
        if _configuration is None:
            from weasyprint.text.fonts import FontConfiguration

            _configuration = FontConfiguration()
        return _configuration


def find_cjk_font() -> str:
    """The CJK family the PDF is set in; RenderError when none is installed."""
    families = zh_font_families()
    for name in PREFERRED_FONTS:
        if name in families:
            return name
    others = [f for f in families if "mono" not in f.lower()] or list(families)
    if others:
        return others[0]
    raise RenderError(f"无法生成 PDF：未找到中文字体，汉字将无法显示。{INSTALL_HINT}")
