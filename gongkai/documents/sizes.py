"""Sizes the way a person reads them, in every message that names a limit: 512 字节, 12.3 KB.

No Django and nothing else imported: the report engine's messages use it too.
"""

from __future__ import annotations


def human_size(size: int) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} 字节"
