"""A one-line progress bar on a terminal; nothing at all when the output is a file or a pipe."""

from __future__ import annotations

import time
from typing import TextIO

WIDTH = 30
# Redrawing more often than this only costs time on a slow terminal.
MIN_INTERVAL = 0.1


class Progress:
    def __init__(self, stream: TextIO, total: int, label: str = "检查") -> None:
        self.stream, self.total, self.label = stream, total, label
        self.enabled = total > 1 and _is_terminal(stream)
        self._last = 0.0
        self._start = time.monotonic()
        self._drawn = False

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self._last < MIN_INTERVAL and done < self.total):
            return
        self._last = now
        filled = WIDTH * done // self.total
        bar = "█" * filled + "·" * (WIDTH - filled)
        elapsed = now - self._start
        percent = done * 100 // self.total
        self.stream.write(
            f"\r{self.label} [{bar}] {done}/{self.total}（{percent}%，{elapsed:.0f} 秒）"
        )
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """End the bar's line, so that what is printed next starts on a line of its own."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
