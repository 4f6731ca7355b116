"""An index written before ``search_index/whoosh/`` existed still opens: its table of
contents pickled the codec and the field formats as ``search_index.codec`` and
``search_index.formats``, which stay importable as shims."""

from __future__ import annotations

import pickle

import pytest

from search_index.whoosh import codec, formats
from search_index.whoosh.generations import live_generation
from search_index.whoosh.indexer import rebuild
from search_index.whoosh.query import SearchService

EVERYONE = frozenset({"authenticated"})
OLD_PATHS = {
    codec.PortalCodec: "search_index.codec",
    formats.TermFrequency: "search_index.formats",
    formats.TermPositions: "search_index.formats",
}


@pytest.fixture
def index_written_before_the_move(search_world, search_session, index_dir, monkeypatch):
    """An index whose pickles name the classes by their paths before the move (pickle
    writes a class's ``__module__``)."""
    province = search_world.unit("tinhuy", "Tỉnh ủy Kiên Giang", "provincial_committee")
    search_world.document(
        "Về tăng cường công tác dân vận",
        "Các cấp ủy thực hiện tốt công tác dân vận.",
        symbol="11-CT/TU",
        number=11,
        issuer=province,
    )
    search_session.commit()
    with monkeypatch.context() as patched:
        for cls, old_module in OLD_PATHS.items():
            patched.setattr(cls, "__module__", old_module)
        rebuild(search_session, index_dir)
    search_session.commit()
    return index_dir


def test_the_fixture_index_names_the_old_paths(index_written_before_the_move):
    toc = b"".join(
        path.read_bytes() for path in live_generation(index_written_before_the_move).glob("*.toc")
    )
    assert b"search_index.codec" in toc and b"search_index.formats" in toc
    assert b"search_index.whoosh" not in toc
    assert pickle.loads(pickle.dumps(codec.PortalCodec())).__class__ is codec.PortalCodec


def test_an_index_written_before_the_move_is_searched(index_written_before_the_move):
    with SearchService(index_written_before_the_move) as service:
        results = service.search("công tác dân vận", EVERYONE)
    assert [(hit.kind, hit.symbol) for hit in results.hits] == [("document", "11-CT/TU")]
