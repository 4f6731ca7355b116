"""Old import path of ``search_index.whoosh.formats``, kept for indexes written before
the move: the schema in the index's table of contents pickles its field formats by
import path (``search_index.formats.TermPositions``), and unpickling looks them up
here. Remove only when every index has been rebuilt since (``flask reindex``)."""

from search_index.whoosh.formats import TermFrequency, TermPositions

__all__ = ["TermFrequency", "TermPositions"]
