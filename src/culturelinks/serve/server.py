"""``culturelinks serve``: build, serve with Pelican's handler, rebuild on change, reload open tabs.

Pelican's own ``ComplexHTTPRequestHandler`` serves the built site; ``watchfiles`` (Pelican's own
watcher) reports edits. Two small additions make the loop instant: every HTML page served gets a
script that listens to a server-sent-events stream, and the stream says when a rebuild finished
(the page reloads itself) or failed (the page shows the problems over the last good site, which
stays served because builds are atomic).
"""

from __future__ import annotations

import io
import json
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from http import HTTPStatus
from pathlib import Path
from socketserver import ThreadingMixIn

import watchfiles
from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

from ..errors import CulturelinksError, DataError, Problem

LIVE_PREFIX = "/__culturelinks__/"
CLIENT_SCRIPT = Path(__file__).with_name("live.js")
HEARTBEAT_SECONDS = 15.0


@dataclass
class BuildStatus:
    """What the open tabs need to know: which build they show and what is wrong now, if anything."""

    version: int = 0
    problems: list[dict] = field(default_factory=list)

    def as_json(self) -> str:
        return json.dumps({"version": self.version, "problems": self.problems}, ensure_ascii=False)


class LiveSite:
    """Rebuilds on demand and tells waiting streams about it.

    ``build(pages_ready)`` calls ``pages_ready()`` as soon as the new pages are in place (the search
    index follows): open tabs reload then, not after the whole build.
    """

    def __init__(self, build: Callable[[Callable[[], None]], object]):
        self._build = build
        self._changed = threading.Condition()
        self.status = BuildStatus()

    def _publish(self, status: BuildStatus) -> None:
        with self._changed:
            self.status = status
            self._changed.notify_all()

    def rebuild(self) -> BuildStatus:
        version = self.status.version + 1
        try:
            self._build(lambda: self._publish(BuildStatus(version, [])))
        except DataError as exc:
            self._publish(BuildStatus(self.status.version, [_problem_json(p) for p in exc.problems]))
        except CulturelinksError as exc:
            self._publish(BuildStatus(self.status.version, [{"headline": exc.message,
                                                             "hint": "fix it and save: the site rebuilds"}]))
        except Exception as exc:  # noqa: BLE001 - a broken template must not stop the dev server's watcher
            self._publish(BuildStatus(self.status.version, [{"headline": f"{type(exc).__name__}: {exc}",
                                                             "hint": "fix it and save: the site rebuilds"}]))
        else:
            if self.status.version != version or self.status.problems:  # a build with nothing to bring in
                self._publish(BuildStatus(version, []))
        return self.status

    def wake_streams(self) -> None:
        """Wake every stream waiting for a change (the server stops: they see it and end)."""
        with self._changed:
            self._changed.notify_all()

    def wait_for_change(self, seen: BuildStatus, timeout: float) -> BuildStatus:
        with self._changed:
            self._changed.wait_for(lambda: self.status is not seen, timeout)
            return self.status


def _problem_json(problem: Problem) -> dict:
    return {**asdict(problem), "severity": problem.severity.value, "headline": problem.headline()}


class LiveHandler(ComplexHTTPRequestHandler):
    """Pelican's handler, plus the reload stream, the client script, script injection and a real 404."""

    live: LiveSite
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        path = self.path.split("?", 1)[0]
        if path == LIVE_PREFIX + "events":
            return self._stream()
        if path == LIVE_PREFIX + "live.js":
            return self._send(CLIENT_SCRIPT.read_bytes(), "text/javascript; charset=utf-8")
        if not self.get_path_that_exists(path):
            return self._not_found()
        return super().do_GET()

    def send_head(self):
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the base class redirects to the slashed URL
            target = target / "index.html"
        if target.suffix != ".html" or not target.is_file():
            return super().send_head()
        body = _with_live_script(target.read_bytes())
        self._headers(HTTPStatus.OK, "text/html; charset=utf-8", len(body))
        return io.BytesIO(body)

    def _not_found(self) -> None:
        page = Path(self.base_path) / "404.html"
        body = _with_live_script(page.read_bytes()) if page.is_file() else b"Not found"
        self._headers(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", len(body))
        self.wfile.write(body)

    def _send(self, body: bytes, content_type: str) -> None:
        self._headers(HTTPStatus.OK, content_type, len(body))
        self.wfile.write(body)

    def _headers(self, status: HTTPStatus, content_type: str, length: int) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()

    def _stream(self) -> None:
        """Server-sent events: the status now, then every change, until the tab goes away."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        status = self.live.status
        try:
            self.wfile.write(f"data: {status.as_json()}\n\n".encode())
            self.wfile.flush()
            while not getattr(self.server, "stopping", False):
                changed = self.live.wait_for_change(status, HEARTBEAT_SECONDS)
                message = f"data: {changed.as_json()}\n\n" if changed is not status else ": heartbeat\n\n"
                status = changed
                self.wfile.write(message.encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, msg_format, *args) -> None:
        pass  # a dev server's access log drowns the build messages


def _with_live_script(html: bytes) -> bytes:
    tag = f'<script src="{LIVE_PREFIX}live.js" defer></script>'.encode()
    at = html.rfind(b"</body>")
    return html[:at] + tag + html[at:] if at != -1 else html + tag


class LiveServer(ThreadingMixIn, RootedHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    stopping = False
    #: The listen backlog: a browser opens dozens of connections at once (a page, its styles, scripts and search
    #: files, in several tabs); with socketserver's 5, the rest waited for the client's SYN retries (up to 31 s).
    request_queue_size = 1024

    def handle_error(self, request, client_address) -> None:
        """A client that leaves before its answer is sent (a reload, a closed tab) is not an error."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def make_server(output: Path, live: LiveSite, port: int, host: str = "127.0.0.1") -> LiveServer:
    """A server for ``output``; its handler class is private to it (Pelican's server sets class state)."""
    handler = type("Handler", (LiveHandler,), {"live": live})
    return LiveServer(str(output), (host, port), handler)


def watch(paths: Iterable[Path], on_change: Callable[[set], None], stop: threading.Event) -> None:
    """Call ``on_change`` with each batch of changes under ``paths`` until ``stop`` is set."""
    existing = [str(p) for p in paths if p.exists()]
    for changes in watchfiles.watch(*existing, stop_event=stop, debounce=50, step=20, rust_timeout=500,
                                    yield_on_timeout=False, raise_interrupt=False):
        on_change(changes)


@dataclass
class DevServer:
    """The whole loop: a server thread and a watcher thread around one LiveSite."""

    output: Path
    watched: tuple[Path, ...]
    build: Callable[[Callable[[], None]], object]
    port: int = 8000
    on_rebuild: Callable[[BuildStatus], None] = lambda status: None
    #: Told each batch of changes (watchfiles' ``(change, path)`` pairs) before the rebuild it causes.
    notice: Callable[[set], None] = lambda changes: None

    def __post_init__(self) -> None:
        self.live = LiveSite(self.build)
        self.stop_event = threading.Event()
        self.server: LiveServer | None = None
        self.threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        assert self.server is not None, "start() first"
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> BuildStatus:
        status = self.live.rebuild()
        self.output.mkdir(parents=True, exist_ok=True)
        self.server = make_server(self.output, self.live, self.port)
        self.threads = [threading.Thread(target=self.server.serve_forever, name="serve", daemon=True),
                        threading.Thread(target=watch, args=(self.watched, self._changed, self.stop_event),
                                         name="watch", daemon=True)]
        for thread in self.threads:
            thread.start()
        return status

    def _changed(self, changes: set) -> None:
        self.notice(changes)
        self.on_rebuild(self.live.rebuild())

    def stop(self) -> None:
        self.stop_event.set()
        if self.server is not None:
            self.server.stopping = True
            self.live.wake_streams()
            self.server.shutdown()
            self.server.server_close()
        for thread in self.threads:
            thread.join(timeout=5)
