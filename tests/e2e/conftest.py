"""A live portal on loopback and Debian's Chromium driven by Playwright.

One portal per test session: its own SQLite database, search index and uploads in a
temporary directory, filled by ``flask init-db`` and ``flask seed-demo``, served by
``flask run`` on a free port. The browser is the system's ``/usr/bin/chromium`` (never a
downloaded one); without it, or without Playwright, the browser tests skip with the reason.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
E2E = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
AXE = E2E / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = E2E / "screenshots"
PASSWORD = "demo-11-CT-TU"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
TIMEOUT_MS = 10_000


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: a browser test against a live portal (Chromium)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(E2E):
            item.add_marker(pytest.mark.e2e)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _flask(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )


def _wait_until_up(url: str, process: subprocess.Popen, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the portal stopped: {process.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the portal did not answer at {url}")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a demo portal running in a subprocess for the whole session."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
        )
    pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright for Python")
    home = tmp_path_factory.mktemp("portal")
    env = {k: v for k, v in os.environ.items() if k not in ("TEST_DATABASE_URL", "REDIS_URL")}
    env.update(
        DATABASE_URL=f"sqlite:///{home / 'portal.sqlite3'}",
        SEARCH_INDEX_DIR=str(home / "index"),
        UPLOAD_DIR=str(home / "uploads"),
        SECRET_KEY="e2e-secret-key-not-for-production",
        PORTAL_ENV="development",
        PYTHONWARNINGS="ignore",
    )
    _flask(env, "init-db")
    _flask(env, "seed-demo")
    port = _free_port()
    log = open(home / "server.log", "wb")  # noqa: SIM115 (closed after the session)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "flask",
            "--app",
            "wsgi",
            "run",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-reload",
            "--no-debugger",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{base}/auth/login", process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()
        log.close()


@pytest.fixture(scope="session")
def browser(live_server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_page(browser, live_server: str):
    """``new_page(viewport="desktop", bypass_csp=False)``: a page in a fresh context."""
    contexts = []

    def make(viewport: str = "desktop", bypass_csp: bool = False):
        context = browser.new_context(
            base_url=live_server,
            viewport=VIEWPORTS[viewport],
            locale="vi-VN",
            bypass_csp=bypass_csp,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def login(page, username: str, password: str = PASSWORD) -> None:
    """Log in through the form, as a person would."""
    page.goto("/auth/login")
    page.get_by_label(re.compile(r"^(Tên đăng nhập|Username)", re.I)).fill(username)
    page.get_by_label(re.compile(r"^(Mật khẩu|Password)", re.I)).fill(password)
    page.locator("main").get_by_role("button", name=re.compile(r"Đăng nhập|Log in", re.I)).click()
    page.wait_for_load_state()


def shoot(page, name: str) -> None:
    """Save a full-page screenshot at the page's viewport under ``screenshots/``."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def shoot_both(new_page, username: str | None, path: str, name: str) -> None:
    """The page at ``path`` for ``username`` at phone width (the desktop shot is taken by
    the journey itself)."""
    page = new_page("phone")
    if username:
        login(page, username)
    page.goto(path)
    shoot(page, f"{name}-phone")
