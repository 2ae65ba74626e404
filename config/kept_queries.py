"""Querysets compiled once per process and run again with other values: `kept_list`.

A page about one child asks the same dozen queries on every request, differing only in the
child's id and the time. Building such a queryset and compiling its SQL cost Django more
than the database spends running it. `kept_list` builds and compiles a query once per key,
finds where in its parameters the varying values ("slots") go, and from then on runs the
kept SQL with the new values in those places, loading model instances as Django would
(select_related, annotations, prefetch_related).

Where the slots go is found, not assumed: the query is compiled again with each slot
changed, and the parameters that changed must be that slot's value as the database takes it
(the value itself, its hex or text, or the backend's form of a date or time). A query whose
SQL changes with a slot, or whose parameters change with nothing (a clock read inside
`build`), is never kept: it is built and run as usual every time.

`kept_sql` does the same for SQL that is run as it is (a query around a compiled queryset).
The store is per process and bounded (the least recently used go first); a changed setting
empties it. What a key must hold is the caller's part: see `kept_list`.
"""

from __future__ import annotations

import datetime
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.core.signals import setting_changed
from django.db import connection
from django.db.models import QuerySet, prefetch_related_objects
from django.db.models.query import FlatValuesListIterable, ModelIterable, ValuesIterable, ValuesListIterable
from django.dispatch import receiver
from django.http import Http404

# Kept queries, per process: at most this many, the least recently used going first. One
# takes some 30 to 40 KiB (a page's queries with their compiled selects: tracemalloc).
KEPT_QUERIES_MAX = 1000
_kept_queries: OrderedDict[tuple, _Kept | None] = OrderedDict()
_lock = threading.Lock()

# The kinds of value a slot may hold: each keeps the SQL's shape whatever its value.
_SLOT_TYPES = (uuid.UUID, int, str, datetime.datetime, datetime.date)


def kept_list(key: tuple, build: Callable[..., QuerySet], **slots) -> list:
    """`list(build(**slots))`, the query built and compiled once per process for `key`.

    `key` names the query and everything it is built from apart from the slots (the user's
    scope, today's date, a flag): the caller's promise that the same key with other slot
    values builds the same query with only those values changed. `build` may use the slots
    only as values the query compares with; each slot is a UUID, int, str, date or datetime.
    """
    kept = _kept(("queryset", key, tuple(slots)), lambda **values: _compile(build(**values)), slots)
    if kept is None:
        return list(build(**slots))
    return kept.run(slots)


def kept_object_or_404(key: tuple, build: Callable[..., QuerySet], **slots):
    """The one object `kept_list` finds, as `get_object_or_404` gives it: 404 when there is none."""
    found = kept_list(key, build, **slots)
    if not found:
        raise Http404
    return found[0]


def kept_sql(key: tuple, build: Callable[..., tuple[str, Sequence]], **slots) -> tuple[str, tuple]:
    """The SQL and parameters `build(**slots)` makes, made once per process for `key` (for SQL
    that is run as it is, e.g. a query around a compiled queryset); slots as in `kept_list`."""
    kept = _kept(("sql", key, tuple(slots)), lambda **values: _SQL(*build(**values)), slots)
    if kept is None:
        sql, params = build(**slots)
        return sql, tuple(params)
    return kept.compiled.sql, tuple(kept.params_for(slots))


def _kept(store_key: tuple, make: Callable, slots: dict) -> _Kept | None:
    """What is kept under `store_key`, made (and found out where the slots go) on first use;
    None where it cannot be kept, or `slots` hold values of another kind than at first."""
    with _lock:  # threads of one process (a threaded server) share the store
        kept = _kept_queries.get(store_key, _UNKNOWN)
        if kept is not _UNKNOWN:
            _kept_queries.move_to_end(store_key)
    if kept is _UNKNOWN:
        kept = _keep(make, slots)
        with _lock:
            while len(_kept_queries) >= KEPT_QUERIES_MAX:
                _kept_queries.popitem(last=False)
            _kept_queries[store_key] = kept
    return kept if kept is not None and kept.fits(slots) else None


def forget_kept_queries() -> None:
    with _lock:
        _kept_queries.clear()


# Settings no query is built from: changing them (as every test does) keeps what is kept.
_NOT_IN_QUERIES = frozenset({"PASSWORD_HASHERS", "STAFF_EMAIL_HOURS", "STAFF_EMAIL_DAYS", "PRIVATE_MEDIA_ROOT"})


@receiver(setting_changed)
def _settings_changed(*, setting: str, **kwargs) -> None:
    """A query built from a setting (a grace period, a default interval) is built anew."""
    if setting not in _NOT_IN_QUERIES:
        forget_kept_queries()


_UNKNOWN = object()


@dataclass(frozen=True)
class _Compiled:
    queryset: QuerySet
    names: tuple  # of the values() dicts' keys
    sql: str
    params: tuple
    select: list
    klass_info: dict
    annotation_col_map: dict
    col_count: int
    has_extra_select: bool


@dataclass(frozen=True)
class _SQL:
    """SQL as it is run, to keep (`kept_sql`)."""

    sql: str
    params: tuple

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", tuple(self.params))


@dataclass(frozen=True)
class _Kept:
    compiled: _Compiled | _SQL
    slot_types: dict
    places: tuple  # (position in params, slot name, the value as the database takes it)

    def fits(self, slots: dict) -> bool:
        return all(type(value) is self.slot_types[name] for name, value in slots.items())

    def params_for(self, slots: dict) -> list:
        params = list(self.compiled.params)
        for position, name, prepare in self.places:
            params[position] = prepare(slots[name])
        return params

    def run(self, slots: dict) -> list:
        kept = self.compiled
        if not kept.sql:
            return []
        params = self.params_for(slots)
        queryset = kept.queryset
        compiler = queryset.query.get_compiler(using=queryset.db)
        compiler.select, compiler.klass_info = kept.select, kept.klass_info
        compiler.annotation_col_map, compiler.col_count = kept.annotation_col_map, kept.col_count
        compiler.has_extra_select = kept.has_extra_select
        sql = kept.sql
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        iterable = queryset._iterable_class
        if iterable is ValuesListIterable:
            return list(compiler.results_iter(tuple_expected=True))
        if iterable is FlatValuesListIterable:
            return [row[0] for row in compiler.results_iter()]
        if iterable is ValuesIterable:
            names = kept.names
            return [dict(zip(names, row, strict=True)) for row in compiler.results_iter()]
        rows = list(ModelIterable(_Running(queryset, compiler)))
        if queryset._prefetch_related_lookups:
            prefetch_related_objects(rows, *queryset._prefetch_related_lookups)
        return rows


class _Running:
    """What ModelIterable reads of a queryset, with the compiler that runs the kept SQL."""

    def __init__(self, queryset: QuerySet, compiler) -> None:
        self.db = queryset.db
        self.model = queryset.model
        self._known_related_objects = {}
        self.query = self
        self._compiler = compiler

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return self._compiler


def _keep(make: Callable, slots: dict) -> _Kept | None:
    """`make(**slots)` (a _Compiled or _SQL, None: nothing to run) with where each slot goes
    in its parameters, found by making it again with each slot changed; None where the SQL
    changes, or parameters change that are not the slot's value as the database takes it."""
    if any(type(value) not in _SLOT_TYPES for value in slots.values()):
        return None
    base, again = make(**slots), make(**slots)
    if base is None or again is None or (again.sql, again.params) != (base.sql, base.params):
        return None  # nothing to run, or not the same query twice (e.g. it reads the clock)
    places = []
    for name, value in slots.items():
        other_value = _other(value)
        other = make(**{**slots, name: other_value})
        if other is None or other.sql != base.sql or len(other.params) != len(base.params):
            return None
        for position, (was, now) in enumerate(zip(base.params, other.params, strict=True)):
            if was == now:
                continue
            prepare = _preparation(value, was, other_value, now)
            if prepare is None or any(position == taken for taken, _, _ in places):
                return None
            places.append((position, name, prepare))
    return _Kept(base, {name: type(value) for name, value in slots.items()}, tuple(places))


# What a kept query may load: model instances, values() dicts, values_list() tuples or values.
_ITERABLES = (ModelIterable, ValuesIterable, ValuesListIterable, FlatValuesListIterable)


def _compile(queryset: QuerySet) -> _Compiled | None:
    if queryset._iterable_class not in _ITERABLES or queryset._known_related_objects:
        return None  # nor any tied to one related object (a related manager's)
    query = queryset.query
    names = tuple(query.selected or (*query.extra_select, *query.values_select, *query.annotation_select))
    compiler = query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        sql, params = "", ()  # nothing to ask the database (e.g. `.none()`): kept as that
    return _Compiled(
        queryset,
        names,
        sql,
        tuple(params),
        compiler.select,
        compiler.klass_info,
        compiler.annotation_col_map,
        compiler.col_count,
        compiler.has_extra_select,
    )


def _other(value):
    """Another value of the same kind, to see where the slot goes."""
    if isinstance(value, uuid.UUID):
        return uuid.uuid4()
    if isinstance(value, datetime.datetime):
        return value + datetime.timedelta(seconds=1, microseconds=1)
    if isinstance(value, datetime.date):
        return value + datetime.timedelta(days=1)
    if isinstance(value, int):
        return value + 1
    return value + "·"


def _preparation(value, was, other_value, now) -> Callable | None:
    """How the database takes a slot's value, found from two values and what became of them."""
    ops = connection.ops
    candidates = [lambda v: v, str]
    if isinstance(value, uuid.UUID):
        candidates.append(lambda v: v.hex)
    elif isinstance(value, datetime.datetime):
        candidates.append(ops.adapt_datetimefield_value)
    elif isinstance(value, datetime.date):
        candidates.append(ops.adapt_datefield_value)
    for prepare in candidates:
        if _same(prepare(value), was) and _same(prepare(other_value), now):
            return prepare
    return None


def _same(a, b) -> bool:
    return type(a) is type(b) and a == b
