"""Where one page spends its time: cProfile over requests in this process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samenspel_bench \\
        .venv/bin/python bench/where_time_goes.py [--scale 1.0] [--page home] [--requests 20] \\
        [--top 40] [--queries | --timing]

It uses the data `bench/run.py` loaded (the same logins and pages, in production mode) and
prints the functions that took the most time, by their own time and cumulatively. Without
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
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        parser.error("set DATABASE_URL to the benchmark's database")

    run.django_setup(run.server_env(dict(os.environ)))
    from django.test import Client

    scale = args.scale or None
    targets = run.find_targets(run.logins_for(scale))
    by_key = {page.key: page for page in run.pages(targets)}
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


if __name__ == "__main__":
    raise SystemExit(main())
