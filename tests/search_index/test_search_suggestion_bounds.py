""" "Did you mean" stays cheap on hostile input: only a few syllable-sized words are
corrected, however long the query."""

from __future__ import annotations

from search_index import suggestions
from search_index.parsing import parse_query
from search_index.whoosh.indexer import rebuild
from search_index.whoosh.query import SearchService

EVERYONE = frozenset({"authenticated"})


def test_only_a_few_short_unknown_words_are_corrected(
    search_world, search_session, index_dir, monkeypatch
):
    search_world.document("Chỉ thị về công tác dân vận", "Tăng cường công tác dân vận")
    search_session.commit()
    rebuild(search_session, index_dir)
    search_session.commit()
    tried: list[str] = []
    closest = suggestions._closest
    monkeypatch.setattr(
        suggestions,
        "_closest",
        lambda searcher, word: tried.append(word) or closest(searcher, word),
    )
    hostile = " ".join(f"qx{n}zz" for n in range(300)) + " " + "w" * 200 + " dann"
    with SearchService(index_dir) as service:
        service.search(hostile, EVERYONE, suggest=True)
        assert len(tried) == suggestions.MAX_CORRECTED_WORDS
        assert all(len(word) <= suggestions.MAX_CORRECTED_LENGTH for word in tried)
        tried.clear()
        results = service.search("cong tac dann vann", EVERYONE, suggest=True)
    assert parse_query(results.suggestion or "").folded_words == ("cong", "tac", "dan", "van")
    assert tried == ["dann", "vann"]
