"""The embedded default backend: a Whoosh index on the local disk (schema, indexer
fed by the outbox, generations swapped atomically, the search service)."""
