"""Load run: the three journeys with concurrent clients against gunicorn on loopback.

    python bench/load.py [--clients 20] [--seconds 60] [--database-url URL] [--workers 4]

It makes a fresh instance (a temporary SQLite file, or a fresh schema in the PostgreSQL
database given; ``SEARCH_BACKEND=postgres`` in the environment searches in it too),
loads the demo data plus one drafter and one plan per assigned unit,
starts gunicorn with N workers on 127.0.0.1, and runs the clients: a third are unit
drafters (home, their plan, submit or report), a third commission reviewers (waiting
list, review or return with a comment), a third readers (searches, document pages).
Every transition carries a unique comment; at the end the history must hold each one
the clients saw succeed exactly once. Prints throughput and p50/p95 per page; exits 1
on any 5xx or lost transition.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "demo-11-CT-TU"
QUERIES = [
    "chi thi 11",
    "11-CT/TU",
    "đoàn viên",
    "hoi vien",
    "nghị quyết 25",
    "CT 11",
    "chuong trinh hanh dong 40",
    "củng cố chi hội",
    "ke hoach thuc hien",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    def __init__(self, base: str, stats: Stats) -> None:
        self.base = base
        self.stats = stats
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar), NoRedirect()
        )

    def request(self, label: str, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
        self.stats.record(label, status, time.perf_counter() - started)
        return status, text

    def login(self, username: str) -> None:
        _, html = self.request("login page", "/auth/login")
        status, _ = self.request(
            "login",
            "/auth/login",
            {"username": username, "password": PASSWORD, "csrf_token": csrf(html)},
        )
        if status != 302:
            raise RuntimeError(f"login of {username} failed: {status}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def csrf(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    return match.group(1) if match else ""


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[int, int] = defaultdict(int)
        self.succeeded: list[str] = []  # comments of transitions answered with 302

    def record(self, label: str, status: int, seconds: float) -> None:
        with self.lock:
            self.times[label].append(seconds)
            self.statuses[status] += 1


def fire(client: Client, plan_id: int, html: str, name: str) -> None:
    version = re.search(r'name="version" value="(\d+)"', html)
    if not version:
        return
    token = f"load-{uuid.uuid4().hex}"
    data = {
        "csrf_token": csrf(html),
        "version": version.group(1),
        "comment": token,
        "report_text": f"Báo cáo kết quả {token}",
    }
    status, _ = client.request(f"POST {name}", f"/plans/{plan_id}/transitions/{name}", data)
    if status == 302:
        with client.stats.lock:
            client.stats.succeeded.append(token)


def drafter_journey(client: Client, plan_id: int) -> None:
    client.request("home", "/")
    _, html = client.request("plan", f"/plans/{plan_id}")
    for name in ("submit", "report"):
        if f"/transitions/{name}" in html:
            fire(client, plan_id, html, name)
            return


def reviewer_journey(client: Client) -> None:
    _, home = client.request("home", "/")
    waiting = re.findall(r'href="/plans/(\d+)"', home.split("Kế hoạch chờ duyệt", 1)[-1])
    if not waiting:
        return
    plan_id = int(random.choice(waiting))
    _, html = client.request("plan", f"/plans/{plan_id}")
    fire(client, plan_id, html, random.choice(["review", "review", "return"]))


def reader_journey(client: Client) -> None:
    _, page = client.request(
        "search", "/search?" + urllib.parse.urlencode({"q": random.choice(QUERIES)})
    )
    documents = re.findall(r'href="(/documents/\d+)"', page)
    if documents:
        client.request("document", random.choice(documents))


def prepare(env: dict[str, str]) -> list[tuple[str, int]]:
    """Demo data plus one drafter and one plan per assigned unit; returns (user, plan)."""
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "init-db"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "seed-demo"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    code = """
import json
from documents.db import db, write_intent
from documents.models import Assignment, User, UserRole
from documents.passwords import hash_password
from documents.plans import PlanInput, create_plan
from portal import create_app
from workflows.definitions import PLAN_WORKFLOW
app = create_app()
pairs = []
with app.app_context(), write_intent():
    hashed = hash_password("demo-11-CT-TU")
    for a in db.session.scalars(db.select(Assignment)):
        name = "load." + a.unit.code
        user = User(username=name, full_name=name, password_hash=hashed, unit=a.unit,
                    roles=[UserRole(unit=a.unit, role="drafter")])
        db.session.add(user)
        db.session.flush()
        plan = a.plan or create_plan(db.session, a, user, PlanInput("Kế hoạch " + name, "Nội dung"),
                                     initial_state=PLAN_WORKFLOW.initial)
        pairs.append((name, plan.id))
    db.session.commit()
print(json.dumps(pairs))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return [tuple(p) for p in json.loads(out.stdout.strip().splitlines()[-1])]


def lost_transitions(env: dict[str, str], tokens: list[str]) -> tuple[int, int]:
    code = """
import json, sys
from collections import Counter
from documents.db import db
from portal import create_app
from workflows.models import WorkflowEvent
app = create_app()
with app.app_context():
    seen = Counter(c for (c,) in db.session.execute(db.select(WorkflowEvent.comment)))
tokens = json.load(sys.stdin)
print(json.dumps([sum(1 for t in tokens if seen[t] == 0), sum(1 for t in tokens if seen[t] > 1)]))
"""
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        input=json.dumps(tokens),
        check=True,
        capture_output=True,
        text=True,
    )
    lost, doubled = json.loads(out.stdout.strip().splitlines()[-1])
    return lost, doubled


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database-url", default=os.environ.get("LOAD_DATABASE_URL"))
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="portal-load-"))
    env = {
        **os.environ,
        "SECRET_KEY": "load-test",
        "PYTHONPATH": str(ROOT),
        "SEARCH_INDEX_DIR": str(workdir / "index"),
        "UPLOAD_DIR": str(workdir / "uploads"),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("PORTAL_ENV", None)  # plain-HTTP cookies: production ones need HTTPS
    if args.database_url:
        schema = f"load_{uuid.uuid4().hex[:8]}"
        subprocess.run(["psql", args.database_url, "-qc", f"CREATE SCHEMA {schema}"], check=True)
        env["DATABASE_URL"] = args.database_url
        env["PGOPTIONS"] = f"-csearch_path={schema}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'load.sqlite3'}"
    backend = "postgresql" if args.database_url else "sqlite"
    pairs = prepare(env)
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(args.workers)},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5)
                break
            except OSError:  # refused, reset or timed out while the workers boot
                time.sleep(0.2)
        stats = Stats()
        deadline = time.monotonic() + args.seconds
        errors: list[str] = []

        def run(index: int) -> None:
            client = Client(base, stats)
            role = index % 3
            try:
                if role == 0:
                    username, plan_id = pairs[index % len(pairs)]
                    client.login(username)
                elif role == 1:
                    client.login("bandanvan")
                else:
                    client.login("docgia")
                while time.monotonic() < deadline:
                    if role == 0:
                        drafter_journey(client, plan_id)
                    elif role == 1:
                        reviewer_journey(client)
                    else:
                        reader_journey(client)
            except Exception as error:  # a crashed client is a finding, not a stop
                errors.append(f"client {index}: {error!r}")

        threads = [threading.Thread(target=run, args=(i,)) for i in range(args.clients)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    lost, doubled = lost_transitions(env, stats.succeeded)
    if args.database_url:
        subprocess.run(
            ["psql", args.database_url, "-qc", f"DROP SCHEMA {schema} CASCADE"], check=False
        )
    total = sum(stats.statuses.values())
    server_errors = sum(n for code, n in stats.statuses.items() if code >= 500)
    search = env.get("SEARCH_BACKEND", "whoosh")
    print(
        f"backend={backend} search={search} workers={args.workers} clients={args.clients} "
        f"seconds={elapsed:.0f}"
    )
    print(f"requests={total} throughput={total / elapsed:.1f}/s statuses={dict(stats.statuses)}")
    print(f"{'page':<16}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}")
    for label, times in sorted(stats.times.items()):
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(
            f"{label:<16}{len(times):>7}{statistics.median(times) * 1000:>9.1f}{p95 * 1000:>9.1f}"
        )
    print(
        f"transitions succeeded={len(stats.succeeded)} lost={lost} doubled={doubled} "
        f"5xx={server_errors} client_errors={len(errors)}"
    )
    for line in errors[:5]:
        print(line)
    return 1 if server_errors or lost or doubled or errors else 0


if __name__ == "__main__":
    sys.exit(main())
