"""The pure part of the benchmark: percentiles, the issue's targets, the tables.

No Django and no network here, so that tests/bench/test_bench.py can check it quickly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# The targets (issue 10): p50 within this many times the bare view's p50, by kind of page.
RATIO_LIMITS = {"fragment": 5.0, "page": 8.0, "location": 12.0}
P95_OVER_P50_LIMIT = 2.5
MAX_QUERIES = 15
REMINDER_JOB_MAX_SECONDS = 60.0

# Kinds of rows: the key pages carry targets; the baselines (the bare view, the Django admin)
# are only measured.
KEY_KINDS = frozenset(RATIO_LIMITS)
BASELINE_KINDS = frozenset({"bare", "admin"})

TARGET_NAMES = ("ratio", "p95", "errors", "queries")


def percentile(values: Sequence[float], pct: float) -> float | None:
    """The pct-th percentile (0–100) with linear interpolation between the closest ranks
    (numpy's default), or None without values."""
    if not 0 <= pct <= 100:
        raise ValueError(f"a percentile lies between 0 and 100, not {pct}")
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low = math.floor(rank)
    high = math.ceil(rank)
    if low == high:
        return float(ordered[low])
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class Result:
    """One page's figures from one run of the load generator."""

    key: str
    label: str
    kind: str  # "bare", "admin", "fragment", "page" or "location"
    requests: int
    errors: int
    seconds: float
    p50: float | None
    p95: float | None
    p99: float | None
    queries: int | None = None
    # One request at a time in-process (no load): its time, and the part of it spent in SQL.
    app_ms: float | None = None
    sql_ms: float | None = None
    # False when the page was too slow to put under load: one request was measured.
    loaded: bool = True

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0

    @property
    def is_key_page(self) -> bool:
        return self.kind in KEY_KINDS


def result_from(
    *,
    key: str,
    label: str,
    kind: str,
    latencies_ms: Sequence[float],
    errors: int,
    seconds: float,
    queries: int | None = None,
    app_ms: float | None = None,
    sql_ms: float | None = None,
    loaded: bool = True,
) -> Result:
    """`latencies_ms` holds every answered request (errors included: a fast 500 is still a request)."""
    if kind not in KEY_KINDS | BASELINE_KINDS:
        raise ValueError(f"unknown kind of page: {kind!r}")
    return Result(
        key=key,
        label=label,
        kind=kind,
        requests=len(latencies_ms),
        errors=errors,
        seconds=seconds,
        p50=percentile(latencies_ms, 50),
        p95=percentile(latencies_ms, 95),
        p99=percentile(latencies_ms, 99),
        queries=queries,
        app_ms=app_ms,
        sql_ms=sql_ms,
        loaded=loaded,
    )


def ratio_to_bare(result: Result, bare_p50: float | None) -> float | None:
    if result.p50 is None or not bare_p50:
        return None
    return result.p50 / bare_p50


def marks(result: Result, bare_p50: float | None) -> dict[str, bool | None]:
    """Per target of the issue: True (met), False (missed) or None (no target for this row,
    or nothing measured)."""
    if not result.is_key_page:
        return dict.fromkeys(TARGET_NAMES)
    ratio = ratio_to_bare(result, bare_p50)
    return {
        "ratio": None if ratio is None else ratio <= RATIO_LIMITS[result.kind],
        "p95": None
        if not result.loaded or result.p50 is None or result.p95 is None
        else result.p95 <= P95_OVER_P50_LIMIT * result.p50,
        "errors": result.errors == 0 and result.requests > 0,
        "queries": None if result.queries is None else result.queries <= MAX_QUERIES,
    }


def missed_targets(results: Sequence[Result], bare_p50: float | None) -> list[str]:
    """One line per missed target, e.g. "Child page: 23 queries (target ≤ 15)"."""
    lines = []
    for result in results:
        mark = marks(result, bare_p50)
        if not result.loaded:
            took = "no answer" if result.p50 is None else f"one request took {result.p50 / 1000:.1f} s"
            lines.append(f"{result.label}: not put under load, {took}")
        if mark["ratio"] is False:
            ratio = ratio_to_bare(result, bare_p50)
            lines.append(f"{result.label}: p50 {ratio:.1f}× the bare view (target ≤ {RATIO_LIMITS[result.kind]:g}×)")
        if mark["p95"] is False:
            lines.append(
                f"{result.label}: p95 {result.p95 / result.p50:.1f}× its p50 (target ≤ {P95_OVER_P50_LIMIT:g}×)"
            )
        if mark["errors"] is False:
            lines.append(f"{result.label}: {result.errors} errors in {result.requests} requests (target 0)")
        if mark["queries"] is False:
            lines.append(f"{result.label}: {result.queries} queries (target ≤ {MAX_QUERIES})")
    return lines


# --- Tables ----------------------------------------------------------------------

HEADERS = (
    "page",
    "req/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "errors",
    "queries",
    "p50 ÷ bare",
    "target ÷ bare",
    "ratio",
    "p95 ≤ 2.5×p50",
    "0 errors",
    "≤ 15 queries",
)


def _number(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _mark(value: bool | None, *, missed: str) -> str:
    return "–" if value is None else ("met" if value else missed)


def rows(results: Sequence[Result], bare_p50: float | None, *, missed: str = "MISSED") -> list[tuple[str, ...]]:
    """The table's cells per result, as text."""
    table = []
    for result in results:
        mark = marks(result, bare_p50)
        ratio = ratio_to_bare(result, bare_p50)
        limit = RATIO_LIMITS.get(result.kind)
        table.append(
            (
                result.label if result.loaded else f"{result.label} (one request, not loaded)",
                _number(result.rps),
                _number(result.p50),
                _number(result.p95),
                _number(result.p99),
                str(result.errors),
                "–" if result.queries is None else str(result.queries),
                "–" if ratio is None else f"{ratio:.1f}×",
                "–" if limit is None else f"≤ {limit:g}×",
                *(_mark(mark[name], missed=missed) for name in TARGET_NAMES),
            )
        )
    return table


def _aligned(headers: Sequence[str], body: Sequence[Sequence[str]]) -> str:
    widths = [max(len(cells[i]) for cells in [headers, *body]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        padded = [cells[0].ljust(widths[0])]
        padded += [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(headers), rule, *(line(cells) for cells in body)])


def _markdown(headers: Sequence[str], align: Sequence[str], body: Sequence[Sequence[str]]) -> str:
    return "\n".join(_md_line(cells) for cells in [headers, align, *body])


def _md_line(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def text_table(results: Sequence[Result], bare_p50: float | None) -> str:
    """An aligned plain-text table for the terminal: text left, figures right."""
    return _aligned(HEADERS, rows(results, bare_p50))


def markdown_table(results: Sequence[Result], bare_p50: float | None) -> str:
    """A GitHub table; missed targets in bold."""
    align = ["---", *["---:"] * 8, *[":---:"] * 4]
    return _markdown(HEADERS, align, rows(results, bare_p50, missed="**missed**"))


# Where one request's time goes, without load: what the ratios cannot tell.
SPLIT_HEADERS = ("page", "queries", "one request ms", "of it in SQL ms", "SQL share")


def split_rows(results: Sequence[Result]) -> list[tuple[str, ...]]:
    table = []
    for result in results:
        share = None if not result.app_ms or result.sql_ms is None else 100 * result.sql_ms / result.app_ms
        table.append(
            (
                result.label,
                "–" if result.queries is None else str(result.queries),
                _number(result.app_ms),
                _number(result.sql_ms),
                "–" if share is None else f"{share:.0f} %",
            )
        )
    return table


def split_text_table(results: Sequence[Result]) -> str:
    return _aligned(SPLIT_HEADERS, split_rows(results))


def split_markdown_table(results: Sequence[Result]) -> str:
    return _markdown(SPLIT_HEADERS, ["---", *["---:"] * 4], split_rows(results))


# --- The reminder job -------------------------------------------------------------


@dataclass(frozen=True)
class JobResult:
    seconds: float
    queries: int
    children: int
    reminders: dict[str, int]

    @property
    def within_time(self) -> bool:
        return self.seconds <= REMINDER_JOB_MAX_SECONDS


def job_line(job: JobResult) -> str:
    planned = ", ".join(f"{name.replace('_', ' ')} {count}" for name, count in job.reminders.items())
    mark = "met" if job.within_time else "MISSED"
    return (
        f"Daily reminder job for {job.children:,} children: {job.seconds:.2f} s "
        f"(target ≤ {REMINDER_JOB_MAX_SECONDS:g} s: {mark}), {job.queries} queries; reminders offered: {planned}"
    )
