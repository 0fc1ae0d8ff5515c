"""The one error of printing: a document that cannot be written, and why (in Chinese)."""

from __future__ import annotations


class RenderError(Exception):
    """The document cannot be written in the asked format; the message says why, in Chinese."""
