"""parse and render: one report in, its cells or another format out."""

from __future__ import annotations

import sys
from pathlib import Path

from .. import writers
from ..batch.result import EXIT_OK, EXIT_UNREADABLE, Unreadable, read_source
from ..batch.sources import STDIN, STDIN_NAME, Source
from ..model import Report
from . import STDOUT, CliError, Console

DIAGNOSTIC_LEVELS = {"info": "提示", "warning": "警告", "ambiguous": "存疑"}


def parse(file: str, fmt: str, console: Console) -> int:
    report = read(file, console)
    if report is None:
        return EXIT_UNREADABLE
    write(render_bytes(report, fmt), STDOUT, console)
    return EXIT_OK


def render(file: str, fmt: str, output: str, console: Console) -> int:
    report = read(file, console, diagnostics=False)
    if report is None:
        return EXIT_UNREADABLE
    write(render_bytes(report, fmt), output, console)
    return EXIT_OK


def source(file: str) -> Source:
    if file == STDIN:
        return Source(STDIN_NAME, data=sys.stdin.buffer.read())
    return Source(file, path=file)


def read(file: str, console: Console, *, diagnostics: bool = True) -> Report | None:
    """The report in ``file``, its reader's diagnostics on stderr; None (said why) if none."""
    item = source(file)
    try:
        result = read_source(item)
    except Unreadable as exc:
        console.err(f"{item.name}: {exc}")
        return None
    if diagnostics:
        for diagnostic in result.diagnostics:
            label = DIAGNOSTIC_LEVELS.get(diagnostic.level, diagnostic.level)
            console.err(f"{item.name}: {label}: {diagnostic}")
    return result.report


def render_bytes(report: Report, fmt: str) -> bytes:
    try:
        data = writers.render(report, fmt)
    except writers.RenderError as exc:
        raise CliError(f"无法生成 {fmt} 格式：{exc}") from exc
    if not data:
        raise CliError(f"生成的 {fmt} 内容为空，未写出")
    return data


def write(data: bytes, output: str, console: Console) -> None:
    if output == STDOUT:
        console.write_bytes(data)
        return
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        raise CliError(f"{output}: 无法写入（{exc.strerror or exc}）") from exc
