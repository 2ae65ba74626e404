#!/usr/bin/env python
"""The load benchmark of issue 10: key pages against a bare Django view, and the daily reminder job.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samenspel_bench \\
    REDIS_URL=redis://127.0.0.1:6379/0 \\
    .venv/bin/python bench/run.py [--scale 1.0] [--seconds 20] [--rounds 4] [--users 8] [--reuse-data]

Steps: migrate and createcachetable; load the demo data (`demo_data`, or `demo_data --scale
<factor>` with --scale) unless --reuse-data finds the logins already there; collectstatic;
start gunicorn in production mode (2 workers, a free port on 127.0.0.1); log in as the real
user of each role through the login form; drive every page for --seconds with --users
concurrent users (bench/load.py), split into --rounds rounds over all pages so that a machine
that slows down for a while slows every page alike; count each page's queries in this process with Django's
test client against the same database; time the daily reminder job for all children (in a
transaction rolled back afterwards: nothing is stored, no mail is queued); print the table
and rewrite the results block of BENCHMARKS.md. gunicorn is stopped at the end, also after
an error or Ctrl+C. The contact moments the quick-log POSTs create are deleted at the end.

Production mode with three deliberate differences: two-factor authentication for staff is
off (MFA_REQUIRED_FOR_STAFF=false: the script logs in with a password only), no redirect to
HTTPS (SECURE_SSL_REDIRECT=false, gunicorn answers plain HTTP on 127.0.0.1), and the bare
view `bench/plain/` exists (BENCH_BARE_VIEW=1).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: bench/ is on the path, the project is not
    sys.path.insert(0, str(ROOT))

from bench import stats  # noqa: E402
from bench.load import Load, LoginFailed, Request, Session, drive, login, probe  # noqa: E402

HOST = "127.0.0.1"
WORKERS = 2
# BENCHMARKS.md keeps the latest run per data set ("demo", "scale-1"), each between its markers.
RESULTS_START = "<!-- bench:results:{key}:start -->"
RESULTS_END = "<!-- bench:results:{key}:end -->"
# The quick-log POSTs write this at the start of each moment, so that they can be removed afterwards.
BENCH_MARK = "[benchmark]"
ROLES = ("professional", "parent", "manager", "admin")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run.py",
        description=(
            "Load benchmark: gunicorn in production mode on DATABASE_URL (PostgreSQL), the key pages "
            "against a bare view, and the daily reminder job. Prints the table and updates BENCHMARKS.md."
        ),
        epilog=(
            "Example: DATABASE_URL=postgres://postgres@127.0.0.1:5432/samenspel_bench "
            "REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/run.py --scale 1.0 --seconds 20"
        ),
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=None,
        help="load `demo_data --scale SCALE` (1.0: 20,000 children) and log in as its bench-* users; "
        "without it, the normal demo data and its logins",
    )
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per page (default 20)")
    parser.add_argument("--users", type=int, default=8, help="concurrent users per page (default 8)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=4,
        help="split each page's seconds into this many rounds over all pages (default 4), so that a "
        "machine that is slower for a while slows every page, the bare view too, not one page's ratio",
    )
    parser.add_argument(
        "--reuse-data",
        action="store_true",
        help="do not (re)load the demo data when its logins are already in the database",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=ROOT / "BENCHMARKS.md",
        help="the Markdown file whose results block is rewritten (default BENCHMARKS.md)",
    )
    parser.add_argument(
        "--slow-limit",
        type=float,
        default=5.0,
        help="a page whose first request takes longer than this many seconds is not put under load "
        "(its one request is reported; default 5)",
    )
    parser.add_argument("--no-write", action="store_true", help="print the table only; leave BENCHMARKS.md alone")
    parser.add_argument("--show-queries", action="store_true", help="print the SQL of each page's counted request")
    args = parser.parse_args(argv)
    if args.seconds <= 0:
        parser.error("--seconds must be more than 0")
    if args.rounds < 1:
        parser.error("--rounds must be 1 or more")
    if args.users < 1:
        parser.error("--users must be at least 1")
    if args.scale is not None and args.scale <= 0:
        parser.error("--scale must be more than 0")
    return args


# --- Environment and processes ---------------------------------------------------------


def server_env(base: dict[str, str]) -> dict[str, str]:
    """Production mode for gunicorn and for the Django in this process."""
    env = dict(base)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SAMENSPEL_ENV": "production",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "false",
            "BEHIND_TLS_PROXY": "false",
            "MFA_REQUIRED_FOR_STAFF": "false",
            "BENCH_BARE_VIEW": "1",
            "LOG_LEVEL": "WARNING",
            "SITE_URL": f"http://{HOST}",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.pop("EMAIL_URL", None)  # mail to the console: the benchmark sends nothing
    return env


def manage(env: dict[str, str], *arguments: str) -> None:
    command = [sys.executable, "manage.py", *arguments]
    print(f"$ python manage.py {' '.join(arguments)}", flush=True)
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 - our own manage.py


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Gunicorn:
    """gunicorn in its own process group (Ctrl+C reaches only this script, which stops it)."""

    def __init__(self, env: dict[str, str], port: int) -> None:
        self.env = env
        self.port = port
        self.process: subprocess.Popen | None = None
        self.log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(WORKERS),
            "--timeout",
            "30",
            "--graceful-timeout",
            "20",
            "--keep-alive",
            "5",
            "--no-control-socket",
        ]
        print(f"$ gunicorn config.wsgi --bind {HOST}:{self.port} --workers {WORKERS}  (log: {self.log.name})")
        self.process = subprocess.Popen(  # noqa: S603 - gunicorn from this virtualenv
            command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.wait_until_ready()

    def wait_until_ready(self, seconds: float = 120) -> None:
        import http.client

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start-up:\n{self.log_tail()}")
            try:
                connection = http.client.HTTPConnection(HOST, self.port, timeout=5)
                connection.request("GET", "/healthz", headers={"Host": HOST})
                if connection.getresponse().status == 200:
                    connection.close()
                    return
                connection.close()
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer /healthz within {seconds:g} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        self.log.flush()
        text = Path(self.log.name).read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def discard_log(self) -> None:
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # gunicorn's graceful shutdown
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        print(f"gunicorn stopped (exit code {self.process.returncode}).")


# --- Django in this process -------------------------------------------------------------


def django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def logins_for(scale: float | None) -> dict[str, str]:
    """Role → email of the users to log in as: the scaled data's bench-* users, or the demo's."""
    if scale is None:
        from families.management.commands.demo_data import DEMO_LOGINS

        return dict(DEMO_LOGINS)
    try:
        from families.demo_scale import SCALE_LOGINS
    except ImportError:
        # The scale option is not there yet: the logins it will create.
        return roles_of([f"bench-{local}@samenspel.test" for local in ("pm", "parent", "manager", "admin")])
    return roles_of(SCALE_LOGINS)


def roles_of(logins) -> dict[str, str]:
    """Accept a dict keyed by role, or emails whose name says the role (bench-pm@…, bench-parent@…)."""
    if isinstance(logins, dict) and set(ROLES) <= set(logins):
        return {role: logins[role] for role in ROLES}
    emails = list(logins.values()) if isinstance(logins, dict) else list(logins)
    words = {
        "professional": ("pm", "professional"),
        "parent": ("parent", "ouder", "guardian"),
        "manager": ("manager",),
        "admin": ("admin",),
    }
    found = {}
    for role, names in words.items():
        for email in emails:
            local = re.split(r"[-_.]", email.split("@")[0])
            if any(name in local for name in names):
                found[role] = email
                break
    missing = set(ROLES) - set(found)
    if missing:
        raise SystemExit(f"Cannot tell the login of {', '.join(sorted(missing))} from {logins!r}.")
    return found


def data_loaded(logins: dict[str, str]) -> bool:
    from accounts.models import User

    return User.objects.filter(email__in=logins.values(), is_active=True).count() == len(set(logins.values()))


@dataclass
class Targets:
    """The objects the pages are about, found for the logged-in users."""

    users: dict  # role → User
    group_id: int
    child_id: object
    quick_child_ids: list
    parent_child_id: object
    location_id: int


def find_targets(logins: dict[str, str]) -> Targets:
    from django.db.models import Count, Q

    from accounts import access
    from accounts.models import User
    from families.models import Placement

    users = {role: User.objects.get(email=email) for role, email in logins.items()}
    professional = users["professional"]
    today_placements = Placement.objects.current()
    group = (
        access.groups_for(professional)
        .annotate(placed=Count("placements", filter=Q(placements__in=today_placements)))
        .order_by("-placed", "pk")
        .first()
    )
    mentor_children = list(
        today_placements.filter(mentor=professional).order_by("child_id").values_list("child_id", flat=True)[:20]
    )
    parent_child = access.own_children(users["parent"]).order_by("pk").first()
    location = (
        access.managed_locations_for(users["manager"])
        .annotate(groups_count=Count("groups"))
        .order_by("-groups_count", "pk")
        .first()
    )
    problems = [
        text
        for text, missing in (
            (f"{logins['professional']} has no group", group is None),
            (f"{logins['professional']} is no child's mentor", not mentor_children),
            (f"{logins['parent']} has no child", parent_child is None),
            (f"{logins['manager']} manages no location", location is None),
        )
        if missing
    ]
    if problems:
        raise SystemExit("The data does not fit the benchmark: " + "; ".join(problems))
    return Targets(users, group.pk, mentor_children[0], mentor_children, parent_child.pk, location.pk)


@dataclass
class Page:
    key: str
    label: str
    kind: str
    role: str
    request: Request
    # The same request for Django's test client, to count queries: method, path, data, headers.
    in_process: tuple[str, str, dict, dict] = field(default_factory=tuple)


def quick_log_form() -> dict[str, str]:
    return {
        "kind": "pick_up",
        "child_experience": f"{BENCH_MARK} Played outside in the sandpit with two friends.",
        "home_news": "Slept well.",
        "positive_note": "Helped tidy up.",
    }


def pages(targets: Targets) -> list[Page]:
    from django.urls import reverse

    quick_paths = [reverse("contacts:quick_log", args=[child_id]) for child_id in targets.quick_child_ids]
    htmx = {"HX-Request": "true", "HX-Current-URL": f"http://{HOST}/"}

    def get(path: str) -> Request:
        return Request("GET", path)

    def quick_body(session: Session, number: int) -> bytes:
        return urlencode(quick_log_form()).encode()

    quick = Request(
        "POST",
        lambda number: quick_paths[number % len(quick_paths)],
        headers=htmx,
        body=quick_body,
        with_csrf=True,
    )
    child_detail = reverse("families:child_detail", args=[targets.child_id])
    return [
        Page("bare", "Bare view (baseline)", "bare", "professional", get(reverse("bench_plain"))),
        Page("staff_home", "Professional's home", "page", "professional", get(reverse("groups:staff_home"))),
        Page(
            "group_detail",
            "Group overview",
            "page",
            "professional",
            get(reverse("groups:group_detail", args=[targets.group_id])),
        ),
        Page("child_detail", "Child page", "page", "professional", get(child_detail)),
        Page(
            "quick_log",
            "Quick contact log (htmx POST)",
            "fragment",
            "professional",
            quick,
            ("POST", quick_paths[0], quick_log_form(), {"HTTP_HX_REQUEST": "true"}),
        ),
        Page("parent_home", "Parent's home", "page", "parent", get(reverse("families:parent_home"))),
        Page(
            "timeline",
            "Parent's portfolio timeline",
            "page",
            "parent",
            get(reverse("portfolios:timeline", args=[targets.parent_child_id])),
        ),
        Page(
            "location",
            "Manager's location page",
            "location",
            "manager",
            get(reverse("groups:location_dashboard", args=[targets.location_id])),
        ),
        Page("admin", "Admin: contact moments (baseline)", "admin", "admin", get("/admin/contacts/contactmoment/")),
    ]


def profile_page(page: Page, user, *, repeat: int = 5, show: bool = False) -> tuple[int, float, float]:
    """One request at a time in this process, with Django's test client on the same database:
    (queries per request, median ms per request, median ms of it in SQL). A first request,
    not counted, warms the process-wide caches that a gunicorn worker has warm too. The
    queries are the most of the `repeat` requests (they should all be the same)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    method, path, data, headers = page.in_process or (page.request.method, page.request.path_for(0), {}, {})
    counts, totals, sql = [], [], []
    in_sql = [0.0]

    def timed(execute, sql_text, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql_text, params, many, context)
        finally:
            in_sql[0] += time.perf_counter() - began

    def one() -> tuple[CaptureQueriesContext, float]:
        in_sql[0] = 0.0
        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timed):
            began = time.perf_counter()
            response = client.post(path, data, **headers) if method == "POST" else client.get(path, **headers)
            elapsed = (time.perf_counter() - began) * 1000
        if response.status_code != page.request.expect:
            raise RuntimeError(f"{page.label}: {method} {path} answered {response.status_code} in-process")
        return captured, elapsed

    _, warm_ms = one()
    if warm_ms > 2000:
        repeat = 1  # a slow page: one measured request shows it
    for _ in range(repeat):
        captured, elapsed = one()
        counts.append(len(captured))
        totals.append(elapsed)
        sql.append(in_sql[0] * 1000)
    if show:
        print(f"\n--- {page.label}: {len(captured)} queries")
        for number, query in enumerate(captured.captured_queries, 1):
            print(f"{number:3}. {query['sql'][:300]}")
    return max(counts), stats.percentile(totals, 50), stats.percentile(sql, 50)


def reminder_job() -> stats.JobResult:
    """Time `plan_daily_reminders` for today, every part on (the weekly parts' weekdays are set
    to today's), counting its queries; rolled back, so nothing is stored and no mail queued.

    Queries are counted with an execute wrapper, not CaptureQueriesContext: that keeps at most
    9,000 queries and formats each one, which would cap the count and slow the job down."""
    from django.db import connection, transaction
    from django.test import override_settings
    from django.utils import timezone

    from contacts.reminders import plan_daily_reminders
    from families.models import Child

    today = timezone.localdate()
    counted = [0]

    def counter(execute, sql, params, many, context):
        counted[0] += 1
        return execute(sql, params, many, context)

    children = Child.objects.count()
    weekday = today.weekday()
    every_part_today = override_settings(HOME_ACTIVITY_REMINDER_WEEKDAY=weekday, MANAGER_DIGEST_WEEKDAY=weekday)
    with every_part_today, transaction.atomic():
        with connection.execute_wrapper(counter):
            began = time.perf_counter()
            planned = plan_daily_reminders(today)
            seconds = time.perf_counter() - began
        transaction.set_rollback(True)
    reminders = {name: getattr(planned, name) for name in planned.__dataclass_fields__}
    return stats.JobResult(seconds=seconds, queries=counted[0], children=children, reminders=reminders)


def remove_bench_moments(professional) -> int:
    from contacts.models import ContactMoment

    deleted, _ = ContactMoment.objects.filter(
        recorded_by=professional, child_experience__startswith=BENCH_MARK
    ).delete()
    return deleted


def data_description() -> dict[str, int]:
    from contacts.models import ContactMoment
    from families.models import Child, Guardian
    from groups.models import Group, Location
    from portfolios.models import PortfolioEntry

    return {
        "locations": Location.objects.count(),
        "groups": Group.objects.count(),
        "children": Child.objects.count(),
        "guardians": Guardian.objects.count(),
        "contact moments": ContactMoment.objects.count(),
        "portfolio entries": PortfolioEntry.objects.count(),
    }


def postgres_version() -> str:
    from django.db import connection

    if connection.vendor != "postgresql":
        return connection.vendor
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return "PostgreSQL " + cursor.fetchone()[0]


# --- Report -------------------------------------------------------------------------------


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def command_line(argv: Sequence[str]) -> str:
    env = [f"{name}={_redacted(os.environ[name])}" for name in ("DATABASE_URL", "REDIS_URL") if os.environ.get(name)]
    python = Path(sys.executable).absolute()
    python_shown = str(python.relative_to(ROOT)) if python.is_relative_to(ROOT) else "python"
    return " ".join([*env, python_shown, "bench/run.py", *(shlex.quote(arg) for arg in argv)])


def results_block(
    *,
    when: datetime,
    command: str,
    scale: float | None,
    data: dict[str, int],
    database: str,
    seconds: float,
    users: int,
    results: Sequence[stats.Result],
    job: stats.JobResult,
    rounds: int = 1,
) -> str:
    bare = next((result.p50 for result in results if result.kind == "bare"), None)
    data_text = ", ".join(f"{count:,} {name}" for name, count in data.items())
    source = "the normal demo data (demo_data)" if scale is None else f"demo_data --scale {scale:g}"
    missed = stats.missed_targets(results, bare)
    if not job.within_time:
        missed.append(f"Daily reminder job: {job.seconds:.1f} s (target ≤ {stats.REMINDER_JOB_MAX_SECONDS:g} s)")
    key = data_key(scale)
    title = "the normal demo data" if scale is None else f"the scaled demo data (--scale {scale:g})"
    lines = [
        RESULTS_START.format(key=key),
        f"## Latest run on {title}",
        "",
        f"- Date: {when:%Y-%m-%d %H:%M} UTC",
        f"- Machine: {os.cpu_count()} cores (os.cpu_count()), {database}, Python {sys.version.split()[0]}",
        f"- Data: {source} — {data_text}",
        f"- Load: {users} concurrent users per page, {seconds:g} s per page in {rounds} rounds over all pages, "
        f"gunicorn with {WORKERS} sync workers",
        f"- Command: `{command}`",
        "",
        stats.markdown_table(results, bare),
        "",
        f"- {stats.job_line(job)}",
        "",
        "Where one request's time goes, without load (in-process, Django's test client on the same database, "
        "median of 5 requests, one for a page slower than 2 s):",
        "",
        stats.split_markdown_table(results),
        "",
        "Missed targets in this run:" if missed else "All targets met in this run.",
        *(f"- {line}" for line in missed),
        RESULTS_END.format(key=key),
    ]
    return "\n".join(lines)


def data_key(scale: float | None) -> str:
    return "demo" if scale is None else f"scale-{scale:g}"


TEMPLATE = """# Benchmarks

Generated by `bench/run.py`; each results block below is rewritten by the next run on the same data.

{block}
"""


def write_results(path: Path, block: str, key: str) -> None:
    """Replace the results block of this data set in `path` and keep the rest (the other data
    sets, the hand-written analysis). A new data set's block goes after the last block."""
    start, end = RESULTS_START.format(key=key), RESULTS_END.format(key=key)
    if not path.exists():
        path.write_text(TEMPLATE.format(block=block))
        return
    text = path.read_text()
    if start in text and end in text:
        before, rest = text.split(start, 1)
        _, after = rest.split(end, 1)
        path.write_text(before + block + after)
        return
    ends = list(re.finditer(r"<!-- bench:results:[\w.-]+:end -->\n?", text))
    if ends:
        cut = ends[-1].end()
        path.write_text(text[:cut] + "\n" + block + "\n" + text[cut:])
    else:
        path.write_text(text.rstrip("\n") + "\n\n" + block + "\n")


# --- Main -----------------------------------------------------------------------------------


def _stop_on_sigterm(signum, frame) -> None:
    raise KeyboardInterrupt


def load_pages(
    env: dict[str, str], page_list: Sequence[Page], logins: dict[str, str], args: argparse.Namespace, password: str
) -> dict[str, Load] | None:
    """Start gunicorn, log the users in (per role, just before its pages), drive every page;
    gunicorn stops at the end, also on an error or Ctrl+C. None when a login failed."""
    server = Gunicorn(env, free_port())
    loads: dict[str, Load] = {}
    try:
        server.start()
        sessions: dict[str, list[Session]] = {}
        loaded: list[Page] = []
        for page in page_list:
            if page.role not in sessions:
                print(f"Logging in {args.users} × {logins[page.role]}")
                sessions[page.role] = [login(HOST, server.port, logins[page.role], password) for _ in range(args.users)]
            probe_ms, failure = probe(HOST, server.port, page.request, sessions[page.role][0])
            if failure or probe_ms > args.slow_limit * 1000:
                # Under load it would only pile up requests that gunicorn kills after 30 s.
                took = "no answer" if probe_ms is None else f"{probe_ms / 1000:.1f} s"
                print(f"  {page.label}: one request: {took}{', ' + failure if failure else ''}; not put under load")
                loads[page.key] = Load(
                    [] if probe_ms is None else [probe_ms],
                    1 if failure else 0,
                    (probe_ms or 0) / 1000,
                    Counter([failure] if failure else []),
                    loaded=False,
                )
                server.wait_until_ready()
                continue
            loaded.append(page)
        for round_number in range(1, args.rounds + 1):
            if args.rounds > 1:
                print(f"Round {round_number} of {args.rounds}")
            for page in loaded:
                load = drive(HOST, server.port, page.request, sessions[page.role], seconds=args.seconds / args.rounds)
                loads[page.key] = loads[page.key] + load if page.key in loads else load
                kinds = ", ".join(f"{kind} ×{count}" for kind, count in load.error_kinds.most_common())
                print(
                    f"  {page.label}: {load.requests} requests in {load.seconds:.1f} s"
                    + (f", errors: {kinds}" if kinds else "")
                )
    except LoginFailed as error:
        print(f"Login failed: {error}\n{server.log_tail()}")
        return None
    finally:
        server.stop()
    if any(load.errors for load in loads.values()):
        print(f"Some requests failed; the end of gunicorn's log ({server.log.name}):\n{server.log_tail()}")
    else:
        server.discard_log()
    return loads


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        print("Set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/samenspel_bench")
        return 2
    if not os.environ.get("REDIS_URL"):
        print("Note: REDIS_URL is not set; background tasks run inside the web processes.")
    signal.signal(signal.SIGTERM, _stop_on_sigterm)

    env = server_env(dict(os.environ))
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "createcachetable")
    django_setup(env)
    logins = logins_for(args.scale)
    loaded = data_loaded(logins)
    if args.reuse_data and loaded:
        print("Reusing the data in the database (its logins are there).")
    elif args.scale is not None and loaded:
        print("The database holds the scaled data already: add --reuse-data, or use a new database.")
        return 2
    else:
        manage(env, "demo_data", *(["--scale", format(args.scale, "g")] if args.scale is not None else []))
    manage(env, "collectstatic", "--no-input", "-v", "0")

    from django.conf import settings
    from django.db import connection

    targets = find_targets(logins)
    page_list = pages(targets)
    data = data_description()
    database = postgres_version()
    connection.close()  # not held open while the load runs

    try:
        loads = load_pages(env, page_list, logins, args, settings.DEMO_PASSWORD)
        if loads is None:
            return 1
        print("Counting queries per page and timing the daily reminder job …")
        profiles = {
            page.key: profile_page(page, targets.users[page.role], show=args.show_queries) for page in page_list
        }
        job = reminder_job()
    finally:
        removed = remove_bench_moments(targets.users["professional"])
        print(f"Removed the {removed} contact moments the quick-log POSTs created.")

    results: list[stats.Result] = []
    for page in page_list:
        load = loads[page.key]
        results.append(
            stats.result_from(
                key=page.key,
                label=page.label,
                kind=page.kind,
                latencies_ms=load.latencies_ms,
                errors=load.errors,
                seconds=load.seconds,
                loaded=load.loaded,
                queries=profiles[page.key][0],
                app_ms=profiles[page.key][1],
                sql_ms=profiles[page.key][2],
            )
        )
    bare = next(result.p50 for result in results if result.kind == "bare")
    print()
    print(stats.text_table(results, bare))
    print()
    print(stats.job_line(job))
    print("\nOne request at a time, in-process (median of 5; one for a page slower than 2 s):\n")
    print(stats.split_text_table(results))
    missed = stats.missed_targets(results, bare)
    if missed:
        print("\nMissed targets:")
        for line in missed:
            print(f"  - {line}")

    if not args.no_write:
        block = results_block(
            when=datetime.now(UTC),
            command=command_line(argv),
            scale=args.scale,
            data=data,
            database=database,
            seconds=args.seconds,
            users=args.users,
            results=results,
            job=job,
            rounds=args.rounds,
        )
        write_results(args.output, block, data_key(args.scale))
        print(f"\nWrote the results to {args.output}.")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as error:
        print(f"Stopped: {' '.join(error.cmd[1:])} failed with exit code {error.returncode}.")
        sys.exit(1)
    except KeyboardInterrupt:
        print("\nInterrupted.")
        sys.exit(130)
