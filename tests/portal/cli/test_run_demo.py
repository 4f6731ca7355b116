"""``make run``: quiet installation, and a server that says where to log in once it
listens (issue 13, item 17)."""

from __future__ import annotations

import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

from portal.demo.data import DEMO_PASSWORD, USERS

ROOT = Path(__file__).resolve().parents[3]


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TEST_DATABASE_URL", "REDIS_URL")}
    env.update(
        DATABASE_URL=f"sqlite:///{home / 'portal.sqlite3'}",
        SEARCH_INDEX_DIR=str(home / "index"),
        UPLOAD_DIR=str(home / "uploads"),
        SECRET_KEY="run-demo-test",
        PORTAL_ENV="development",
        PORTAL_LANG="vi",
        PYTHONUNBUFFERED="1",
        PYTHONWARNINGS="ignore",
    )
    return env


def _flask(*args: str) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "wsgi", *args]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_run_demo_prints_the_address_and_demo_accounts_once_it_listens(tmp_path):
    env = _env(tmp_path)
    subprocess.run(_flask("init-db"), cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    process = subprocess.Popen(
        _flask("run-demo", "--port", str(port)),
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in process.stdout])
    reader.start()
    try:
        ready = lines.get(timeout=60)
        url = f"http://127.0.0.1:{port}/"
        assert "sẵn sàng" in ready and url in ready
        # Printed only once the port is open: the first request is answered.
        with urllib.request.urlopen(url + "auth/login", timeout=10) as response:  # noqa: S310
            assert response.status == 200
        accounts = lines.get(timeout=10)
        assert DEMO_PASSWORD in accounts
        assert all(user["username"] in accounts for user in USERS)
    finally:
        process.terminate()
        process.wait(timeout=10)
        reader.join(timeout=10)
        process.stdout.close()


def test_run_demo_on_a_taken_port_says_what_to_do(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            _flask("run-demo", "--port", str(port)),
            cwd=ROOT,
            env=_env(tmp_path),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode != 0
    assert f"Không mở được cổng {port}" in result.stderr
    assert "PORT=8080" in result.stderr
    assert "sẵn sàng" not in result.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_install_logs_pip_and_make_run_uses_run_demo(tmp_path):
    venv = tmp_path / "venv"
    dry = subprocess.run(
        ["make", "-n", "-B", f"VENV={venv}", f"{venv}/.installed-stamp", "run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    commands = dry.replace("\\\n", " ").splitlines()  # join continued lines
    pip_commands = [command for command in commands if "pip install" in command]
    assert pip_commands
    assert all(f">{venv}/install.log 2>&1" in command for command in pip_commands)
    assert all("tail" in command for command in pip_commands), "show the log on failure"
    assert "run-demo" in dry


def test_run_demo_refuses_a_production_configuration(tmp_path):
    env = {**_env(tmp_path), "PORTAL_ENV": "production"}
    result = subprocess.run(
        _flask("run-demo", "--port", str(_free_port())),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "make serve" in result.stderr and "sẵn sàng" not in result.stdout
