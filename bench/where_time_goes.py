"""Where one page spends its time: cProfile over requests in this process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samenspel_bench \\
        .venv/bin/python bench/where_time_goes.py [--scale 1.0] [--page home] [--requests 20] \\
        [--top 40] [--queries | --timing | --phases]

It uses the data `bench/run.py` loaded (the same logins and pages, in production mode) and
prints the functions that took the most time, by their own time and cumulatively (--phases:
how much of a request goes to compiling SQL, running it and rendering templates). Without
--page it lists the pages it knows. Nothing is written to the database but the sessions
of the logins, and for the quick log the contact moments, which it removes again.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import run


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="the data set's scale (0 for the normal demo)")
    parser.add_argument("--page", help="the page's key (without it: list the keys)")
    parser.add_argument("--requests", type=int, default=20, help="requests to profile (after one to warm up)")
    parser.add_argument("--top", type=int, default=40, help="functions to print per listing")
    parser.add_argument("--queries", action="store_true", help="print the SQL of one request instead")
    parser.add_argument(
        "--timing", action="store_true", help="print the median ms of --requests requests without the profiler instead"
    )
    parser.add_argument(
        "--phases",
        action="store_true",
        help="print the median ms of --requests requests (after 10 to warm up) and of their parts instead: "
        "compiling SQL, running it, rendering templates",
    )
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        parser.error("set DATABASE_URL to the benchmark's database")

    run.django_setup(run.server_env(dict(os.environ)))
    from django.test import Client

    scale = args.scale or None
    targets = run.find_targets(run.logins_for(scale))
    by_key = {page.key: page for page in [*run.pages(targets), *extra_pages(targets)]}
    if args.page not in by_key:
        print("Pages: " + ", ".join(by_key))
        return 0 if args.page is None else 2
    page = by_key[args.page]
    client = Client(HTTP_HOST=run.HOST)
    client.force_login(targets.users[page.role])
    method, path, data, headers = page.in_process or (page.request.method, page.request.path_for(0), {}, {})

    def request():
        response = client.post(path, data, **headers) if method == "POST" else client.get(path, **headers)
        if response.status_code != page.request.expect:
            raise SystemExit(f"{method} {path} answered {response.status_code}")

    request()
    if args.queries:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            request()
        for number, query in enumerate(captured.captured_queries, 1):
            print(f"{number:3}. [{float(query['time']) * 1000:7.1f} ms] {query['sql']}\n")
        return 0
    if args.phases:
        for _ in range(10):
            request()
        print(phases(page.label, request, args.requests))
        if method == "POST":
            run.remove_bench_moments(targets.users["professional"])
        return 0
    if args.timing:
        times = []
        for _ in range(args.requests):
            began = time.perf_counter()
            request()
            times.append((time.perf_counter() - began) * 1000)
        if method == "POST":
            run.remove_bench_moments(targets.users["professional"])
        print(f"{page.label}: median {statistics.median(times):.1f} ms over {args.requests} requests")
        return 0
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.requests):
        request()
    profiler.disable()
    if method == "POST":
        run.remove_bench_moments(targets.users["professional"])
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        listing = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order)
        listing.print_stats(args.top)
        print(f"=== {page.label}, {args.requests} requests, by {order} ===")
        print(out.getvalue())
    return 0


def extra_pages(targets: run.Targets) -> list[run.Page]:
    """Pages profiled here but not loaded by bench/run.py (they have no target): the manager's
    trend chart of the location (26 weeks of figures, drawn as an SVG)."""
    from django.urls import reverse

    chart = reverse("groups:location_trend_chart", args=[targets.location_id, "routine_kept"])
    return [run.Page("trend_chart", "Manager's location trend chart", "chart", "manager", run.Request("GET", chart))]


def phases(label: str, request, requests: int) -> str:
    """The median ms of `requests` requests, and of the time in them spent compiling SQL
    (Django's outermost `SQLCompiler.as_sql`), running it (the cursor's execute) and rendering
    templates (the outermost `Template.render`; SQL that a template runs counts there too)."""
    from django.db.backends import utils
    from django.db.models.sql import compiler
    from django.template import base

    spent: dict[str, float] = {}
    originals = []

    def timed(owner, name: str, part: str) -> None:
        original = getattr(owner, name)
        originals.append((owner, name, original))
        depth = [0]

        def wrapper(*args, **kwargs):
            depth[0] += 1
            began = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                depth[0] -= 1
                if depth[0] == 0:
                    spent[part] = spent.get(part, 0.0) + time.perf_counter() - began

        setattr(owner, name, wrapper)

    totals, parts = [], {}
    try:
        timed(compiler.SQLCompiler, "as_sql", "compiling SQL")
        timed(utils.CursorWrapper, "_execute", "running SQL")
        timed(base.Template, "render", "templates")
        for _ in range(requests):
            spent.clear()
            began = time.perf_counter()
            request()
            totals.append((time.perf_counter() - began) * 1000)
            for part, seconds in spent.items():
                parts.setdefault(part, []).append(seconds * 1000)
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
    shown = ", ".join(f"{part} {statistics.median(times):.1f}" for part, times in parts.items())
    return f"{label}: median {statistics.median(totals):.1f} ms over {requests} requests; of it, ms: {shown}"


if __name__ == "__main__":
    raise SystemExit(main())
