"""Old import path of ``search_index.whoosh.codec``, kept for indexes written before
the move: a Whoosh segment pickles its codec by import path (``search_index.codec.
PortalCodec``) in the index's table of contents, and unpickling looks it up here.
Remove only when every index has been rebuilt since (``flask reindex``)."""

from search_index.whoosh.codec import PortalCodec

__all__ = ["PortalCodec"]
