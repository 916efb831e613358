"""Build, serve and browse the site: shared by the web tests and by ``python -m tests.web.screenshots``.

Everything here is bounded in time: a hung build, server or browser fails the run instead of stalling it.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shlex
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = PROJECT_ROOT / "data" / "events.yaml"
DATA_OVERRIDE_VARIABLE = "CULTURELINKS_WEB_DATA"

NODE_MODULES = PROJECT_ROOT / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

LANGUAGES = ("az", "ru", "en")
PREVIEW_PREFIX = "/pr-1"
KEY_PAGES = ["/"] + [f"/{language}/{page}" for language in LANGUAGES
                     for page in ("", "events/{event}/", "sources/", "about/", "people/", "people/gara-garayev/",
                                  "organisations/", "places/", "places/baku/", "data/", "changes/")]
"""The pages looked at in the browser: the chooser, then each language's timeline, an event, sources, about, the
people and organisations, a person, the map of the places and a place with its locator map, the Open data page and
the Changes page."""
BUILD_TIMEOUT_SECONDS = 240
BROWSER_TIMEOUT_MS = 15_000
SERVER_STOP_TIMEOUT_SECONDS = 10


def dataset_path() -> Path:
    """The real dataset, unless a developer points the suite elsewhere to try the harness on a fixture."""
    override = os.environ.get(DATA_OVERRIDE_VARIABLE)
    return Path(override).resolve() if override else DEFAULT_DATA


class BuildFailed(RuntimeError):
    """`culturelinks build` exited non-zero or timed out; the message carries its output."""


def build_command(output: Path, data: Path, base_url: str | None = None) -> list[str]:
    """The command a person runs, in a fresh interpreter (no reliance on a ``__main__`` in the package)."""
    command = [sys.executable, "-c", "from culturelinks.cli import main; main(prog_name='culturelinks')",
               "build", "--data", str(data), "--output", str(output)]
    if base_url is not None:
        command += ["--base-url", base_url]
    return command


def checkout_environment() -> dict[str, str]:
    """This checkout's ``src`` first on the path: an editable install may point at another work tree."""
    paths = [str(PROJECT_ROOT / "src"), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def build_sites(data: Path, outputs: dict[Path, str | None]) -> None:
    """Build into each output folder (with its base URL, or none) at once: parallel processes use both cores."""
    running = {}
    for output, base_url in outputs.items():
        command = build_command(output, data, base_url)
        running[shlex.join(["culturelinks", *command[3:]])] = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=checkout_environment(), stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace")
    deadline = time.monotonic() + BUILD_TIMEOUT_SECONDS
    failures = []
    for name, process in running.items():
        try:
            output, _ = process.communicate(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
            failures.append(f"{name}: no result after {BUILD_TIMEOUT_SECONDS} s\n{output}")
            continue
        if process.returncode != 0:
            failures.append(f"{name}: exit {process.returncode}\n{output}")
    if failures:
        raise BuildFailed("\n\n".join(failures))


def mount_sites(plain_site: Path, preview_site: Path, serve_root: Path) -> Path:
    """A folder serving the plain site at ``/`` and the preview under ``/pr-1/``, through symlinks."""
    serve_root.mkdir(parents=True, exist_ok=True)
    for entry in plain_site.iterdir():
        (serve_root / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    (serve_root / PREVIEW_PREFIX.strip("/")).symlink_to(preview_site, target_is_directory=True)
    return serve_root


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep test output for the tests."""


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) from a thread; yield its base URL without a trailing slash."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=SERVER_STOP_TIMEOUT_SECONDS)


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """Debian's Chromium, headless, driven by Playwright; never a downloaded browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
                                             timeout=BROWSER_TIMEOUT_MS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def open_page(browser, *, width: int = 1280, height: int = 800, javascript: bool = True) -> Iterator[object]:
    """A page in a context of its own (fresh cookies, its own viewport), closed afterwards."""
    context = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=javascript)
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    context.set_default_navigation_timeout(BROWSER_TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def event_in_every_language(site: Path) -> str:
    """The first event id (sorted) that has a page in all three languages: the one the browser tests open."""
    per_language = [{page.parent.name for page in (site / language / "events").glob("*/index.html")}
                    for language in LANGUAGES]
    shared = sorted(set.intersection(*per_language))
    if not shared:
        raise LookupError(f"no event has a page in all of {', '.join(LANGUAGES)} under {site}/<lang>/events/")
    return shared[0]
