"""``gongkai search rebuild``: the index emptied and rebuilt from GONGKAI_SEARCH_SOURCES."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from gongkai.search.index import search
from gongkai.search.models import SearchEntry
from tests.search.conftest import document

pytestmark = pytest.mark.django_db

SOURCES = ["tests.search.test_rebuild.items", "tests.search.test_rebuild.more_items"]


def items():
    return [document(i, body_text="申请专利") for i in range(1, 4)]


def more_items():
    yield document(10, body_text="商标注册")


def failing_items():
    yield document(20, body_text="专利")
    raise RuntimeError("the source broke halfway")


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("search", *args, stdout=out)
    return out.getvalue()


@override_settings(GONGKAI_SEARCH_SOURCES=SOURCES)
def test_rebuild_indexes_every_source_and_drops_what_they_no_longer_hold(indexed):
    indexed(99, body_text="专利")  # no source holds it any more

    out = run("rebuild")

    assert "已索引 4 条" in out and "每秒" in out
    assert sorted(SearchEntry.objects.values_list("doc_id", flat=True)) == [1, 2, 3, 10]
    assert search("专利").total == 3 and search("商标").total == 1


@override_settings(GONGKAI_SEARCH_SOURCES=SOURCES)
def test_rebuild_twice_gives_the_same_index(db):
    run("rebuild")
    run("rebuild")

    assert SearchEntry.objects.count() == 4 and search("专利").total == 3


@override_settings(GONGKAI_SEARCH_SOURCES=["tests.search.test_rebuild.failing_items"])
def test_a_source_that_fails_leaves_the_old_index_as_it_was(indexed):
    indexed(99, body_text="专利")

    with pytest.raises(RuntimeError):
        run("rebuild")

    assert list(SearchEntry.objects.values_list("doc_id", flat=True)) == [99]


@override_settings(GONGKAI_SEARCH_SOURCES=["tests.search.no_such_module.documents"])
def test_a_source_that_cannot_be_imported_is_named_and_nothing_is_emptied(indexed):
    indexed(99, body_text="专利")

    with pytest.raises(CommandError, match="tests.search.no_such_module.documents"):
        run("rebuild")

    assert SearchEntry.objects.count() == 1


def test_a_subcommand_is_required(db):
    with pytest.raises(CommandError):
        run()
