"""Full-text search over documents and plans, behind one contract (``contract``).

The modules here are shared by both backends: Vietnamese analysis, query parsing,
the fields to index, the outbox reading (``sources``), filters and facets, snippets,
suggestions and the consistency check; ``backends`` picks a backend. Each backend is a
subpackage: ``whoosh`` (the embedded default) and ``postgres``; neither imports the
other. ``codec`` and ``formats`` here only keep old import paths for existing indexes.

Nothing here touches the web layer: the database session, the index directory and
the searching user's principals are always passed in.
"""
