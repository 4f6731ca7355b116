"""Where a page's milliseconds go: pyinstrument over each page of the page benchmark.

    python bench/profile_pages.py [--data DIR] [--repeat 20] [--page NAME]

Seeds and scales the demo once into ``DIR`` (a SQLite file and its index; kept, so a
second run starts at once), then renders each page ``--repeat`` times in-process through
the Flask test client as the commission reviewer under pyinstrument, and prints each
page's time per request, SQL statements per request and the profile's call tree. With
``--cached`` the page cache is on: what is timed is the page served again.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(Path(tempfile.gettempdir()) / "portal-profile"))
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--page", default="")
    parser.add_argument(
        "--time-only", action="store_true", help="time each page without the profiler"
    )
    parser.add_argument(
        "--cached",
        action="store_true",
        help="keep pages (the page cache): time the page served again, not its rendering",
    )
    args = parser.parse_args()
    data = Path(args.data)
    fresh = not (data / "portal.sqlite3").exists()
    data.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        {
            "SECRET_KEY": "profile",
            "DATABASE_URL": f"sqlite:///{data / 'portal.sqlite3'}",
            "SEARCH_INDEX_DIR": str(data / "index"),
            "UPLOAD_DIR": str(data / "uploads"),
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ.pop("PORTAL_ENV", None)
    os.environ["PAGE_CACHE"] = "1" if args.cached else "0"

    from pyinstrument import Profiler
    from sqlalchemy import event

    from bench.page_data import PASSWORD, scale_demo
    from bench.pages import pages_of
    from documents.db import db, write_intent
    from portal import create_app
    from portal.demo.seed import seed_demo

    app = create_app()
    with app.app_context():
        if fresh:
            with write_intent():
                db.create_all()
                seed_demo(db.session, date.today(), echo=lambda _: None)
                db.session.commit()
                scale_demo(db.session, date.today())
                db.session.commit()
            app.test_cli_runner().invoke(args=["reindex"])
        paths = pages_of(db.session)
    client = app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    token = page.split('name="csrf_token"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    client.post(
        "/auth/login", data={"username": "bandanvan", "password": PASSWORD, "csrf_token": token}
    )
    statements = [0]
    with app.app_context():
        event.listen(
            db.engine,
            "before_cursor_execute",
            lambda *a: statements.__setitem__(0, statements[0] + 1),
        )
    for name, path in paths.items():
        if args.page and args.page not in name:
            continue
        assert client.get(path).status_code == 200, path
        statements[0] = 0
        profiler = Profiler(interval=0.0005)
        started = time.perf_counter()
        if args.time_only:
            for _ in range(args.repeat):
                size = len(client.get(path).data)
        else:
            with profiler:
                for _ in range(args.repeat):
                    size = len(client.get(path).data)
        elapsed = (time.perf_counter() - started) / args.repeat
        print(
            f"\n=== {name} {path}: {elapsed * 1000:.1f} ms/request, "
            f"{statements[0] / args.repeat:.0f} statements/request, {size:,} bytes"
        )
        if not args.time_only:
            print(
                profiler.output_text(
                    unicode=False, color=False, show_all=bool(os.environ.get("PROFILE_ALL"))
                )
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
