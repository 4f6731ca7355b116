"""The Whoosh speed-ups read private names of Whoosh (``search_index.whoosh.internals``):
the pinned Whoosh has them all, and a Whoosh without one still answers every search,
ranked by Whoosh's own scorer, and says so in the log."""

from __future__ import annotations

import logging
import tempfile

import pytest

from search_index.whoosh import docsets, internals, scoring
from search_index.whoosh.indexer import rebuild
from search_index.whoosh.internals import missing_private_names, speedups_available
from search_index.whoosh.query import SearchService
from search_index.whoosh.scoring import Scorer

EVERYONE = frozenset({"authenticated"})


@pytest.fixture
def fresh_probe():
    """The probe's answer is kept per process: forget it before and after the test."""
    speedups_available.cache_clear()
    yield
    speedups_available.cache_clear()


@pytest.fixture
def indexed(search_world, search_session, index_dir):
    province = search_world.unit("tinhuy", "Tỉnh ủy Kiên Giang", "provincial_committee")
    for number, (title, body) in enumerate(
        [
            ("Về tăng cường công tác dân vận", "Các cấp ủy thực hiện tốt công tác dân vận."),
            ("Về công tác dân vận chính quyền", "Công tác dân vận của chính quyền các cấp."),
            ("Về phòng, chống thiên tai", "Nội dung khác, công tác phòng chống thiên tai."),
            ("Kế hoạch dân vận khéo", "Phong trào dân vận khéo ở cơ sở."),
        ],
        start=1,
    ):
        search_world.document(title, body, symbol=f"{number}-CT/TU", number=number, issuer=province)
    search_session.commit()
    rebuild(search_session, index_dir)
    search_session.commit()
    return index_dir


def ranking(results):
    return [(hit.kind, hit.object_id) for hit in results.hits]


def test_the_pinned_whoosh_has_every_private_name_the_speed_ups_read(fresh_probe):
    assert missing_private_names() == []
    assert speedups_available()


def test_workers_probing_at_once_do_not_share_a_temporary_folder(
    fresh_probe, monkeypatch, tmp_path
):
    """Found by the load run: gunicorn's workers start together, and each probe's writer
    used the same ``<tmp>/MAIN.tmp`` folder, which one worker removed while another wrote
    in it; that worker then searched without the speed-ups. Here the shared folder's path
    is taken (by a file): a probe that used it fails."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    (tmp_path / "MAIN.tmp").write_text("another worker's", encoding="utf-8")
    assert missing_private_names() == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["MAIN.tmp"]  # nothing left behind


def test_a_whoosh_without_one_private_name_is_searched_with_its_own_scorer(
    indexed, monkeypatch, caplog, fresh_probe
):
    """As if a Whoosh release renamed ``W3LeafMatcher._next_block``: the probe looks for
    a name this Whoosh lacks, and the block reader, were it used, would fail as it
    would on that release. (Deleting the real attribute would break Whoosh's own
    matcher too, which calls it; a rename changes both sides.)"""
    with SearchService(indexed) as service:
        fast = service.search("công tác dân vận", EVERYONE, facets=True)
    renamed = tuple(
        (where, "_next_block_renamed" if name == "_next_block" else name)
        for where, name in internals.PRIVATE_NAMES
    )
    monkeypatch.setattr(internals, "PRIVATE_NAMES", renamed)

    def missing(*_args):
        raise AttributeError("'W3LeafMatcher' object has no attribute '_next_block_renamed'")

    monkeypatch.setattr(docsets, "leaf_blocks", missing)
    for name in ("lengths_column", "whole_postings", "deleted_docs"):
        monkeypatch.setattr(scoring, name, missing)
    scored_by_whoosh = []
    whoosh_scores = Scorer._by_whoosh

    def spy(self, query, candidates):
        scored_by_whoosh.append(query)
        return whoosh_scores(self, query, candidates)

    monkeypatch.setattr(Scorer, "_by_whoosh", spy)
    speedups_available.cache_clear()
    with caplog.at_level(logging.WARNING, logger="search_index.whoosh.internals"):
        with SearchService(indexed) as service:
            fallback = service.search("công tác dân vận", EVERYONE, facets=True)
    assert "Whoosh internals missing (W3LeafMatcher._next_block_renamed)" in caplog.text
    assert "Whoosh's own matching and scoring" in caplog.text
    assert scored_by_whoosh  # the ranking came from Whoosh's scorer
    assert fallback.total == fast.total == 2
    assert ranking(fallback) == ranking(fast)
    assert [h.score for h in fallback.hits] == pytest.approx([h.score for h in fast.hits])
    assert fallback.facets == fast.facets
