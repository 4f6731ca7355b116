"""Full-text search over documents and plans: Vietnamese analysis, the Whoosh schema,
the indexer fed by the outbox, and the search service.

Nothing here touches the web layer: the database session, the index directory and
the searching user's principals are always passed in.
"""
