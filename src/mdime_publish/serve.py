"""Source changes to live pages: the preview server behind `mdime serve`.

Each report's HTML edition is built in memory and served on 127.0.0.1 at
`/<recipient>/<benefactor>.html`, with an index of the reports at `/`. A
background thread polls the modification times of every input of every report
(its source, authors.yaml, its .bib files, images, content/series.yaml, the
style folders) about three times a second and rebuilds a report whose inputs
changed. A build that fails serves a panel listing its problems instead.

Reload: the served page (never the built file) carries a short script that
opens an EventSource on `/__events?page=KEY`. The server sends the page's
current version, a digest of what it would serve, at once and after each
change; the script reloads when that differs from the version it was served
with, so a rebuild that lands before the script connects is not missed, and a
rebuild that changes nothing reloads nothing.

The standard library's ThreadingHTTPServer is enough: four routes, GET only,
one local reader, and Server-Sent Events are plain HTTP that a thread per
connection can hold open. A web framework would add a dependency and nothing
this needs.

Guards, since any web page the user visits can make the browser send requests to
127.0.0.1: a request whose Host header is not this server's own address (DNS
rebinding) gets 421 Misdirected Request; a connection idle or half-sent for
IDLE_SECONDS is closed; at most MAX_CONNECTIONS are served at once, and one more
gets 503 at once instead of a thread.
"""

from __future__ import annotations

import hashlib
import html
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from mdime_publish.errors import Problem, ReportError, error
from mdime_publish.pipeline import Workspace, load_report
from mdime_publish.style_files import styles_dirs

POLL_SECONDS = 0.3
IDLE_SECONDS = 10.0  # longest wait for a request's next bytes, or for a client to take a response
MAX_CONNECTIONS = 32  # open pages (one event stream each) and requests in flight
PING_SECONDS = 15.0
INDEX = ""  # the index page's key among the pages

RELOAD_SCRIPT = """<script nonce="{nonce}">(function () {{
  var served = {version};
  var events = new EventSource("/__events?page=" + encodeURIComponent({key}));
  events.onmessage = function (e) {{ if (e.data !== served) {{ events.close(); location.reload(); }} }};
}})();</script>
"""

PANEL_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1a1a1a; }}
.problems {{ border: 2px solid #b00020; border-radius: 6px; background: #fff4f4; padding: 1rem 1.5rem; }}
.problems h1 {{ color: #b00020; font-size: 1.3rem; margin: 0 0 .5rem; }}
.problems li {{ margin: .4rem 0; }}
.problems code {{ font-weight: 600; }}
.hint {{ color: #555; }}
</style></head>
<body><section class="problems" role="alert"><h1>{title}</h1><ul>
{items}
</ul><p class="hint">Fix the source and save; this page reloads itself.</p></section>
</body></html>
"""

INDEX_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>M-DIME reports</title>
<style>body {{ font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 40rem; }}
.failed {{ color: #b00020; }}</style></head>
<body><h1>M-DIME reports</h1><ul>
{items}
</ul></body></html>
"""


@dataclass
class Page:
    """One report's latest build: the HTML it serves and what it was built from."""

    key: str  # "<recipient>/<benefactor>"
    workspace: Path
    source: Path
    body: str = ""
    title: str = ""  # the report's title, from its last successful load
    errors: int = 0
    stamps: dict[Path, int | None] = field(default_factory=dict)  # input -> mtime_ns when built


class Preview:
    """A bound server, its pages and the thread that keeps them current."""

    def __init__(self, targets: list[tuple[Workspace, Path]], port: int, log: Callable[[str], None]):
        self.log = log
        self.pages = {_key(path): Page(_key(path), ws.root, path) for ws, path in targets}
        self.published: dict[str, tuple[str, str]] = {}  # key -> (body, version); INDEX for the index
        self.changed = threading.Condition()
        self.stopping = threading.Event()
        self.server = _Server(("127.0.0.1", port), _handler(self))
        bound = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{bound}/"
        self.hosts = {f"{name}:{bound}" for name in ("127.0.0.1", "localhost", "[::1]")}
        if bound == 80:
            self.hosts |= {"127.0.0.1", "localhost", "[::1]"}
        self._serving = False
        self._watcher = threading.Thread(target=self._watch, name="mdime-serve-watch", daemon=True)

    def start(self) -> Preview:
        self.log(f"serving {self.url} (Ctrl-C stops)")
        for page in self.pages.values():
            self._build(page, "built")
        self._publish()
        self._watcher.start()
        return self

    def serve_forever(self) -> None:
        self._serving = True
        self.server.serve_forever(poll_interval=0.2)

    def close(self) -> None:
        self.stopping.set()
        with self.changed:
            self.changed.notify_all()
        if self._serving:
            self.server.shutdown()
        self.server.server_close()
        if self._watcher.is_alive():
            self._watcher.join(timeout=5)

    # -- building --------------------------------------------------------------------

    def _watch(self) -> None:
        while not self.stopping.wait(POLL_SECONDS):
            stale = [p for p in self.pages.values() if _stamps(p.stamps) != p.stamps]
            for page in stale:
                self._build(page, "rebuilt")
            if stale:
                self._publish()

    def _build(self, page: Page, verb: str) -> None:
        started = time.monotonic()
        before = _stamps(page.stamps)  # taken before reading, so a save during the build is seen next time
        body, problems, inputs, title = build_page(page.workspace, page.source)
        after = _stamps(dict.fromkeys(inputs))
        page.stamps = {path: before.get(path, after[path]) for path in inputs}
        errors = [p for p in problems if p.severity == "error"]
        page.errors, page.title = len(errors), title or page.title
        page.body = body if body is not None else problem_panel(page.key, errors)
        for problem in problems:  # as `mdime check` prints them
            self.log(str(problem))
        if errors:
            self.log(f"{page.key}: {len(errors)} error{'s' * (len(errors) != 1)}")
        else:
            self.log(f"{verb} {page.key} ({time.monotonic() - started:.1f} s)")

    def _publish(self) -> None:
        bodies = {page.key: page.body for page in self.pages.values()}
        bodies[INDEX] = self.index_html()
        with self.changed:
            self.published = {key: (body, _digest(body)) for key, body in bodies.items()}
            self.changed.notify_all()

    # -- serving ---------------------------------------------------------------------

    def page_html(self, key: str) -> str | None:
        """The page served at a key, with the reload script; None if there is none."""
        with self.changed:
            found = self.published.get(key)
        return with_reload(found[0], key, found[1]) if found else None

    def index_html(self) -> str:
        items = []
        for page in self.pages.values():
            state = f' <span class="failed">({page.errors} error{"s" * (page.errors != 1)})</span>' if page.errors else ""
            name = f"{html.escape(page.title)} ({html.escape(page.key)})" if page.title else html.escape(page.key)
            items.append(f'<li><a href="/{html.escape(page.key)}.html">{name}</a>{state}</li>')
        return INDEX_PAGE.format(items="\n".join(items))

    def next_version(self, key: str, seen: str) -> str | None:
        """The page's version once it differs from `seen`, or after PING_SECONDS; None when stopping."""
        with self.changed:
            self.changed.wait_for(lambda: self.stopping.is_set() or self.published[key][1] != seen, PING_SECONDS)
            return None if self.stopping.is_set() else self.published[key][1]


def build_page(root: Path, source: Path) -> tuple[str | None, list[Problem], list[Path], str]:
    """One report's HTML edition (None when it failed), its problems, every file it was built
    from and its title ('' when it did not load). Never raises: whatever goes wrong (a broken
    template, a bug) becomes a problem in the page."""
    from mdime_publish.builder import build_context
    from mdime_publish.writers.html import render_html

    inputs = [source, root / "content" / "series.yaml"]
    inputs += [f for d in styles_dirs(root) for f in [d, *sorted(d.rglob("*"))]]  # folders too: added files
    try:
        ws = Workspace(root)  # fresh, so shared inputs are read again
        loaded = load_report(source, ws)
        inputs += loaded.inputs
        if not loaded.ok:
            return None, loaded.problems, inputs, ""
        ctx = build_context(ws, "letter", False, loaded.report)
        return render_html(loaded.report, ctx, ws.root), loaded.problems, inputs, loaded.report.title
    except ReportError as exc:
        return None, exc.problems, inputs, ""
    except Exception as exc:  # noqa: BLE001 - keep serving; the page says what failed
        return None, [error(str(source), 0, 0, f"HTML edition failed: {type(exc).__name__}: {exc}")], inputs, ""


def problem_panel(key: str, problems: list[Problem]) -> str:
    """A page listing each problem as `file:line:col` and its message, escaped."""
    items = []
    for p in problems:
        where = f"{p.file}:{p.line}:{p.col or 1}" if p.line else p.file
        items.append(f"<li><code>{html.escape(where)}</code>: {html.escape(p.message)}</li>")
    title = f"{key}: {len(problems)} error{'s' * (len(problems) != 1)}"
    return PANEL_PAGE.format(title=html.escape(title), items="\n".join(items))


def with_reload(body: str, key: str, version: str) -> str:
    """The page with the reload script before its closing </body>. The built page's
    Content-Security-Policy allows no script; the served copy's allows this one (by a
    nonce made per response) and its connection back to this server, nothing more."""
    from mdime_publish.writers.html import CONTENT_SECURITY_POLICY, policy_meta

    nonce = secrets.token_urlsafe(18)
    served = f"{CONTENT_SECURITY_POLICY}; script-src 'nonce-{nonce}'; connect-src 'self'"
    body = body.replace(policy_meta(CONTENT_SECURITY_POLICY), policy_meta(served), 1)
    script = RELOAD_SCRIPT.format(nonce=nonce, version=_js(version), key=_js(key))
    at = body.rfind("</body>")
    return body + script if at < 0 else body[:at] + script + body[at:]


def _js(text: str) -> str:
    """A JavaScript string literal that is safe inside a <script> element."""
    return json.dumps(text).replace("<", "\\u003c")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _key(path: Path) -> str:
    return f"{path.parent.name.lower()}/{path.stem.lower()}"


def _stamps(paths: dict[Path, int | None]) -> dict[Path, int | None]:
    """Each path's modification time in nanoseconds, None when it is missing."""
    out: dict[Path, int | None] = {}
    for path in paths:
        try:
            out[path] = path.stat().st_mtime_ns
        except OSError:
            out[path] = None
    return out


class _Server(ThreadingHTTPServer):
    """A ThreadingHTTPServer with at most MAX_CONNECTIONS threads: a connection beyond
    them is answered 503 and closed without one."""

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]):
        super().__init__(address, handler)
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def process_request(self, request, client_address) -> None:
        if not self.slots.acquire(blocking=False):
            try:
                request.sendall(b"HTTP/1.0 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "mdime-serve"
        timeout = IDLE_SECONDS  # per read and write on the connection

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            if self.headers.get("Host", "").lower() not in preview.hosts:
                return self._send(421, "misdirected request: this server answers only to "
                                       f"{preview.url}\n", "text/plain")
            url = urlsplit(self.path)
            key = INDEX if url.path == "/" else url.path.strip("/").removesuffix(".html")
            if url.path == "/__events":
                self._events(parse_qs(url.query).get("page", [INDEX])[0])
            elif url.path == "/" and len(preview.pages) == 1:
                self._send(302, "", location=f"/{next(iter(preview.pages))}.html")
            elif (url.path == "/" or url.path.endswith(".html")) and (page := preview.page_html(key)) is not None:
                self._send(200, page)
            else:
                self._send(404, "not found\n", "text/plain")

        def _send(self, status: int, text: str, kind: str = "text/html", location: str = "") -> None:
            data = text.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            if location:
                self.send_header("Location", location)
            self.end_headers()
            self.wfile.write(data)

        def _events(self, key: str) -> None:
            if preview.page_html(key) is None:
                return self._send(404, "not found\n", "text/plain")
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = ""
            try:
                while (version := preview.next_version(key, seen)) is not None:
                    self.wfile.write(f"data: {version}\n\n".encode() if version != seen else b": ping\n\n")
                    self.wfile.flush()
                    seen = version
            except (BrokenPipeError, ConnectionResetError, TimeoutError):
                pass  # the page was closed or reloaded, or stopped reading

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server's signature
            pass  # requests are not news; rebuilds are logged instead

    return Handler


def serve(targets: list[tuple[Workspace, Path]], port: int, log: Callable[[str], None]) -> Preview:
    """Bind 127.0.0.1:port (0 picks a free port), build every page and start watching.
    Raises OSError when the port cannot be bound."""
    return Preview(targets, port, log).start()
