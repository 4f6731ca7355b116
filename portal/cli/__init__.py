"""Command-line tools: ``flask --app wsgi <command>``, one module per subject.

- ``instance``: ``init-db``, ``create-user``;
- ``demo``: ``seed-demo``, ``run-demo`` (the demo data of ``make run``, ``portal.demo``);
- ``documents``: ``import-document``, ``import-documents``;
- ``followup``: ``remind``, ``report``;
- ``mail``: ``notifications drain``, ``notifications digest``;
- ``search``: ``reindex``, ``search drain``, ``search check``, ``create-token``;
- ``ocr``: ``ocr run``;
- ``units``: ``units reorganise``;
- ``backup``: ``backup``, ``restore`` (the folder format in ``backup_folder``).

The commands speak the language of their environment (``portal.i18n.environment_language``).
"""

from __future__ import annotations

from flask import Flask

from portal.cli.backup import backup_command, restore_command
from portal.cli.demo import run_demo, seed_demo
from portal.cli.documents import register_document_cli
from portal.cli.followup import register_followup_cli
from portal.cli.instance import create_user, init_db
from portal.cli.mail import register_mail_cli
from portal.cli.ocr import ocr_group
from portal.cli.search import register_search_cli
from portal.cli.units import register_units_cli


def register_cli(app: Flask) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(seed_demo)
    app.cli.add_command(run_demo)
    app.cli.add_command(create_user)
    register_search_cli(app)
    register_document_cli(app)
    register_followup_cli(app)
    register_mail_cli(app)
    app.cli.add_command(ocr_group)
    register_units_cli(app)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
