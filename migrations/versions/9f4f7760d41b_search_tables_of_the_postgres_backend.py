"""search tables of the postgres backend

The tables of ``SEARCH_BACKEND=postgres`` (``search_index.postgres.schema``). They exist on
every database and stay empty unless that backend is chosen; on PostgreSQL the
extensions they need (unaccent, pg_trgm) are created in the public schema, and the
indexes are GIN indexes (trigram ones for symbols and words). The downgrade keeps the
extensions: other schemas of the database may use them.

Revision ID: 9f4f7760d41b
Revises: 760fbba7dc98
Create Date: 2026-11-30 00:31:31.276959

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "9f4f7760d41b"
down_revision = "760fbba7dc98"
branch_labels = None
depends_on = None

TEXT_ARRAY = sa.Text().with_variant(postgresql.ARRAY(sa.Text()), "postgresql")
TSVECTOR = sa.Text().with_variant(postgresql.TSVECTOR(), "postgresql")


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        # the lock: two processes migrating new databases at once must not both create
        op.execute("SELECT pg_advisory_xact_lock(7301001)")
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")

    op.create_table(
        "search_entry",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("stored", sa.JSON(), nullable=False),
        sa.Column("allowed", TEXT_ARRAY, nullable=False),
        sa.Column("symbol_key", sa.String(length=120), nullable=True),
        sa.Column("symbol_short", sa.String(length=60), nullable=True),
        sa.Column("refs", TEXT_ARRAY, nullable=False),
        sa.Column("symbol_text", sa.Text(), nullable=True),
        sa.Column("folded", TSVECTOR, nullable=False),
        sa.Column("exact", TSVECTOR, nullable=False),
        sa.Column("doc_type", sa.String(length=20), nullable=True),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("issuer_name", sa.Text(), nullable=True),
        sa.Column("issued_year", sa.Integer(), nullable=True),
        sa.Column("date", sa.Integer(), nullable=True),
        sa.Column("term", sa.String(length=100), nullable=True),
        sa.Column("validity", sa.String(length=20), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=True),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("updated", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_search_entry")),
    )
    with op.batch_alter_table("search_entry", schema=None) as batch_op:
        batch_op.create_index("ix_search_entry_folded", ["folded"], postgresql_using="gin")
        batch_op.create_index("ix_search_entry_refs", ["refs"], postgresql_using="gin")
        batch_op.create_index(batch_op.f("ix_search_entry_symbol_key"), ["symbol_key"])
        batch_op.create_index(batch_op.f("ix_search_entry_symbol_short"), ["symbol_short"])
        batch_op.create_index(
            "ix_search_entry_symbol_trgm",
            ["symbol_text"],
            postgresql_using="gin",
            postgresql_ops={"symbol_text": "public.gin_trgm_ops"},
        )
        batch_op.create_index("ix_search_entry_type_number", ["doc_type", "number"])

    op.create_table(
        "search_term",
        sa.Column("term", sa.Text(), nullable=False),
        sa.Column("pair", sa.Boolean(), nullable=False),
        sa.Column("df", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_search_term")),
    )
    with op.batch_alter_table("search_term", schema=None) as batch_op:
        batch_op.create_index(
            "ix_search_term_word_trgm",
            ["term"],
            postgresql_using="gin",
            postgresql_ops={"term": "public.gin_trgm_ops"},
            postgresql_where=sa.text("NOT pair"),
        )


def downgrade():
    with op.batch_alter_table("search_term", schema=None) as batch_op:
        batch_op.drop_index("ix_search_term_word_trgm")
    op.drop_table("search_term")
    with op.batch_alter_table("search_entry", schema=None) as batch_op:
        for name in (
            "ix_search_entry_type_number",
            "ix_search_entry_symbol_trgm",
            "ix_search_entry_symbol_short",
            "ix_search_entry_symbol_key",
            "ix_search_entry_refs",
            "ix_search_entry_folded",
        ):
            batch_op.drop_index(name)
    op.drop_table("search_entry")
