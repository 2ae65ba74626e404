"""The benchmark's pure parts (bench/stats.py, bench/run.py's helpers): no load, no timing."""

import os
import subprocess
import sys
from collections import Counter
from email.message import Message
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve

from bench import stats
from bench.load import Load, Session
from bench.run import RESULTS_END, RESULTS_START, roles_of, write_results

ROOT = Path(__file__).resolve().parents[2]


def _result(kind="page", p50=10.0, p95=20.0, errors=0, queries=10, label="Child page", requests=100):
    return stats.Result(
        key=label.lower().replace(" ", "_"),
        label=label,
        kind=kind,
        requests=requests,
        errors=errors,
        seconds=10.0,
        p50=p50,
        p95=p95,
        p99=p95,
        queries=queries,
    )


# --- Percentiles ---------------------------------------------------------------------


def test_percentiles_interpolate_between_the_closest_ranks_like_numpy():
    values = list(range(10, 0, -1))  # 10 … 1, unsorted on purpose

    assert stats.percentile(values, 0) == 1
    assert stats.percentile(values, 50) == pytest.approx(5.5)
    assert stats.percentile(values, 95) == pytest.approx(9.55)
    assert stats.percentile(values, 99) == pytest.approx(9.91)
    assert stats.percentile(values, 100) == 10


def test_a_percentile_of_one_value_is_that_value_and_of_none_is_none():
    assert stats.percentile([42.0], 99) == 42.0
    assert stats.percentile([], 50) is None


def test_a_percentile_outside_0_to_100_is_refused():
    with pytest.raises(ValueError):
        stats.percentile([1.0], 101)


def test_a_result_counts_the_answered_requests_and_their_rate():
    result = stats.result_from(
        key="bare", label="Bare", kind="bare", latencies_ms=[1.0, 2.0, 3.0, 4.0], errors=0, seconds=2.0, queries=4
    )

    assert (result.requests, result.rps, result.p50) == (4, 2.0, 2.5)
    assert result.queries == 4


def test_a_pages_rounds_add_up_to_one_run():
    first = Load([10.0, 20.0], 0, 5.0, Counter())
    second = Load([30.0], 1, 5.0, Counter({"500": 1}))

    both = first + second

    assert (both.latencies_ms, both.errors, both.seconds, both.error_kinds) == ([10.0, 20.0, 30.0], 1, 10.0, {"500": 1})
    assert both.requests == 3 and both.loaded


def test_the_rounds_must_be_at_least_one():
    from bench.run import parse_args

    assert parse_args(["--rounds", "2"]).rounds == 2
    with pytest.raises(SystemExit):
        parse_args(["--rounds", "0"])


def test_a_result_of_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        stats.result_from(key="x", label="X", kind="widget", latencies_ms=[1.0], errors=0, seconds=1.0)


# --- Targets -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "p50", "met"),
    [
        ("fragment", 10.0, True),
        ("fragment", 10.1, False),
        ("page", 16.0, True),
        ("page", 16.1, False),
        ("location", 24.0, True),
        ("location", 24.1, False),
    ],
)
def test_the_p50_target_depends_on_the_kind_of_page(kind, p50, met):
    result = _result(kind=kind, p50=p50, p95=p50)

    assert stats.marks(result, bare_p50=2.0)["ratio"] is met


def test_the_p95_target_is_two_and_a_half_times_the_pages_own_p50():
    assert stats.marks(_result(p50=10.0, p95=25.0), 5.0)["p95"] is True
    assert stats.marks(_result(p50=10.0, p95=25.1), 5.0)["p95"] is False


def test_a_single_error_or_no_request_at_all_misses_the_errors_target():
    assert stats.marks(_result(errors=0), 5.0)["errors"] is True
    assert stats.marks(_result(errors=1), 5.0)["errors"] is False
    assert stats.marks(_result(requests=0), 5.0)["errors"] is False


def test_more_than_15_queries_misses_the_queries_target():
    assert stats.marks(_result(queries=15), 5.0)["queries"] is True
    assert stats.marks(_result(queries=16), 5.0)["queries"] is False
    assert stats.marks(_result(queries=None), 5.0)["queries"] is None


def test_the_baselines_carry_no_targets():
    for kind in ("bare", "admin"):
        assert set(stats.marks(_result(kind=kind, errors=3, queries=99), 1.0).values()) == {None}


def test_missed_targets_name_the_page_the_figure_and_the_target():
    results = [_result(kind="bare", p50=2.0, label="Bare"), _result(p50=20.0, p95=60.0, errors=2, queries=26)]

    assert stats.missed_targets(results, bare_p50=2.0) == [
        "Child page: p50 10.0× the bare view (target ≤ 8×)",
        "Child page: p95 3.0× its p50 (target ≤ 2.5×)",
        "Child page: 2 errors in 100 requests (target 0)",
        "Child page: 26 queries (target ≤ 15)",
    ]


def test_the_reminder_job_line_marks_the_sixty_seconds_target():
    job = stats.JobResult(seconds=61.0, queries=20, children=20000, reminders={"digests": 7, "portfolio_views": 3})

    line = stats.job_line(job)

    assert "20,000 children: 61.00 s (target ≤ 60 s: MISSED), 20 queries" in line
    assert "digests 7, portfolio views 3" in line


# --- Tables ----------------------------------------------------------------------------


def test_the_text_table_has_a_header_a_rule_and_one_aligned_line_per_page():
    results = [_result(kind="bare", p50=2.0, label="Bare"), _result(p50=20.0, queries=26)]

    lines = stats.text_table(results, bare_p50=2.0).splitlines()

    assert len(lines) == 4
    assert lines[0].startswith("page")
    assert set(lines[1]) <= {"-", " "}
    assert lines[2].startswith("Bare ")
    assert "10.0×" in lines[3]
    assert "MISSED" in lines[3]
    assert lines[3].index("10.0×") + len("10.0×") == lines[0].index("p50 ÷ bare") + len("p50 ÷ bare")


def test_the_markdown_table_bolds_missed_targets_and_escapes_pipes():
    results = [_result(kind="bare", p50=2.0, label="Bare | baseline"), _result(p50=20.0, queries=26)]

    lines = stats.markdown_table(results, bare_p50=2.0).splitlines()

    assert len(lines) == 4
    assert lines[0].startswith("| page | req/s |")
    assert lines[1].startswith("| --- | ---: |")
    assert lines[2].startswith("| Bare \\| baseline |")
    assert lines[3].count("**missed**") == 2  # the ratio and the queries
    assert all(line.count(" | ") == len(stats.HEADERS) - 1 for line in lines if "\\|" not in line)


def test_a_page_without_figures_shows_dashes():
    empty = stats.Result("x", "X", "page", 0, 0, 1.0, None, None, None, None)

    (cells,) = stats.rows([empty], bare_p50=None)

    assert cells[2:5] == ("–", "–", "–")
    assert cells[7] == "–"


# --- BENCHMARKS.md --------------------------------------------------------------------------


START, END = RESULTS_START.format(key="demo"), RESULTS_END.format(key="demo")


def test_a_run_rewrites_only_the_results_block_of_its_data_set(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    scale_block = f"{RESULTS_START.format(key='scale-1')}\nscale figures\n{RESULTS_END.format(key='scale-1')}"
    path.write_text(f"# Benchmarks\n\nHow to run.\n\n{START}\nold figures\n{END}\n{scale_block}\n\n## Why\n\nKept.\n")

    write_results(path, f"{START}\nnew figures\n{END}", "demo")

    text = path.read_text()
    assert "new figures" in text
    assert "old figures" not in text
    assert "scale figures" in text
    assert text.startswith("# Benchmarks\n\nHow to run.")
    assert text.endswith("## Why\n\nKept.\n")


def test_a_new_data_set_gets_its_block_after_the_others(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    path.write_text(f"# Benchmarks\n\n{START}\ndemo figures\n{END}\n\n## Why\n\nKept.\n")
    start, end = RESULTS_START.format(key="scale-1"), RESULTS_END.format(key="scale-1")

    write_results(path, f"{start}\nscale figures\n{end}", "scale-1")

    text = path.read_text()
    assert text.index("demo figures") < text.index("scale figures") < text.index("## Why")


def test_a_first_run_creates_benchmarks_md(tmp_path):
    path = tmp_path / "BENCHMARKS.md"

    write_results(path, f"{START}\nfigures\n{END}", "demo")

    assert path.read_text().startswith("# Benchmarks")
    assert "figures" in path.read_text()


# --- The rest ----------------------------------------------------------------------------------


def test_the_roles_are_read_from_the_login_names():
    logins = ["bench-admin@x.test", "bench-pm@x.test", "bench-parent@x.test", "bench-manager@x.test"]

    assert roles_of(logins) == {
        "professional": "bench-pm@x.test",
        "parent": "bench-parent@x.test",
        "manager": "bench-manager@x.test",
        "admin": "bench-admin@x.test",
    }
    assert roles_of({"professional": "a@x", "parent": "b@x", "manager": "c@x", "admin": "d@x"})["parent"] == "b@x"


def test_a_session_keeps_the_cookies_the_server_sets_and_forgets_deleted_ones():
    class Response:
        headers = Message()

    Response.headers["Set-Cookie"] = "samenspel_session=abc; HttpOnly; Path=/; Secure"
    Response.headers["Set-Cookie"] = "csrftoken=tok; Path=/; Secure"
    session = Session("pm@x.test", {"samenspel_language": "nl"})

    session.take_cookies(Response)
    assert session.cookies == {"samenspel_language": "nl", "samenspel_session": "abc", "csrftoken": "tok"}
    assert session.csrf_token == "tok"

    Response.headers = Message()
    Response.headers["Set-Cookie"] = 'samenspel_session=""; Max-Age=0; Path=/'
    session.take_cookies(Response)
    assert "samenspel_session" not in session.cookies


def test_the_bare_view_is_not_routed_in_tests():
    with pytest.raises(Resolver404):
        resolve("/bench/plain/")


def test_the_benchmark_script_explains_itself():
    done = subprocess.run(
        [sys.executable, "bench/run.py", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )

    assert done.returncode == 0, done.stderr
    assert "--seconds" in done.stdout
    assert "--reuse-data" in done.stdout


def test_the_time_split_shows_the_share_spent_in_sql():
    result = stats.result_from(
        key="x", label="X", kind="page", latencies_ms=[1.0], errors=0, seconds=1.0, queries=9, app_ms=40.0, sql_ms=10.0
    )

    assert stats.split_rows([result]) == [("X", "9", "40.0", "10.0", "25 %")]
    assert stats.split_markdown_table([result]).splitlines()[2] == "| X | 9 | 40.0 | 10.0 | 25 % |"


def test_a_page_too_slow_to_load_is_reported_with_its_one_request():
    result = stats.result_from(
        key="loc", label="Location", kind="location", latencies_ms=[15500.0], errors=0, seconds=15.5, loaded=False
    )

    assert stats.marks(result, bare_p50=5.0)["ratio"] is False
    assert stats.marks(result, bare_p50=5.0)["p95"] is None
    assert stats.missed_targets([result], bare_p50=5.0)[0] == "Location: not put under load, one request took 15.5 s"
    assert stats.rows([result], bare_p50=5.0)[0][0] == "Location (one request, not loaded)"


def test_where_time_goes_asks_for_the_benchmark_database():
    """bench/where_time_goes.py profiles a page on the benchmark's data; without DATABASE_URL it
    says so instead of profiling the development database."""
    environment = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "bench/where_time_goes.py", "--page", "staff_home"],
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "set DATABASE_URL" in result.stderr


def test_where_time_goes_splits_a_request_into_compiling_running_and_rendering(db):
    """--phases: the parts of a request, timed around Django's compiler, cursor and templates,
    which are left as they were afterwards."""
    from django.db.backends import utils
    from django.db.models.sql import compiler
    from django.template import engines

    from accounts.models import User
    from bench.where_time_goes import phases

    before = (compiler.SQLCompiler.as_sql, utils.CursorWrapper._execute)

    def request():
        list(User.objects.filter(email="nobody@example.test"))
        engines["django"].from_string("{{ value }}").render({"value": 1})

    line = phases("A page", request, 3)
    assert line.startswith("A page: median ")
    assert "over 3 requests" in line
    for part in ("compiling SQL", "running SQL", "templates"):
        assert part in line
    assert (compiler.SQLCompiler.as_sql, utils.CursorWrapper._execute) == before


def test_where_time_goes_also_profiles_the_managers_trend_chart():
    """The trend chart has no target and is not loaded by bench/run.py, but its time can be
    asked for (`--page trend_chart`)."""
    from types import SimpleNamespace

    from django.urls import resolve

    from bench.where_time_goes import extra_pages
    from groups.dashboard_views import location_trend_chart

    (chart,) = extra_pages(SimpleNamespace(location_id=7))

    assert (chart.key, chart.role, chart.request.method) == ("trend_chart", "manager", "GET")
    match = resolve(chart.request.path_for(0))
    assert match.func is location_trend_chart
    assert match.kwargs == {"location_id": 7, "indicator": "routine_kept"}
