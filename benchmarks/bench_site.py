"""Settings for benchmarks/portal.py: the project's own, with the URLs of bench_urls.py (the
project's plus one bare view)."""

from __future__ import annotations

from gongkai.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bench_urls"
