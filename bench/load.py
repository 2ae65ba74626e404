"""A small load generator: threads with http.client, each a logged-in user with its own
session cookie, for a fixed time per page.

Why not locust or wrk: locust pulls in gevent, Flask and a web UI for what is here a
hundred lines, and gevent's monkey-patching in the same process as Django (which this
script also runs, to count queries and time the reminder job) is asking for trouble; wrk is
a C tool not packaged in the registry we install from, and it needs Lua to log in. Here the
users log in through the real allauth form (CSRF token included), and the production
session cookie, which is Secure, is sent over plain HTTP to gunicorn on 127.0.0.1 because
we write the Cookie header ourselves. The price: the generator shares the machine's cores
with gunicorn (the bare view's baseline pays the same, so the ratios stay fair).

gunicorn's sync workers close the connection after each answer; http.client opens a new
one for the next request by itself (keep-alive where the server allows it).
"""

from __future__ import annotations

import http.client
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

LOGIN_PATH = "/accounts/login/"
SESSION_COOKIE = "samenspel_session"
CSRF_COOKIE = "csrftoken"
TIMEOUT_SECONDS = 30


class LoginFailed(RuntimeError):
    pass


@dataclass
class Session:
    """A logged-in user as the server knows it: their cookies (session and CSRF)."""

    email: str
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    @property
    def csrf_token(self) -> str:
        return self.cookies.get(CSRF_COOKIE, "")

    def take_cookies(self, response: http.client.HTTPResponse) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value


@dataclass(frozen=True)
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


class Connection:
    """One user's connection: reopened when the server closed it."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self._conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT_SECONDS)

    def request(
        self,
        method: str,
        path: str,
        *,
        session: Session | None = None,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        all_headers = {"Host": f"{self.host}:{self.port}", "Accept-Language": "nl", **(headers or {})}
        if session is not None and session.cookies:
            all_headers["Cookie"] = session.cookie_header
        if body is not None:
            all_headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        # No retry: a POST sent twice would log two contact moments. A failure is an error.
        try:
            self._conn.request(method, path, body=body, headers=all_headers)
            response = self._conn.getresponse()
            content = response.read()
        except Exception:
            self._conn.close()
            raise
        if response.will_close:
            self._conn.close()
        if session is not None:
            session.take_cookies(response)
        return Answer(response.status, response.headers, content)

    def close(self) -> None:
        self._conn.close()


_CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken"\s+value="([^"]+)"|value="([^"]+)"\s+name="csrfmiddlewaretoken"')


def login(host: str, port: int, email: str, password: str, *, patience_seconds: float = 120, log=print) -> Session:
    """Log in through the allauth form. When the login rate limit (per IP) answers 429,
    wait and try again, up to `patience_seconds`."""
    session = Session(email)
    connection = Connection(host, port)
    deadline = time.monotonic() + patience_seconds
    try:
        while True:
            try:
                page = connection.request("GET", LOGIN_PATH, session=session)
                match = _CSRF_INPUT.search(page.body)
                if page.status != 200 or not match:
                    raise LoginFailed(f"GET {LOGIN_PATH} answered {page.status} without a CSRF token")
                token = (match[1] or match[2]).decode()
                form = urlencode({"csrfmiddlewaretoken": token, "login": email, "password": password}).encode()
                answer = connection.request(
                    "POST", LOGIN_PATH, session=session, body=form, headers={"Referer": f"http://{host}:{port}/"}
                )
            except (OSError, http.client.HTTPException) as error:
                # The server is still busy with a slow page's requests: wait for it.
                if time.monotonic() >= deadline:
                    raise LoginFailed(f"logging in {email} failed: {error!r}") from error
                log(f"  no answer to the login ({type(error).__name__}); trying again in 5 s")
                time.sleep(5)
                continue
            if answer.status == 429 and time.monotonic() < deadline:
                log(f"  login rate limit reached; waiting 10 s before logging in {email} again")
                time.sleep(10)
                continue
            if answer.status != 302 or SESSION_COOKIE not in session.cookies:
                raise LoginFailed(f"logging in {email} answered {answer.status} (expected a redirect and a session)")
            return session
    finally:
        connection.close()


@dataclass(frozen=True)
class Request:
    """What each user sends for one page. `body` is called per request (different children
    for a POST, say) with the user's session and a running number."""

    method: str
    path: str | Callable[[int], str]
    headers: dict[str, str] = field(default_factory=dict)
    body: Callable[[Session, int], bytes] | None = None
    expect: int = 200
    with_csrf: bool = False

    def path_for(self, number: int) -> str:
        return self.path(number) if callable(self.path) else self.path


@dataclass
class Load:
    """What one page's run produced."""

    latencies_ms: list[float]
    errors: int
    seconds: float
    error_kinds: Counter
    # False when the page was too slow to put under load: its one probe request is all there is.
    loaded: bool = True

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)

    def __add__(self, other: Load) -> Load:
        """The same page's runs in several rounds, as one run."""
        return Load(
            self.latencies_ms + other.latencies_ms,
            self.errors + other.errors,
            self.seconds + other.seconds,
            self.error_kinds + other.error_kinds,
            loaded=self.loaded and other.loaded,
        )


def _send(connection: Connection, request: Request, session: Session, number: int) -> Answer:
    headers = dict(request.headers)
    if request.with_csrf:
        headers["X-CSRFToken"] = session.csrf_token
    body = request.body(session, number) if request.body else None
    return connection.request(request.method, request.path_for(number), session=session, body=body, headers=headers)


def probe(host: str, port: int, request: Request, session: Session) -> tuple[float | None, str | None]:
    """One request: (milliseconds, None) when answered as expected, else (milliseconds or None, what failed)."""
    connection = Connection(host, port)
    began = time.perf_counter()
    try:
        answer = _send(connection, request, session, 0)
    except (OSError, http.client.HTTPException) as error:
        return None, type(error).__name__
    finally:
        connection.close()
    elapsed = (time.perf_counter() - began) * 1000
    return elapsed, None if answer.status == request.expect else f"HTTP {answer.status}"


def drive(
    host: str, port: int, request: Request, sessions: Sequence[Session], *, seconds: float, warm_up: int = 2
) -> Load:
    """len(sessions) users send `request` back to back for `seconds`; each records the time
    from sending to the last byte of every answer. A status other than `request.expect`, or
    no answer, is an error. Each user first sends `warm_up` requests that are not recorded."""
    if not sessions:
        raise ValueError("no users to drive the load with")
    ready = threading.Barrier(len(sessions) + 1)
    go = threading.Event()
    lock = threading.Lock()
    latencies: list[float] = []
    kinds: Counter = Counter()
    stop_at = [0.0]

    def user(index: int, session: Session) -> None:
        connection = Connection(host, port)
        mine: list[float] = []
        my_kinds: Counter = Counter()
        number = index * 1_000_000
        try:
            try:
                for _ in range(warm_up):
                    number += 1
                    try:
                        _send(connection, request, session, number)
                    except (OSError, http.client.HTTPException):
                        connection.close()
            finally:
                ready.wait()  # also when the warm-up failed: the others must not wait forever
            go.wait()
            while time.perf_counter() < stop_at[0]:
                number += 1
                began = time.perf_counter()
                try:
                    answer = _send(connection, request, session, number)
                except (OSError, http.client.HTTPException) as error:
                    connection.close()
                    my_kinds[type(error).__name__] += 1
                    continue
                mine.append((time.perf_counter() - began) * 1000)
                if answer.status != request.expect:
                    my_kinds[f"HTTP {answer.status}"] += 1
        finally:
            connection.close()
            with lock:
                latencies.extend(mine)
                kinds.update(my_kinds)

    threads = [
        threading.Thread(target=user, args=(index, session), daemon=True) for index, session in enumerate(sessions)
    ]
    for thread in threads:
        thread.start()
    ready.wait()  # every user warmed up
    began = time.perf_counter()
    stop_at[0] = began + seconds
    go.set()
    for thread in threads:
        thread.join()
    return Load(latencies, sum(kinds.values()), time.perf_counter() - began, kinds)
