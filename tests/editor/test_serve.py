"""`culturelinks serve`: edits appear by themselves, broken edits show their problems, the server stops.

The server runs as a real subprocess on a free port; every wait is bounded and the process is always
stopped.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

OCAQ_EN = "The Ocaq Azerbaijani Cultural Society"
WAIT = 20.0


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_until(condition, what: str, timeout: float = WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"waited {timeout:.0f} s for {what}")


def first_status(url: str) -> dict:
    """The first server-sent event of the reload stream."""
    with urllib.request.urlopen(url + "__culturelinks__/events", timeout=5) as stream:
        for raw in stream:
            line = raw.decode("utf-8").strip()
            if line.startswith("data: "):
                return json.loads(line[len("data: "):])
    raise AssertionError("the stream ended without a status")


@pytest.fixture
def server(project: Path) -> Iterator[str]:
    process = subprocess.Popen([sys.executable, "-c", "from culturelinks.cli import main; main()", "serve",
                                "--port", "0"], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, bufsize=1)
    try:
        started = time.monotonic()
        for line in process.stdout:
            match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
            if match:
                break
            if time.monotonic() - started > 60:
                pytest.fail("serve did not start within 60 s")
        else:
            pytest.fail("serve exited before serving")
        drain = threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True)
        drain.start()  # keep reading, or a full pipe would block the server
        yield match.group(1)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        process.stdout.close()


def edit(project: Path, old: str, new: str) -> None:
    path = project / "data" / "events.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_edits_are_served_and_broken_edits_keep_the_last_good_site(server, project):
    page = server + "en/events/ocaq-society/"
    assert OCAQ_EN in fetch(page)[1]
    assert '<script src="/__culturelinks__/live.js" defer></script></body>' in fetch(page)[1]

    edit(project, OCAQ_EN, "The Ocaq Society, renamed")
    wait_until(lambda: "The Ocaq Society, renamed" in fetch(page)[1], "the edit to be served")
    version = first_status(server)["version"]

    edit(project, 'date: "1989-10"', "date: October 1989")
    problems = wait_until(lambda: first_status(server)["problems"], "the problems to be reported")
    assert problems[0]["headline"] == ("data/events.yaml:29:11: events[0].date: expected YYYY, YYYY-MM or "
                                       "YYYY-MM-DD, found 'October 1989'")
    status, body = fetch(page)
    assert status == 200 and "The Ocaq Society, renamed" in body  # the last good site stays served

    edit(project, "date: October 1989", 'date: "1989-10"')
    fixed = wait_until(lambda: (lambda s: s if not s["problems"] else None)(first_status(server)), "the fix")
    assert fixed["version"] > version


def fetch_bytes(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def book_text(book: bytes) -> str:
    import io

    import pypdf

    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(book)).pages).split())


def test_the_pdf_edition_follows_edits_when_serve_is_idle(server, project):
    """serve links each language's book from every page; a save's build makes none, and once it is idle the book
    shows the edit, with the footer giving its new size."""
    assert 'href="/en/chronology-en.pdf" type="application/pdf"' in fetch(server + "en/")[1]
    edit(project, OCAQ_EN, "The Ocaq Society, renamed")
    wait_until(lambda: "The Ocaq Society, renamed" in fetch(server + "en/events/ocaq-society/")[1], "the edit")

    def book_with_the_edit():
        status, book = fetch_bytes(server + "en/chronology-en.pdf")
        return book if status == 200 and "The Ocaq Society, renamed" in book_text(book) else None

    book = wait_until(book_with_the_edit, "the book to show the edit")
    size = f"{max(round(len(book) / 1e6, 1), 0.1):.1f} MB"
    wait_until(lambda: size in fetch(server + "en/")[1], f"the footer to give the book's size, {size}")


def test_unknown_paths_get_the_sites_404_page(server):
    status, body = fetch(server + "nowhere/")
    assert status == 404 and "<html" in body


def test_an_open_tab_reloads_by_itself_and_shows_problems(server, project, open_page):
    from playwright.sync_api import expect

    with open_page() as page:
        page.goto(server + "en/events/ocaq-society/")
        page.wait_for_function("() => window.culturelinksLiveVersion !== undefined", timeout=10_000)
        edit(project, OCAQ_EN, "Ocaq, edited while the tab was open")
        expect(page.locator("h1")).to_have_text("Ocaq, edited while the tab was open", timeout=WAIT * 1000)

        page.wait_for_function("() => window.culturelinksLiveVersion !== undefined", timeout=10_000)
        edit(project, "    type: society\n", "    type: societyy\n")
        overlay = page.locator("#culturelinks-problems")
        expect(overlay).to_contain_text("data/events.yaml:30:11: events[0].type: unknown type 'societyy'",
                                        timeout=WAIT * 1000)
        expect(page.locator("h1")).to_have_text("Ocaq, edited while the tab was open")

        edit(project, "    type: societyy\n", "    type: society\n")
        expect(overlay).to_have_count(0, timeout=WAIT * 1000)


def test_any_build_failure_is_shown_and_the_next_save_rebuilds():
    from culturelinks.serve.server import LiveSite

    outcomes = iter([RuntimeError("unexpected '}' in templates/event.html"), None])

    def build(pages_ready):
        outcome = next(outcomes)
        if outcome:
            raise outcome
        pages_ready()

    live = LiveSite(build)
    failed = live.rebuild()
    assert failed.version == 0
    assert failed.problems[0]["headline"] == "RuntimeError: unexpected '}' in templates/event.html"
    fixed = live.rebuild()
    assert (fixed.version, fixed.problems) == (1, [])


def test_clients_that_leave_are_not_errors_and_a_burst_is_answered(project: Path):
    """Browsers drop connections all the time (a reload, a closed tab): no traceback for that; and 200 requests
    at once are all answered (the listen backlog is not the default 5, which left most waiting for SYN retries
    of up to 31 s). Each request may take up to 10 s here, however loaded the machine."""
    import socket
    import struct
    from concurrent.futures import ThreadPoolExecutor

    process = subprocess.Popen([sys.executable, "-c", "from culturelinks.cli import main; main()", "serve",
                                "--port", "0"], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    errors: list[str] = []
    drain: threading.Thread | None = None
    try:
        for line in process.stdout:
            match = re.search(r"at http://127\.0\.0\.1:(\d+)/", line)
            if match:
                break
        else:
            pytest.fail("serve exited before serving")
        port = int(match.group(1))
        drain = threading.Thread(target=lambda: errors.extend(process.stderr), daemon=True)
        drain.start()
        big = next(path for path in sorted((project / "output" / "pagefind").glob("wasm.*")))
        for _ in range(20):  # ask for a large file and leave at once, resetting the connection
            client = socket.create_connection(("127.0.0.1", port), timeout=10)
            client.sendall(f"GET /pagefind/{big.name} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            client.close()

        def get(number: int) -> int:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/?n={number}", timeout=10) as response:
                return response.status

        with ThreadPoolExecutor(200) as pool:
            statuses = list(pool.map(get, range(200)))
        assert statuses == [200] * 200
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()
        if drain is not None:
            drain.join(timeout=10)
        process.stderr.close()
    text = "".join(errors)
    assert "Traceback" not in text and "BrokenPipeError" not in text and "ConnectionResetError" not in text, text
