"""A PostgreSQL schema of its own for one fuzz run: ``create URL NAME`` prints the
DATABASE_URL that uses it; ``drop URL NAME`` removes it."""

from __future__ import annotations

import re
import sys
from urllib.parse import quote

from sqlalchemy import create_engine, text


def main(action: str, url: str, name: str) -> None:
    if not re.fullmatch(r"fuzz_[0-9_]+", name):
        raise SystemExit(f"not a fuzz schema: {name}")
    engine = create_engine(re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql+psycopg://", url))
    with engine.begin() as connection:
        if action == "create":
            connection.execute(text(f'CREATE SCHEMA "{name}"'))
        else:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
    engine.dispose()
    if action == "create":
        separator = "&" if "?" in url else "?"
        print(f"{url}{separator}options={quote(f'-csearch_path={name},public')}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
