"""Page benchmark: the portal's pages against a bare Flask page of the same size, one run.

    python bench/pages.py [--seconds 10] [--clients 8] [--workers 2] [--database-url URL]

Makes a fresh instance (a temporary SQLite file, or a fresh schema in the PostgreSQL
database given), seeds the demo and scales it (``bench/page_data.py``: 150 units on
11-CT/TU, 200 more directives over 10 years, plans with their workflow history), rebuilds
the search index, and starts gunicorn with 2 workers. Logged in as the commission
reviewer (``bandanvan``), wrk (Debian's ``wrk``) drives each page with 8 connections for
``--seconds``; the bare page (``bench/bare_app.py``, same gunicorn settings) is measured
in the same run at the median size of the portal's pages, before and after them, and
each page's share is taken against the mean of the two. Each page is measured twice: as
served (the same session asking again finds its page kept, ``portal.page_cache``) and
rendered every time (a second portal with ``PAGE_CACHE=0``, same data, same gunicorn).
Prints the table and writes JSON to ``bench/results/pages-<backend>-<time>.json``. Exits
1 on any non-2xx answer.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PASSWORD = "demo-11-CT-TU"
REVIEWER = "bandanvan"

PREPARE = """
import json
from datetime import date
from bench.page_data import scale_demo
from bench.pages import pages_of
from documents.db import db, write_intent
from portal import create_app
app = create_app()
with app.app_context(), write_intent():
    counts = scale_demo(db.session, date.today())
    db.session.commit()
    pages = pages_of(db.session)
    if db.engine.dialect.name == "postgresql":
        # What autovacuum does on a live server within a minute of a bulk load: the
        # statistics and the visibility map that index-only counts need.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in db.metadata.sorted_tables:
                conn.exec_driver_sql(f'VACUUM ANALYZE "{table.name}"')
print(json.dumps({"counts": counts, "pages": pages}))
"""


def pages_of(session) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The measured pages: name -> path (the plan is a submitted plan of 11-CT/TU)."""
    from documents.models import Document, Plan

    directive = session.query(Document).filter_by(symbol="11-CT/TU").one()
    plan = (
        session.query(Plan)
        .filter(Plan.assignment.has(document_id=directive.id), Plan.state == "submitted")
        .order_by(Plan.id)
        .first()
    )
    return {
        "home": "/",
        "plan": f"/plans/{plan.id}",
        'search "chi thi 11"': "/search?q=chi+thi+11",
        "inbox": "/inbox/",
        "coverage matrix": f"/assignments/documents/{directive.id}/coverage",
        "document 11-CT/TU": f"/documents/{directive.id}",
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def flask(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def prepare(env: dict[str, str]) -> dict:
    flask(env, "init-db")
    flask(env, "seed-demo")
    out = subprocess.run(
        [sys.executable, "-c", PREPARE],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    flask(env, "reindex")
    return json.loads(out.stdout.strip().splitlines()[-1])


def gunicorn(
    env: dict[str, str], app: str, port: int, workers: int, chdir: Path
) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "--chdir",
            str(chdir),
            app,
        ],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)},
    )


def wait_for(url: str) -> None:
    for _ in range(200):
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} never answered")


def login(base: str) -> str:
    """The session cookie of the reviewer, as a Cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + "/auth/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    data = {
        "username": REVIEWER,
        "password": PASSWORD,
        "csrf_token": token.group(1) if token else "",
    }
    opener.open(base + "/auth/login", data=urllib.parse.urlencode(data).encode())
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
    if "session" not in cookies:
        raise RuntimeError("login as the reviewer failed")
    return cookies


def fetch(url: str, cookie: str) -> bytes:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"{url}: {error.code}") from None


def wrk(url: str, cookie: str, seconds: float, clients: int) -> dict:
    args = ["wrk", "-t", "2", "-c", str(clients), "-d", f"{max(1, round(seconds))}s", "--latency"]
    args += ["--timeout", "30s"]  # wrk's 2 s default drops slow answers from the figures
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*args, url], check=True, capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {
        p: _ms(value, unit)
        for p, value, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    }
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    return {
        "rps": rate,
        "p50_ms": latency.get("50"),
        "p99_ms": latency.get("99"),
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(0) if errors else "",
    }


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default=os.environ.get("PAGES_DATABASE_URL"))
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk (or `make system-deps` as root)")
        return 2

    workdir = Path(tempfile.mkdtemp(prefix="portal-pages-"))
    env = {
        **os.environ,
        "SECRET_KEY": "pages-bench",
        "PYTHONPATH": str(ROOT),
        "SEARCH_INDEX_DIR": str(workdir / "index"),
        "UPLOAD_DIR": str(workdir / "uploads"),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("PORTAL_ENV", None)  # plain-HTTP cookies: production ones need HTTPS
    schema = ""
    if args.database_url:
        schema = f"pages_{uuid.uuid4().hex[:8]}"
        subprocess.run(["psql", args.database_url, "-qc", f"CREATE SCHEMA {schema}"], check=True)
        env["DATABASE_URL"] = args.database_url
        env["PGOPTIONS"] = f"-csearch_path={schema}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'pages.sqlite3'}"
    backend = "postgresql" if args.database_url else "sqlite"

    started = time.monotonic()
    data = prepare(env)
    print(f"data: {data['counts']} ({time.monotonic() - started:.0f} s)", flush=True)
    pages = data["pages"]
    port, bare_port, rendered_port = free_port(), free_port(), free_port()
    portal = gunicorn(env, "wsgi:app", port, args.workers, ROOT)
    rendering = gunicorn({**env, "PAGE_CACHE": "0"}, "wsgi:app", rendered_port, args.workers, ROOT)
    bare = gunicorn(env, "bare_app:app", bare_port, args.workers, ROOT / "bench")
    base, bare_base = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{bare_port}"
    rendered_base = f"http://127.0.0.1:{rendered_port}"
    rows: dict[str, dict] = {}
    try:
        wait_for(base + "/healthz")
        wait_for(rendered_base + "/healthz")
        wait_for(f"{bare_base}/100")
        cookie = login(base)  # the same signed cookie is good on both portals
        sizes = {name: len(fetch(base + path, cookie)) for name, path in pages.items()}
        size = int(statistics.median(sizes.values()))
        bare_url = f"{bare_base}/{size}"
        bare_size = len(fetch(bare_url, ""))
        runs = [wrk(bare_url, "", args.seconds, args.clients)]
        fetch(bare_url, "")
        for name, path in pages.items():
            rows[name] = {"path": path, "bytes": sizes[name]}
            rows[name].update(wrk(base + path, cookie, args.seconds, args.clients))
            # Requests wrk left queued are still served after it stops: wait for them, so
            # a slow page's backlog is not counted against the next one.
            fetch(base + path, cookie)
            rows[name]["rendered"] = wrk(rendered_base + path, cookie, args.seconds, args.clients)
            fetch(rendered_base + path, cookie)
        runs.append(wrk(bare_url, "", args.seconds, args.clients))
    finally:
        for server in (portal, rendering, bare):
            server.terminate()
            server.wait(timeout=30)
        if schema:
            subprocess.run(
                ["psql", args.database_url, "-qc", f"DROP SCHEMA {schema} CASCADE"], check=False
            )
        shutil.rmtree(workdir, ignore_errors=True)

    bare_rps = statistics.mean(r["rps"] for r in runs)
    bare_row = {
        "path": f"/{size}",
        "bytes": bare_size,
        "rps": bare_rps,
        "p50_ms": statistics.mean(r["p50_ms"] for r in runs),
        "p99_ms": statistics.mean(r["p99_ms"] for r in runs),
        "runs": runs,
        "non_2xx": sum(r["non_2xx"] for r in runs),
    }
    for row in rows.values():
        row["share"] = row["rps"] / bare_rps
        row["rendered"]["share"] = row["rendered"]["rps"] / bare_rps
    print(
        f"\nbackend={backend} workers={args.workers} clients={args.clients} "
        f"seconds={args.seconds:g} cores={os.cpu_count()} load={os.getloadavg()[0]:.1f}"
    )
    print(
        "| page | bytes | served: requests/s | share of bare | p50 / p99 ms "
        "| rendered each time: requests/s | share | p50 / p99 ms |\n"
        "|---|---|---|---|---|---|---|---|"
    )
    print(
        f"| bare Flask page ({bare_size} B) | {bare_size} | {bare_rps:,.0f} | 100% | "
        f"{bare_row['p50_ms']:.1f} / {bare_row['p99_ms']:.1f} | | | |"
    )
    for name, row in rows.items():
        again = row["rendered"]
        print(
            f"| {name} | {row['bytes']} | {row['rps']:,.0f} | {row['share']:.0%} | "
            f"{row['p50_ms']:.1f} / {row['p99_ms']:.1f} | {again['rps']:,.0f} | "
            f"{again['share']:.0%} | {again['p50_ms']:.1f} / {again['p99_ms']:.1f} |"
        )
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    out = RESULTS / f"pages-{backend}-{stamp}.json"
    out.write_text(
        json.dumps(
            {
                "backend": backend,
                "workers": args.workers,
                "clients": args.clients,
                "seconds": args.seconds,
                "loadavg_after": os.getloadavg(),
                "data": data["counts"],
                "bare": bare_row,
                "pages": rows,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    print(f"written {out.relative_to(ROOT)}")
    failed = bare_row["non_2xx"] + sum(
        r["non_2xx"] + r["rendered"]["non_2xx"] for r in rows.values()
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
