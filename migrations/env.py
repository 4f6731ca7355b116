"""Alembic environment: migrations run against the portal's own engine and metadata.

The app (and with it every model module) is loaded by Flask-Migrate before this runs;
``render_as_batch`` and ``compare_type`` come from ``portal.extensions.migrate``.
"""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
# Keep the portal's own loggers: only configure alembic's.
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

migrate_ext = current_app.extensions["migrate"]
engine = migrate_ext.db.engine
config.set_main_option(
    "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
)
metadata = migrate_ext.db.metadata


def run_migrations_offline() -> None:
    """Emit the SQL of the migrations instead of running them (``--sql``)."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"), target_metadata=metadata, literal_binds=True
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    def skip_empty_revision(_context, _revision, directives):  # type: ignore[no-untyped-def]
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    arguments = dict(migrate_ext.configure_args)
    arguments.setdefault("process_revision_directives", skip_empty_revision)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A batch migration rebuilds a table (copy, drop, rename); with foreign keys
            # enforced, dropping a table that other rows refer to fails. SQLite's own
            # procedure turns them off outside the transaction and checks them after.
            _sqlite_foreign_keys(connection, on=False)
        try:
            context.configure(connection=connection, target_metadata=metadata, **arguments)
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"foreign keys broken by the migration: {broken[:5]}")
        finally:
            if sqlite:
                _sqlite_foreign_keys(connection, on=True)


def _sqlite_foreign_keys(connection, *, on: bool) -> None:  # type: ignore[no-untyped-def]
    """Set SQLite's foreign key enforcement on the raw connection, outside any transaction."""
    connection.connection.dbapi_connection.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
