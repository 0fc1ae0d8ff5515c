"""Text that XML 1.0 can hold.

A form or an import can carry control characters (a pasted escape, a NUL from a broken file)
that XML 1.0 forbids outright; lxml refuses to write them and openpyxl's files would not open.
They carry nothing a reader could see, so the writers of DOCX and XLSX drop them; what was
stored stays as it was entered.
"""

from __future__ import annotations

import re

_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """The text without the characters XML 1.0 cannot hold (tab and line breaks stay)."""
    return _NOT_IN_XML.sub("", text)
