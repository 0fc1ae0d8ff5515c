"""Plain text, as extracted from a PDF or a web page (like the seed report).

Text that lost its line breaks and spaces (the whole report on one line) is read by flat.py,
which gives back the lines the report would have had.
"""

from __future__ import annotations

import re

from .flat import looks_like_running_text, running_text_lines
from .lines import Line, ReadError, text_lines

# UTF-8 first; Chinese sites still publish GB18030 (GBK) text. UTF-16 only with its BOM.
_ENCODINGS = ("utf-8-sig", "gb18030")


def decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReadError("文件以 UTF-16 标记开头，但内容不是有效的 UTF-16 文本") from None
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise ReadError("无法识别文件的文字编码（不是 UTF-8 或 GB18030 文本），也不是支持的文档格式")


# The control characters that text does not hold (all below " " but tab, CR, LF and form feed).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _looks_like_text(text: str) -> bool:
    """Binary junk decodes as GB18030 too; real text has few control characters."""
    return len(_CONTROLS.findall(text)) <= max(2, len(text) // 200)


def text_to_lines(data: bytes) -> list[Line]:
    text = decode_text(data).replace("\x00", "")
    if looks_like_running_text(text):
        lines = running_text_lines(text)
        if lines is not None:
            return lines
    return text_lines(text)
