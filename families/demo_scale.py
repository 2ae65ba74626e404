# ruff: noqa: S311 - demo data from a seeded generator, nothing secret
"""A large demo organisation for the benchmark: `manage.py demo_data --scale 1.0`.

At scale 1.0: 60 locations, 800 groups (a quarter of them VE), 20,000 children in about
18,000 families with 35,000 parents (about 60 % with a login), two or three professionals
per group (each a mentor), a manager per location (some have two), placements (about one in
ten ended: children who left, or moved to another group of their location), intakes (most
completed), contact routines, home visits (mostly in VE groups), consent decisions, 600,000
contact moments over the last two years with topics, parents present and agreements,
400,000 portfolio entries from both sides with responses and "seen" marks (no photo files),
for every VE group a home activity each week with feedback from about half of the families,
a theme per four weeks and a parent–child session every four weeks, and a few messages per
family, announcements and requests for a conversation. Every count scales with `scale`
(0.001 gives one location, two groups and about twenty children).

The data is what the app itself would have written (the fields that contacts.selectors and
groups.indicators read are set the same way), made with one seeded `random.Random`, so the
same scale on the same day gives the same organisation. Some children are overdue for
contact, some families out of sight, some intakes still a draft.

Speed: rows are written in bulk, with COPY on PostgreSQL and executemany elsewhere, inside
one transaction, without the audit trail (nothing is logged, nothing is notified or
mailed). All logins share settings.DEMO_PASSWORD, hashed once. It runs only into an empty
organisation (no locations, groups or families yet).
"""

from __future__ import annotations

import io
import json
import random
import time as clock
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from auditlog.context import disable_auditlog
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone, translation

from accounts.models import User
from activities import demo as activities_demo
from activities.models import (
    GroupTheme,
    HomeActivity,
    HomeActivityFeedback,
    ParentChildSession,
    SessionFamily,
)
from contacts.models import BUILT_IN_TOPICS, Agreement, ContactMoment, ContactRoutine, ConversationRequest, Topic
from contacts.selectors import default_every_weeks, out_of_sight_margin
from families.management.commands import demo_data as demo
from families.models import Child, Consent, Family, Guardian, HomeLanguage, HomeVisit, Intake, Placement
from groups.models import Group, Location, StaffAssignment
from messaging.models import Announcement, AnnouncementRead, Message, ReadMark
from portfolios import demo as portfolios_demo
from portfolios.models import BUILT_IN_DOMAINS, Domain, EntrySeen, Perspective, PortfolioEntry, Response

# The logins the benchmark uses, one per role (password: settings.DEMO_PASSWORD).
SCALE_LOGINS = {
    "professional": "bench-pm@samenspel.test",
    "parent": "bench-parent@samenspel.test",
    "manager": "bench-manager@samenspel.test",
    "admin": "bench-admin@samenspel.test",
}
EMAIL_DOMAIN = "samenspel.test"

# The organisation at scale 1.0.
FULL_SIZE = {
    "locations": 60,
    "groups": 800,
    "children": 20_000,
    "guardians": 35_000,
    "contact_moments": 600_000,
    "portfolio_entries": 400_000,
}
VE_SHARE = 0.25
SIBLING_SHARE = 0.111  # of families, a second child: 20,000 children in ~18,000 families
SINGLE_PARENT_SHARE = 0.056  # 18,000 families with 35,000 parents
LOGIN_SHARE = (0.80, 0.40)  # of the first and the second parent: together about 60 %
LEFT_SHARE = 0.065  # children whose placement ended
MOVED_SHARE = 0.05  # children with an ended placement in another group before this one
OVERDUE_SHARE = 0.10
DUE_SHARE = 0.10
OUT_OF_SIGHT_SHARE = 0.02  # of families
HISTORY_DAYS = 730  # contact moments and portfolio entries over the last two years
HOME_ACTIVITY_WEEKS = 52  # a home activity each week, this week and the 52 before
SESSION_EVERY_WEEKS = 4

FLUSH_ROWS = 20_000
CHILD_CHUNK = 1_000  # children per round of contact moments / portfolio entries

LOCATION_NAMES = (
    "De Regenboog",
    "Het Kompas",
    "De Zonnebloem",
    "Het Palet",
    "De Vlindertuin",
    "Kleine Beer",
    "De Boomhut",
    "Het Speelhuis",
    "De Kikkerpoel",
    "Het Eiland",
    "De Notenkraker",
    "Het Zonnehuis",
    "De Springplank",
    "Het Klavertje",
    "De Wilgen",
    "Het Vogelnest",
    "De Toverfluit",
    "Het Bolwerk",
    "De Kersenboom",
    "Het Uilennest",
    "De Paddenstoel",
    "Het Avontuur",
    "De Vuurtoren",
    "Het Molentje",
    "De Schatkist",
    "Het Lichtpunt",
    "De Zeester",
    "Het Hofje",
    "De Linde",
    "Het Bijenkorfje",
)
CITIES = (
    "Utrecht",
    "Rotterdam",
    "Amsterdam",
    "Den Haag",
    "Eindhoven",
    "Tilburg",
    "Groningen",
    "Almere",
    "Breda",
    "Nijmegen",
    "Arnhem",
    "Zwolle",
)
STREETS = ("Kanaalweg", "Schoolstraat", "Dorpsstraat", "Lindelaan", "Parkweg", "Molenstraat", "Julianastraat")
GROUP_NAMES = (
    "Dolfijnen",
    "Vlinders",
    "Uilen",
    "Zonnetjes",
    "Beertjes",
    "Egeltjes",
    "Kikkers",
    "Lieveheersbeestjes",
    "Olifantjes",
    "Giraffen",
    "Pinguïns",
    "Vossen",
    "Eekhoorns",
    "Konijntjes",
    "Schildpadden",
    "Zeepaardjes",
    "Sterretjes",
    "Maantjes",
    "Wolkjes",
    "Bijtjes",
    "Muisjes",
    "Kuikens",
    "Lammetjes",
    "Pandaberen",
)
# Age ranges (months) of the groups that are not VE, in turn: babies, toddlers, mixed.
AGE_RANGES = ((0, 24), (24, 48), (0, 48), (12, 36))
VE_AGES = (30, 48)

# Backgrounds of the families (demo_data.BACKGROUNDS): in VE groups more families speak
# another language at home.
MIX_OTHER = {
    "dutch": 55,
    "moroccan": 10,
    "turkish": 9,
    "polish": 6,
    "english": 6,
    "syrian": 5,
    "somali": 4,
    "ukrainian": 5,
}
MIX_VE = {
    "dutch": 15,
    "moroccan": 22,
    "turkish": 20,
    "polish": 10,
    "english": 3,
    "syrian": 13,
    "somali": 9,
    "ukrainian": 8,
}
STAFF_MIX = {"dutch": 60, "moroccan": 12, "turkish": 12, "polish": 6, "english": 4, "syrian": 3, "somali": 3}

# Contact moments: how often each kind, and when in the day.
MOMENT_KINDS = (
    (ContactMoment.Kind.PICK_UP, 62),
    (ContactMoment.Kind.PHONE, 10),
    (ContactMoment.Kind.PLANNED, 10),
    (ContactMoment.Kind.DEVELOPMENT, 9),
    (ContactMoment.Kind.VIDEO, 3),
)
CONVERSATIONS = {ContactMoment.Kind.PLANNED, ContactMoment.Kind.DEVELOPMENT, ContactMoment.Kind.HOME_VISIT}
PICK_UP_TIMES = (time(8, 15), time(8, 30), time(8, 40), time(17, 0), time(17, 15), time(17, 30), time(17, 45))

ANNOUNCEMENTS = (
    demo.ANNOUNCEMENT,
    "Volgende week vrijdag is de groep gesloten vanwege een studiedag. Fijn weekend alvast!",
    "We zoeken lege wc-rolletjes en eierdozen om mee te knutselen. Wie heeft er een paar?",
    "Deze week oefenen we het liedje 'Hoofd, schouders, knie en teen'. Zingen jullie thuis mee?",
    "Denken jullie aan een extra set kleren in de tas? Er wordt veel met water gespeeld.",
    "Op woensdag komt de bibliotheekbus. Jullie kind mag een boekje uitkiezen voor thuis.",
)
MESSAGES_OF_PARENTS = (
    "{child} heeft vannacht slecht geslapen en is wat moe. Letten jullie op een middagslaapje?",
    "Oma haalt {child} vandaag op, om half vijf.",
    "Is de knuffel van {child} nog op de groep? Thuis kunnen we hem niet vinden.",
    "{child} heeft een beetje verhoging gehad, nu gaat het weer goed.",
    "Dank jullie wel voor de foto's! {child} vertelt er thuis steeds over.",
    "Morgen komt {child} later, we moeten eerst naar het consultatiebureau.",
)
MESSAGES_OF_STAFF = (
    "Goedemorgen! {child} heeft vandaag met klei een taart gemaakt.",
    "Dank je voor het bericht. We letten erop, en we laten het je weten bij het ophalen.",
    "{child} heeft goed gegeten en lekker buiten gespeeld.",
    "De knuffel ligt in het mandje van {child}, we geven hem vanmiddag mee.",
    "Fijn om te horen! Tot morgen.",
)
REQUEST_REASONS = (
    demo.CONVERSATION_REQUEST_REASON,
    "We maken ons een beetje zorgen over het praten. Kunnen we een keer rustig praten?",
    "Ze slaapt thuis slecht sinds de verhuizing. Hoe gaat het op de groep?",
    "We willen graag weten hoe het gaat met spelen met andere kinderen.",
)


def scale_demo_load(*, scale: float, stdout=None) -> dict[str, int]:
    """Generate the organisation at `scale` (1.0 is the full size) into an empty database;
    the number of rows per table. Progress goes to `stdout` (a file-like object), if given.
    Raises CommandError when the organisation is not empty or the scale makes no sense."""
    if not 0 < scale <= 5:
        raise CommandError("The scale must be above 0 and at most 5 (1.0 is the full organisation).")
    _refuse_unless_empty()
    loader = _Loader(scale=scale, today=timezone.localdate(), write=stdout.write if stdout else None)
    with translation.override("nl"), disable_auditlog(), transaction.atomic():
        loader.run()
    loader.analyse()
    return dict(loader.sink.counts)


def _refuse_unless_empty() -> None:
    taken = [
        label
        for label, exists in (
            ("locations", Location.objects.exists()),
            ("groups", Group.objects.exists()),
            ("families", Family.objects.exists()),
            ("children", Child.objects.exists()),
            ("demo logins", User.objects.filter(email__iendswith=f"@{EMAIL_DOMAIN}").exists()),
        )
        if exists
    ]
    if taken:
        raise CommandError(
            "The scaled demo needs an empty organisation, but this database already has "
            f"{', '.join(taken)}. Use a fresh database (create it, then `manage.py migrate`)."
        )


# --- Writing rows in bulk ----------------------------------------------------------------

_REQUIRED = object()


class _Table:
    """How rows (dicts of attnames) of one model are written: the columns, and a value for
    each column a row leaves out (its default, now for auto_now fields, else empty)."""

    def __init__(self, model: type[models.Model], first_row: dict, now: datetime) -> None:
        self.model = model
        self.name = model._meta.db_table
        pk = model._meta.pk
        self.fields = [
            f for f in model._meta.concrete_fields if not (f is pk and f.attname not in first_row)
        ]  # an auto pk left out is numbered by the database
        self.attnames = [f.attname for f in self.fields]
        self.known = frozenset(self.attnames)
        self.defaults = {}
        for f in self.fields:
            if f.has_default():
                value = f.get_default()
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            elif f.null:
                value = None
            elif f.empty_strings_allowed and not f.primary_key:
                value = ""
            else:
                value = _REQUIRED
            self.defaults[f.attname] = value
        self.rows: list[dict] = []

    def values(self, row: dict) -> list:
        values = [row[name] if name in row else self.defaults[name] for name in self.attnames]
        if _REQUIRED in values:
            missing = [name for name, value in zip(self.attnames, values, strict=True) if value is _REQUIRED]
            raise ValueError(f"{self.name}: no value for {missing}")
        return values


def _copy_text(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    kind = type(value)
    if kind is str:
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return value
    if kind is bool:
        return "t" if value else "f"
    if kind is int or kind is Decimal or kind is uuid.UUID:
        return str(value)
    if kind is datetime or kind is date or kind is time:
        return value.isoformat()
    if kind is dict or kind is list:
        return _copy_text(json.dumps(value))
    return _copy_text(str(value))


class _Sink:
    """Buffers rows per model and writes them in bulk: COPY on PostgreSQL, executemany
    (through each field's own conversion) elsewhere. Writes no signals, no audit trail."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.tables: dict[type[models.Model], _Table] = {}
        self.counts: Counter = Counter()
        self.postgres = connection.vendor == "postgresql"
        self.numbered: set[type[models.Model]] = set()  # models given explicit integer ids

    def add(self, model: type[models.Model], row: dict) -> None:
        table = self.tables.get(model)
        if table is None:
            table = self.tables[model] = _Table(model, row, self.now)
        table.rows.append(row)
        if len(table.rows) >= FLUSH_ROWS:
            self._flush(table)

    def flush(self) -> None:
        for table in self.tables.values():
            self._flush(table)

    def _flush(self, table: _Table) -> None:
        rows, table.rows = table.rows, []
        if not rows:
            return
        unknown = set(rows[0]) - table.known
        if unknown:
            raise ValueError(f"{table.name}: unknown columns {sorted(unknown)}")
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in table.fields)
        with connection.cursor() as cursor:
            if self.postgres:
                buffer = io.StringIO()
                write = buffer.write
                for row in rows:
                    write("\t".join([_copy_text(value) for value in table.values(row)]))
                    write("\n")
                with cursor.copy(f"COPY {quote(table.name)} ({columns}) FROM STDIN") as copy:
                    copy.write(buffer.getvalue())
            else:
                prepare = [f.get_db_prep_save for f in table.fields]
                params = [
                    [to_db(value, connection) for to_db, value in zip(prepare, table.values(row), strict=True)]
                    for row in rows
                ]
                marks = ", ".join(["%s"] * len(table.fields))
                sql = f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})"  # noqa: S608 - model names only
                cursor.executemany(sql, params)
        self.counts[table.model._meta.label] += len(rows)

    def reset_sequences(self) -> None:
        """After explicit integer ids, the database's own numbering continues after them."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.numbered))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


class _Ids:
    """Integer ids for new rows of a model, after the ones it has."""

    def __init__(self, sink: _Sink, model: type[models.Model]) -> None:
        self.next = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        sink.numbered.add(model)

    def __call__(self) -> int:
        value = self.next
        self.next += 1
        return value


# --- The organisation in memory ------------------------------------------------------------


@dataclass(slots=True, eq=False)
class _Location:
    id: int
    name: str
    kind: str
    city: str
    groups: list[_Group] = field(default_factory=list)
    managers: list[int] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class _Group:
    id: int
    location: _Location
    name: str
    is_ve: bool
    age_from: int
    age_to: int
    size: int = 0
    professionals: list[int] = field(default_factory=list)
    children: list[_Child] = field(default_factory=list)  # whose last placement is here
    position: int = 0


@dataclass(slots=True, eq=False)
class _Guardian:
    id: uuid.UUID
    first_name: str
    relationship: str
    email: str
    user_id: int | None = None


@dataclass(slots=True, eq=False)
class _Family:
    id: uuid.UUID
    name: str
    background: str
    city: str
    guardians: list[_Guardian] = field(default_factory=list)
    children: list[_Child] = field(default_factory=list)
    interpreter: bool = False
    engagement: float = 0.5  # how often they answer a home activity
    out_of_sight: bool = False
    created_on: date | None = None

    @property
    def writer(self) -> _Guardian | None:
        """The first parent with a login: who writes entries, feedback and messages."""
        return next((guardian for guardian in self.guardians if guardian.user_id), None)

    @property
    def preferred(self) -> str:
        return demo.BACKGROUNDS[self.background].preferred


@dataclass(slots=True, eq=False)
class _Placement:
    group: _Group
    start: date
    end: date | None
    mentor: int


@dataclass(slots=True, eq=False)
class _Child:
    id: uuid.UUID
    family: _Family | None
    first_name: str
    birth_date: date
    placements: list[_Placement]  # oldest first
    status: str = "ok"  # ok, due, overdue, out_of_sight, left, future
    routine_weeks: int = 6
    names: dict = field(default_factory=dict)
    visit_days: list[date] = field(default_factory=list)  # done home visits

    @property
    def last(self) -> _Placement:
        return self.placements[-1]

    def placement_on(self, day: date) -> _Placement:
        for placement in reversed(self.placements):
            if placement.start <= day:
                return placement
        return self.placements[0]


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _spread(rng: random.Random, total: int, parts: int, *, minimum: int = 1) -> list[int]:
    """`total` over `parts` roughly evenly (±25 %), each at least `minimum`."""
    weights = [rng.uniform(0.75, 1.25) for _ in range(parts)]
    scale = total / sum(weights)
    sizes = [max(minimum, int(weight * scale)) for weight in weights]
    position = 0
    while sum(sizes) < total:
        sizes[position % parts] += 1
        position += 1
    while sum(sizes) > total and any(size > minimum for size in sizes):
        if sizes[position % parts] > minimum:
            sizes[position % parts] -= 1
        position += 1
    return sizes


def _rounded(value: float, minimum: int = 1) -> int:
    return max(minimum, round(value))


class _Loader:
    def __init__(self, *, scale: float, today: date, write: Callable[[str], object] | None) -> None:
        self.scale = scale
        self.today = today
        self.now = timezone.now()
        self.tz = timezone.get_current_timezone()
        self.monday = today - timedelta(days=today.weekday())
        self.write = write
        self.rng = random.Random(f"samenspel-scale-{scale}")
        self.sink = _Sink(self.now)
        self.password = make_password(settings.DEMO_PASSWORD)
        self.locations: list[_Location] = []
        self.groups: list[_Group] = []
        self.families: list[_Family] = []
        self.children: list[_Child] = []
        self.users: list[dict] = []
        self.user_ids = _Ids(self.sink, User)
        self.bench: dict[str, object] = {}
        self.parent_number = 0
        self.children_by_group: dict[int, list[_Child]] = defaultdict(list)
        self.handed_to_families: set[tuple] = set()
        self.started = clock.monotonic()

    # --- helpers

    def at(self, day: date, moment: time) -> datetime:
        return datetime.combine(day, moment, tzinfo=self.tz)

    def _log(self, stage: str, since: float, **counts: int) -> None:
        self.sink.flush()  # the stage's time includes writing its rows
        if self.write is None:
            return
        figures = ", ".join(f"{name} {count:,}" for name, count in counts.items())
        self.write(f"{stage:<26} {clock.monotonic() - since:7.1f}s  {figures}\n")

    def _user(self, email: str, first_name: str, last_name: str, *, joined: date, **extra) -> int:
        user_id = self.user_ids()
        joined_at = self.at(joined, time(10, 0))
        self.users.append(
            {
                "id": user_id,
                "email": email.lower(),
                "password": self.password,
                "first_name": first_name,
                "last_name": last_name,
                "date_joined": joined_at,
                "last_login": self.now - timedelta(hours=self.rng.randint(2, 24 * 20)),
                **extra,
            }
        )
        return user_id

    def _email(self, first_name: str, last_name: str, number: object) -> str:
        return f"{demo._email_part(first_name)}.{demo._email_part(last_name)}.{number}@{EMAIL_DOMAIN}"

    # --- the stages

    def run(self) -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        stages = (
            self.locations_and_groups,
            self.staff,
            self.families_and_children,
            self.records,
            self.contact_moments,
            self.portfolios,
            self.activities,
            self.messages,
        )
        for stage in stages:
            stage()
        self.sink.flush()
        self.sink.reset_sequences()
        if self.write:
            self.write(
                f"{'total':<26} {clock.monotonic() - self.started:7.1f}s  {sum(self.sink.counts.values()):,} rows\n"
            )

    def analyse(self) -> None:
        """Fresh planner statistics, so the first queries on the new data use the indexes."""
        if connection.vendor == "postgresql":
            since = clock.monotonic()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            self._log("analyse", since)

    def locations_and_groups(self) -> None:
        since = clock.monotonic()
        rng = random.Random(f"{self.rng.random()}-locations")
        location_count = _rounded(FULL_SIZE["locations"] * self.scale)
        group_count = max(2, _rounded(FULL_SIZE["groups"] * self.scale), location_count)
        ve_target = max(1, round(group_count * VE_SHARE))
        per_location = _spread(rng, group_count, location_count)
        location_ids, group_ids = _Ids(self.sink, Location), _Ids(self.sink, Group)
        kinds = []
        for index in range(location_count):
            if index % 6 == 3:
                kinds.append(Location.Kind.PRESCHOOL)
            elif index % 3 == 1:
                kinds.append(Location.Kind.DAYCARE)
            else:
                kinds.append(Location.Kind.CHILD_CENTRE)
        # VE: every group of a preschool, then the first groups of the child centres in turn.
        ve_per_location = [per_location[i] if kinds[i] == Location.Kind.PRESCHOOL else 0 for i in range(location_count)]
        centres = [i for i in range(location_count) if kinds[i] == Location.Kind.CHILD_CENTRE]
        # A child centre with more than one group keeps at least one group that is not VE.
        room = {i: per_location[i] if per_location[i] == 1 else per_location[i] - 1 for i in centres}
        turn = 0
        while sum(ve_per_location) < ve_target and any(ve_per_location[i] < room[i] for i in centres):
            index = centres[turn % len(centres)]
            if ve_per_location[index] < room[index]:
                ve_per_location[index] += 1
            turn += 1
        names = set()
        prefixes = {
            Location.Kind.PRESCHOOL: "Peuteropvang",
            Location.Kind.DAYCARE: "Kinderdagverblijf",
            Location.Kind.CHILD_CENTRE: "Kindcentrum",
        }
        for index in range(location_count):
            name_part = LOCATION_NAMES[index % len(LOCATION_NAMES)]
            city = CITIES[(index // len(LOCATION_NAMES) + index) % len(CITIES)]
            name = f"{prefixes[kinds[index]]} {name_part} {city}"
            while name in names:
                name += " II"
            names.add(name)
            location = _Location(location_ids(), name, kinds[index], city)
            self.locations.append(location)
            self.sink.add(
                Location,
                {
                    "id": location.id,
                    "name": name,
                    "kind": location.kind,
                    "street": f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
                    "postcode": f"{rng.randint(1011, 9999)} {rng.choice('ABCDEGHJKLMNPRSTVWXZ')}"
                    f"{rng.choice('ABCDEGHJKLMNPRSTVWXZ')}",
                    "city": city,
                    "phone": f"0{rng.randint(10, 79)} {rng.randint(100, 999)} {rng.randint(10, 99)} "
                    f"{rng.randint(10, 99)}",
                    "is_active": True,
                },
            )
            for number in range(per_location[index]):
                is_ve = number < ve_per_location[index]
                age_from, age_to = VE_AGES if is_ve else AGE_RANGES[number % len(AGE_RANGES)]
                group_name = GROUP_NAMES[number % len(GROUP_NAMES)]
                if number >= len(GROUP_NAMES):
                    group_name += f" {number // len(GROUP_NAMES) + 1}"
                group = _Group(group_ids(), location, group_name, is_ve, age_from, age_to, position=len(self.groups))
                location.groups.append(group)
                self.groups.append(group)
                self.sink.add(
                    Group,
                    {
                        "id": group.id,
                        "location_id": location.id,
                        "name": group_name,
                        "age_from_months": age_from,
                        "age_to_months": age_to,
                        "is_ve": is_ve,
                        "is_active": True,
                    },
                )
        # The benchmark's location: one in the middle, a child centre with a VE group if there is one.
        middle = len(self.locations) // 2
        candidates = sorted(
            (location for location in self.locations if any(group.is_ve for group in location.groups)),
            key=lambda location: (
                location.kind != Location.Kind.CHILD_CENTRE,
                abs(self.locations.index(location) - middle),
            ),
        )
        self.bench["location"] = candidates[0] if candidates else self.locations[middle]
        self._log("locations and groups", since, locations=len(self.locations), groups=len(self.groups))

    def staff(self) -> None:
        since = clock.monotonic()
        rng = random.Random(f"{self.rng.random()}-staff")
        children_total = _rounded(FULL_SIZE["children"] * self.scale, 10)
        sizes = _spread(rng, children_total, len(self.groups))
        bench_location: _Location = self.bench["location"]
        bench_group = next((group for group in bench_location.groups if group.is_ve), bench_location.groups[0])
        self.bench["group"] = bench_group
        # The benchmark's group has the average size.
        average = round(children_total / len(self.groups))
        difference = sizes[bench_group.position] - max(2, average)
        sizes[bench_group.position] -= difference
        if difference:
            other = (bench_group.position + 1) % len(self.groups)
            if other != bench_group.position:
                sizes[other] = max(1, sizes[other] + difference)
        joined = self.today - timedelta(days=900)
        assignments = 0
        for group, size in zip(self.groups, sizes, strict=True):
            group.size = size
            count = 3 if size >= 24 or (size >= 18 and rng.random() < 0.5) else 2
            for number in range(count):
                first_name, last_name = self._staff_name(rng)
                if group is bench_group and number == 0:
                    email = SCALE_LOGINS["professional"]
                else:
                    email = self._email(first_name, last_name, f"p{self.user_ids.next}")
                user_id = self._user(
                    email, first_name, last_name, joined=joined, email_notifications=rng.random() < 0.7
                )
                if email == SCALE_LOGINS["professional"]:
                    self.bench["professional"] = user_id
                group.professionals.append(user_id)
                self.sink.add(
                    StaffAssignment,
                    {"user_id": user_id, "role": StaffAssignment.Role.PROFESSIONAL, "group_id": group.id},
                )
                assignments += 1
        managers = 0
        for index, location in enumerate(self.locations):
            for number in range(2 if index % 8 == 5 else 1):
                first_name, last_name = self._staff_name(rng)
                if location is bench_location and number == 0:
                    email = SCALE_LOGINS["manager"]
                else:
                    email = self._email(first_name, last_name, f"m{self.user_ids.next}")
                user_id = self._user(email, first_name, last_name, joined=joined)
                location.managers.append(user_id)
                self.sink.add(
                    StaffAssignment,
                    {"user_id": user_id, "role": StaffAssignment.Role.LOCATION_MANAGER, "location_id": location.id},
                )
                managers += 1
        self.bench["admin"] = self._user(
            SCALE_LOGINS["admin"], "Anouk", "de Vries", joined=joined, is_staff=True, is_superuser=True
        )
        self._log(
            "staff",
            since,
            professionals=assignments,
            managers=managers,
        )

    def _staff_name(self, rng: random.Random) -> tuple[str, str]:
        background = demo.BACKGROUNDS[_weighted(rng, STAFF_MIX)]
        first_names = background.mothers if rng.random() < 0.85 else background.fathers
        return rng.choice(first_names), rng.choice(background.surnames)

    # --- families, children and placements

    def families_and_children(self) -> None:
        since = clock.monotonic()
        rng = random.Random(f"{self.rng.random()}-families")
        for location in self.locations:
            slots: list[_Child] = []
            for group in location.groups:
                for number in range(group.size):
                    child = self._child_in(rng, group, number, location)
                    group.children.append(child)
                    if group is self.bench["group"] and number == 0:
                        self._bench_family(rng, child, location)
                    else:
                        slots.append(child)
            rng.shuffle(slots)
            previous: _Family | None = None
            for child in slots:
                if previous is not None and len(previous.children) == 1 and rng.random() < SIBLING_SHARE:
                    family = previous
                else:
                    family = self._new_family(rng, location, child.last.group)
                    previous = family
                self._join(rng, child, family)
        self._choose_statuses(rng)
        for child in self.children:
            for group in {placement.group for placement in child.placements}:
                self.children_by_group[group.id].append(child)
        self._write_families_and_children()
        guardians = sum(len(family.guardians) for family in self.families)
        self._log(
            "families and children",
            since,
            families=len(self.families),
            guardians=guardians,
            logins=sum(1 for family in self.families for guardian in family.guardians if guardian.user_id),
            children=len(self.children),
            placements=sum(len(child.placements) for child in self.children),
        )

    def _child_in(self, rng: random.Random, group: _Group, number: int, location: _Location) -> _Child:
        """A child whose last placement is in `group`: most still there, some left, some moved
        here from another group of the location."""
        today = self.today
        fate = rng.random()
        mentor = group.professionals[number % len(group.professionals)]
        age = rng.randint(group.age_from + 1, max(group.age_from + 2, group.age_to - 1))
        if fate < LEFT_SHARE and not (group is self.bench["group"] and number == 0):
            end = today - timedelta(days=rng.randint(7, 330))
            birth = end - timedelta(days=int(age * 30.44) + rng.randint(0, 25))
            start = max(end - timedelta(days=rng.randint(120, 700)), birth + timedelta(days=61))
            start = min(start, end)
            child = _Child(
                uuid.UUID(int=rng.getrandbits(128), version=4), None, "", birth, [_Placement(group, start, end, mentor)]
            )
            child.status = "left"
            return child
        birth = today - timedelta(days=int(age * 30.44) + rng.randint(0, 25))
        earliest = birth + timedelta(days=max(61, int((group.age_from - 3) * 30.44)))
        start = max(today - timedelta(days=rng.randint(14, 730)), earliest)
        if group is self.bench["group"] and number == 0:
            start = min(max(earliest, today - timedelta(days=200)), today - timedelta(days=60))
        placements = [_Placement(group, start, None, mentor)]
        others = [other for other in location.groups if other is not group]
        if others and fate > 1 - MOVED_SHARE and start < today:
            before = rng.choice(others)
            first = max(start - timedelta(days=rng.randint(90, 400)), birth + timedelta(days=61))
            if first < start - timedelta(days=30):
                placements.insert(
                    0,
                    _Placement(
                        before,
                        first,
                        start - timedelta(days=1),
                        before.professionals[number % len(before.professionals)],
                    ),
                )
        child = _Child(uuid.UUID(int=rng.getrandbits(128), version=4), None, "", birth, placements)
        if start > today:
            child.status = "future"
        return child

    def _new_family(
        self, rng: random.Random, location: _Location, group: _Group, background: str | None = None
    ) -> _Family:
        background = background or _weighted(rng, MIX_VE if group.is_ve else MIX_OTHER)
        spec = demo.BACKGROUNDS[background]
        surname = rng.choice(spec.surnames)
        family = _Family(
            uuid.UUID(int=rng.getrandbits(128), version=4),
            surname,
            background,
            location.city,
            interpreter=rng.random() < spec.interpreter_share,
            engagement=rng.uniform(0.2, 0.85),
        )
        single = rng.random() < SINGLE_PARENT_SHARE
        parents = [(rng.choice(spec.mothers), Guardian.Relationship.MOTHER)]
        if not single:
            parents.append((rng.choice(spec.fathers), Guardian.Relationship.FATHER))
        elif rng.random() < 0.15:
            parents = [(rng.choice(spec.fathers), Guardian.Relationship.FATHER)]
        for number, (first_name, relationship) in enumerate(parents):
            guardian_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            self.parent_number += 1
            email = self._email(first_name, surname, f"o{self.parent_number}")
            guardian = _Guardian(guardian_id, first_name, relationship, email if rng.random() < 0.9 else "")
            if rng.random() < LOGIN_SHARE[number]:
                guardian.user_id = -1  # a login, made once the family is complete
                guardian.email = email
            family.guardians.append(guardian)
        self.families.append(family)
        return family

    def _bench_family(self, rng: random.Random, child: _Child, location: _Location) -> None:
        """The benchmark parent: a Moroccan-Dutch mother with a login and one child, in the
        benchmark professional's group, who is also the child's mentor."""
        family = self._new_family(rng, location, child.last.group, background="moroccan")
        mother = family.guardians[0]
        mother.user_id = -1
        mother.email = SCALE_LOGINS["parent"]
        child.last.mentor = self.bench["professional"]
        child.placements[:] = [child.last]
        self._join(rng, child, family)
        self.bench["child"] = child
        self.bench["family"] = family

    def _join(self, rng: random.Random, child: _Child, family: _Family) -> None:
        spec = demo.BACKGROUNDS[family.background]
        taken = {sibling.first_name for sibling in family.children}
        names = [name for name in spec.children if name not in taken] or list(spec.children)
        child.first_name = rng.choice(names)
        child.family = family
        family.children.append(child)
        self.children.append(child)
        first_start = child.placements[0].start
        if family.created_on is None or first_start - timedelta(days=30) < family.created_on:
            family.created_on = min(first_start - timedelta(days=30), self.today - timedelta(days=1))

    def _choose_statuses(self, rng: random.Random) -> None:
        """Which children are overdue for contact, due this week or fine, and which families out of sight."""
        bench_family = self.bench["family"]
        settled = [
            family
            for family in self.families
            if family is not bench_family
            and all(
                child.status not in ("left", "future") and child.placements[0].start < self.today - timedelta(days=120)
                for child in family.children
            )
        ]
        for family in rng.sample(settled, min(len(settled), max(1, round(len(self.families) * OUT_OF_SIGHT_SHARE)))):
            family.out_of_sight = True
        for child in self.children:
            if child.status in ("left", "future"):
                continue
            if child.family.out_of_sight:
                child.status = "out_of_sight"
            elif child is self.bench["child"]:
                child.status = "ok"
            else:
                chance = rng.random()
                child.status = (
                    "overdue" if chance < OVERDUE_SHARE else "due" if chance < OVERDUE_SHARE + DUE_SHARE else "ok"
                )

    def _write_families_and_children(self) -> None:
        rng = random.Random(f"{self.rng.random()}-write-families")
        for family in self.families:
            spec = demo.BACKGROUNDS[family.background]
            created_on = family.created_on or self.today
            for guardian in family.guardians:
                if guardian.user_id == -1:
                    guardian.user_id = self._user(
                        guardian.email,
                        guardian.first_name,
                        family.name,
                        joined=created_on,
                        preferred_language="en" if family.background == "english" else "",
                        invited_at=self.at(created_on, time(9, 0)),
                    )
            self.sink.add(
                Family,
                {
                    "id": family.id,
                    "name": family.name,
                    "preferred_language": spec.preferred,
                    "interpreter_needed": family.interpreter,
                    "phone": f"06 {rng.randint(10000000, 99999999)}",
                    "street": f"{rng.choice(STREETS)} {rng.randint(1, 250)}",
                    "postcode": f"{rng.randint(1011, 9999)} {rng.choice('ABCDEGHJKLMNPRSTVWXZ')}"
                    f"{rng.choice('ABCDEGHJKLMNPRSTVWXZ')}",
                    "city": family.city,
                    "created_at": self.at(created_on, time(11, 0)),
                },
            )
            for position, language in enumerate(spec.languages):
                spoken_by = "moeder en vader tegen het kind" if position == 0 else "broers en zussen, en op de groep"
                self.sink.add(HomeLanguage, {"family_id": family.id, "language": language, "spoken_by": spoken_by})
            for guardian in family.guardians:
                self.sink.add(
                    Guardian,
                    {
                        "id": guardian.id,
                        "family_id": family.id,
                        "user_id": guardian.user_id,
                        "first_name": guardian.first_name,
                        "last_name": family.name,
                        "relationship": guardian.relationship,
                        "email": guardian.email,
                        "phone": f"06 {rng.randint(10000000, 99999999)}",
                        "preferred_language": spec.preferred,
                    },
                )
        for user in self.users:
            self.sink.add(User, user)
        self.users = []
        for child in self.children:
            family = child.family
            first_names = {guardian.relationship: guardian.first_name for guardian in family.guardians}
            child.names = {
                "child": child.first_name,
                "mother": first_names.get(Guardian.Relationship.MOTHER),
                "father": first_names.get(Guardian.Relationship.FATHER),
            }
            self.sink.add(
                Child,
                {
                    "id": child.id,
                    "family_id": family.id,
                    "first_name": child.first_name,
                    "last_name": family.name,
                    "birth_date": child.birth_date,
                },
            )
            for placement in child.placements:
                self.sink.add(
                    Placement,
                    {
                        "child_id": child.id,
                        "group_id": placement.group.id,
                        "start_date": placement.start,
                        "end_date": placement.end,
                        "mentor_id": placement.mentor,
                    },
                )

    # --- intakes, routines, home visits, consents

    def records(self) -> None:
        since = clock.monotonic()
        rng = random.Random(f"{self.rng.random()}-records")
        intake_ids = _Ids(self.sink, Intake)
        counts = Counter()
        for child in self.children:
            first = child.placements[0]
            recent = (self.today - first.start).days < 60
            draft = rng.random() < (0.5 if recent else 0.04) and child is not self.bench["child"]
            held_on = min(first.start - timedelta(days=rng.randint(3, 21)), self.today - timedelta(days=1))
            weeks = rng.choice((4, 6, 6, 8))
            names = child.names
            family = child.family
            intake_id = intake_ids()
            self.sink.add(
                Intake,
                {
                    "id": intake_id,
                    "child_id": child.id,
                    "status": Intake.Status.DRAFT if draft else Intake.Status.COMPLETED,
                    "held_on": held_on,
                    "held_by_id": first.mentor,
                    "interpreter_used": family.interpreter,
                    "family_and_network": demo._text(rng, demo.FAMILY_AND_NETWORK, names),
                    "languages_at_home": demo.LANGUAGES_AT_HOME[family.background].format(**names),
                    "routine_sleep": demo._text(rng, demo.ROUTINE_SLEEP, names),
                    "routine_food": "" if draft else demo._text(rng, demo.ROUTINE_FOOD, names),
                    "routine_comfort": "" if draft else demo._text(rng, demo.ROUTINE_COMFORT, names),
                    "interests": demo._text(rng, demo.INTERESTS, names),
                    "view_on_upbringing": "" if draft else demo._text(rng, demo.VIEW_ON_UPBRINGING, names),
                    "expectations_of_parents": "" if draft else demo._text(rng, demo.EXPECTATIONS_OF_PARENTS, names),
                    "expectations_of_us": "" if draft else demo._text(rng, demo.EXPECTATIONS_OF_US, names),
                    "contact_every_weeks": None if draft else weeks,
                    "contact_weekday": None if draft else rng.choice(Intake.Weekday.values),
                    "contact_time": None
                    if draft
                    else rng.choice((time(8, 15), time(12, 30), time(17, 0), time(17, 30))),
                    "contact_channel": ""
                    if draft
                    else rng.choice(
                        (Intake.Channel.PICK_UP, Intake.Channel.PICK_UP, Intake.Channel.PLANNED, Intake.Channel.PHONE)
                    ),
                    "completed_at": None if draft else self.at(held_on, time(16, 0)),
                    "created_at": self.at(held_on, time(15, 0)),
                    "updated_at": self.at(held_on, time(16, 0)),
                    "updated_by_id": first.mentor,
                },
            )
            counts["intakes"] += 1
            counts["drafts"] += draft
            present = family.guardians if rng.random() < 0.5 else family.guardians[:1]
            for guardian in present:
                self.sink.add(Intake.guardians_present.through, {"intake_id": intake_id, "guardian_id": guardian.id})
            # The routine: as agreed in the completed intake; for half of the drafts one agreed since.
            if not draft or rng.random() < 0.5:
                child.routine_weeks = weeks if not draft else 6
                self.sink.add(
                    ContactRoutine,
                    {
                        "child_id": child.id,
                        "every_weeks": child.routine_weeks,
                        "weekday": rng.choice(Intake.Weekday.values),
                        "time": rng.choice((time(8, 15), time(17, 0), time(17, 30))),
                        "channel": Intake.Channel.PICK_UP,
                        "agreed_on": held_on,
                        "from_intake": not draft,
                        "updated_at": self.at(held_on, time(16, 0)),
                        "updated_by_id": first.mentor,
                    },
                )
                counts["routines"] += 1
            else:
                child.routine_weeks = default_every_weeks()
            counts["home visits"] += self._home_visits(rng, child)
            counts["consents"] += self._consents(rng, child)
        self._log("intakes and records", since, **counts)

    def _home_visits(self, rng: random.Random, child: _Child) -> int:
        """VE children: most had a home visit (some still planned, a few cancelled); a few others too."""
        placement = child.last
        if child.status in ("left", "future"):
            return 0
        chance = rng.random()
        if not placement.group.is_ve and chance > 0.05:
            return 0
        names = child.names
        mentor = placement.mentor
        days_placed = (self.today - placement.start).days
        visits = []
        if chance < 0.6 and days_placed > 10:
            held = self.at(self.today - timedelta(days=rng.randint(5, min(days_placed, 300))), time(10, 0))
            shared = rng.random() < 0.8
            visits.append(
                {
                    "status": HomeVisit.Status.DONE,
                    "planned_for": held,
                    "parent_child_interaction": demo._text(rng, demo.VISIT_INTERACTION, names),
                    "language_environment": demo._text(rng, demo.VISIT_LANGUAGE, names),
                    "follow_up": demo._text(rng, demo.VISIT_FOLLOW_UP, names),
                    "notes": "Gastvrij ontvangen; de ouders hadden thee en koekjes klaargezet.",
                    "summary_for_parents": demo._text(rng, demo.VISIT_SUMMARY, names),
                    "summary_shared": shared,
                    "recorded_at": held + timedelta(hours=20),
                    "recorded_by_id": mentor,
                }
            )
            child.visit_days.append(held.date())
        elif chance < 0.72:
            visits.append({"planned_for": self.at(self.today + timedelta(days=rng.randint(3, 21)), time(10, 0))})
        elif chance < 0.77:
            cancelled_for = self.at(self.today - timedelta(days=rng.randint(3, 20)), time(10, 0))
            visits.append(
                {
                    "status": HomeVisit.Status.CANCELLED,
                    "planned_for": cancelled_for,
                    "cancel_reason": demo.CANCEL_REASON,
                    "cancelled_at": cancelled_for - timedelta(days=1),
                    "cancelled_by_id": mentor,
                }
            )
            visits.append({"planned_for": self.at(self.today + timedelta(days=rng.randint(5, 25)), time(10, 0))})
        for visit in visits:
            self.sink.add(
                HomeVisit,
                {
                    "child_id": child.id,
                    "status": HomeVisit.Status.PLANNED,
                    "professional_id": mentor,
                    "created_by_id": mentor,
                    **visit,
                    "created_at": min(visit["planned_for"] - timedelta(days=14), self.now),
                },
            )
        return len(visits)

    def _consents(self, rng: random.Random, child: _Child) -> int:
        """Most parents answered the three standard questions when their child started."""
        if rng.random() > 0.88 and child is not self.bench["child"]:
            return 0
        writer = child.family.writer
        decided_at = self.at(child.placements[0].start, time(9, 0))
        if decided_at > self.now:
            decided_at = self.now - timedelta(hours=rng.randint(1, 48))
        given = {
            Consent.Kind.PORTFOLIO_PHOTOS: 0.8,
            Consent.Kind.GROUP_PHOTOS: 0.6,
            Consent.Kind.SCHOOL_TRANSFER: 0.85,
        }
        for kind, share in given.items():
            self.sink.add(
                Consent,
                {
                    "child_id": child.id,
                    "kind": kind,
                    "given": rng.random() < share,
                    # On paper, entered by the mentor, when no parent has a login.
                    "decided_by_id": writer.user_id if writer else child.placements[0].mentor,
                    "guardian_id": (writer or child.family.guardians[0]).id,
                    "decided_at": decided_at,
                },
            )
        return 3

    # --- contact moments

    def _span(self, child: _Child) -> tuple[date, date] | None:
        """The days of the child's history: from its first placement (at most two years back)
        to yesterday, or to the end of its placement."""
        if child.status == "future":
            return None
        first = max(child.placements[0].start, self.today - timedelta(days=HISTORY_DAYS))
        last = min(child.last.end or self.today, self.today) - timedelta(days=1)
        if child.status == "left":
            last = child.last.end
        return (first, last) if first <= last else None

    def _last_contact(self, rng: random.Random, child: _Child, span: tuple[date, date]) -> date | None:
        """The day of the child's last contact moment, as its status asks."""
        period = child.routine_weeks * 7
        margin = out_of_sight_margin().days
        days_ago = {
            "ok": lambda: rng.randint(1, max(1, period - 10)),
            "due": lambda: period - rng.randint(1, 6),
            "overdue": lambda: period + rng.randint(2, margin - 1 if margin > 2 else 2),
            "out_of_sight": lambda: period + margin + rng.randint(5, 60),
            "left": lambda: (self.today - span[1]).days + rng.randint(0, 14),
        }[child.status]()
        if child is self.bench["child"]:
            days_ago = rng.randint(5, 12)
        day = self.today - timedelta(days=days_ago)
        if day.weekday() >= 5 and child.status != "due":
            day -= timedelta(days=day.weekday() - 4)  # back to Friday: no talks at the weekend
        return day if span[0] <= day <= span[1] else None

    def contact_moments(self) -> None:
        since = clock.monotonic()
        rng = random.Random(f"{self.rng.random()}-moments")
        target = _rounded(FULL_SIZE["contact_moments"] * self.scale)
        topics = self._built_in_topics()
        topic_ids = [topics[key] for key in demo.TOPIC_KEYS]
        plans = []
        for child in self.children:
            span = self._span(child)
            last = self._last_contact(rng, child, span) if span else None
            if last is not None:
                plans.append((child, span[0], last))
        # The gap between two moments that gives about `target` moments in all.
        visits = sum(first <= day <= last for child, first, last in plans for day in child.visit_days)
        spans = sum((last - first).days for _child, first, last in plans)
        wanted = max(1, target - len(plans) - visits)  # moments before each child's last one
        gap = max(2.0, spans / wanted)
        # Weekends, rounding and short placements stretch the gaps: measure, then correct.
        seed = rng.random()
        for _round in range(3):
            measure = random.Random(seed)
            made = sum(len(self._contact_days(measure, gap, first, last)) - 1 for _child, first, last in plans)
            gap = max(1.5, gap * made / wanted)
        days_rng = random.Random(seed)
        moment_ids = _Ids(self.sink, ContactMoment)
        counts = Counter()
        for child, first, last in plans:
            for day in self._contact_days(days_rng, gap, first, last):
                kind = rng.choices(_KINDS, weights=_KIND_WEIGHTS)[0]
                self._moment(rng, child, day, kind, moment_ids(), topic_ids, counts)
            for day in child.visit_days:
                if first <= day <= last:  # a later one would change whether the child is overdue
                    self._moment(rng, child, day, ContactMoment.Kind.HOME_VISIT, moment_ids(), topic_ids, counts)
        self._log("contact moments", since, **counts)

    @staticmethod
    def _contact_days(rng: random.Random, gap: float, first: date, last: date) -> list[date]:
        """Weekdays from `last` back to `first`, about `gap` days apart."""
        days = [last]
        day = last
        while True:
            day -= timedelta(days=max(1, round(gap * rng.uniform(0.4, 1.6))))
            if day.weekday() >= 5:
                day -= timedelta(days=day.weekday() - 4)
            if day < first:
                return days
            days.append(day)

    def _moment(
        self,
        rng: random.Random,
        child: _Child,
        day: date,
        kind: str,
        moment_id: int,
        topic_ids: list[int],
        counts: Counter,
    ) -> None:
        placement = child.placement_on(day)
        professionals = placement.group.professionals
        professional = placement.mentor if rng.random() < 0.85 else rng.choice(professionals)
        family = child.family
        conversation = kind in CONVERSATIONS
        if conversation:
            at = self.at(day, time(rng.choice((10, 13, 19)), rng.choice((0, 15, 30))))
        elif kind == ContactMoment.Kind.PICK_UP:
            at = self.at(day, rng.choice(PICK_UP_TIMES))
        else:
            at = self.at(day, time(rng.randint(9, 16), rng.choice((0, 10, 20, 30, 40, 50))))
        names = child.names
        summary = ""
        if conversation and rng.random() < 0.9:
            summary = rng.choice(demo.CONVERSATION_SUMMARIES).format(**names)
        elif rng.random() < (0.3 if kind != ContactMoment.Kind.PICK_UP else 0.2):
            summary = rng.choice(demo.PICK_UP_SUMMARIES).format(**names)
        written = at + timedelta(minutes=rng.randint(5, 90))
        self.sink.add(
            ContactMoment,
            {
                "id": moment_id,
                "child_id": child.id,
                "occurred_at": at,
                "kind": kind,
                "professional_id": professional,
                "child_experience": rng.choice(demo.CHILD_EXPERIENCE).format(**names),
                "home_news": rng.choice(demo.HOME_NEWS).format(**names),
                "positive_note": rng.choice(demo.POSITIVE_NOTES).format(**names) if rng.random() < 0.7 else "",
                "language_used": family.preferred if conversation else "nl",
                "interpreter_used": conversation and family.interpreter,
                "staff_notes": rng.choice(demo.STAFF_NOTES),
                "shared_summary": summary,
                "summary_shared": bool(summary),
                "created_at": written,
                "updated_at": written,
                "recorded_by_id": professional,
            },
        )
        counts["moments"] += 1
        through_topics = ContactMoment.topics.through
        for topic_id in rng.sample(topic_ids, 2 if rng.random() < 0.5 else 1):
            self.sink.add(through_topics, {"contactmoment_id": moment_id, "topic_id": topic_id})
            counts["topics"] += 1
        guardians = family.guardians
        present = guardians if conversation and rng.random() < 0.6 else [rng.choice(guardians)]
        through_guardians = ContactMoment.guardians_present.through
        for guardian in present:
            self.sink.add(through_guardians, {"contactmoment_id": moment_id, "guardian_id": guardian.id})
            counts["parents present"] += 1
        # Agreements: two after a development conversation (the group's and the parents'), one
        # after most planned talks and home visits, now and then one after a short talk.
        agreements = 0
        if kind == ContactMoment.Kind.DEVELOPMENT:
            agreements = 2
        elif conversation:
            agreements = 1 if rng.random() < 0.6 else 0
        elif rng.random() < 0.04:
            agreements = 1
        for number in range(agreements):
            due_on = day + timedelta(days=rng.choice((7, 14, 21, 28)))
            overdue_days = (self.today - due_on).days
            done = overdue_days > 0 and rng.random() < (
                0.995 if overdue_days > 60 else 0.9 if overdue_days > 14 else 0.5
            )
            by_parent = number == 1 or (agreements == 1 and rng.random() < 0.3)
            guardian = guardians[0]
            done_at = min(self.at(due_on, time(9, 0)) - timedelta(days=rng.randint(0, 5)), self.now) if done else None
            if done_at is not None and done_at < written:
                done_at = written + timedelta(days=1)
            self.sink.add(
                Agreement,
                {
                    "contact_moment_id": moment_id,
                    "description": rng.choice(demo.AGREEMENTS_FOR_PARENTS if by_parent else demo.AGREEMENTS_FOR_STAFF),
                    "owner_professional_id": None if by_parent else placement.mentor,
                    "owner_guardian_id": guardian.id if by_parent else None,
                    "due_on": due_on,
                    "done_at": done_at,
                    "done_by_id": ((guardian.user_id or placement.mentor) if by_parent else placement.mentor)
                    if done
                    else None,
                    "created_at": written,
                },
            )
            counts["agreements"] += 1

    def _built_in_topics(self) -> dict[str, int]:
        """The topics a migration adds (a test database emptied between tests lacks them)."""
        topics = {}
        for position, (key, name) in enumerate(BUILT_IN_TOPICS.items()):
            topic, _ = Topic.objects.get_or_create(key=key, defaults={"name": str(name), "position": position})
            topics[key] = topic.pk
        return topics

    # --- portfolios

    def portfolios(self) -> None:
        since = clock.monotonic()
        rng = random.Random(f"{self.rng.random()}-portfolios")
        target = _rounded(FULL_SIZE["portfolio_entries"] * self.scale)
        for position, key in enumerate(BUILT_IN_DOMAINS):
            Domain.objects.get_or_create(key=key, defaults={"position": position})
        domains = {domain.key: domain.pk for domain in Domain.objects.exclude(key="")}
        spans = [(child, self._span(child)) for child in self.children]
        spans = [(child, span) for child, span in spans if span is not None]
        total_days = sum((span[1] - span[0]).days + 1 for _child, span in spans)
        per_day = target / max(1, total_days)
        counts = Counter()
        observation_keys = sorted(portfolios_demo.OBSERVATIONS)
        for child, (first, last) in spans:
            length = (last - first).days + 1
            count = int(length * per_day + rng.random())
            if child is self.bench["child"]:
                count = max(count, 8)
            writer = child.family.writer
            for _ in range(count):
                observed_on = first + timedelta(days=rng.randrange(length))
                placement = child.placement_on(observed_on)
                from_home = writer is not None and rng.random() < 0.3
                written = min(self.at(observed_on, time(rng.randint(12, 21), rng.randint(0, 59))), self.now)
                entry_id = uuid.UUID(int=rng.getrandbits(128), version=4)
                age_days = (self.today - observed_on).days
                if from_home:
                    key, text = rng.choice(portfolios_demo.AT_HOME)
                    author, shared_at = writer.user_id, written
                    perspective = Perspective.PARENT
                    domain = domains.get(key) if key else None
                else:
                    key = rng.choice(observation_keys)
                    text = rng.choice(portfolios_demo.OBSERVATIONS[key])
                    author = placement.mentor if rng.random() < 0.8 else rng.choice(placement.group.professionals)
                    draft = rng.random() < (0.3 if age_days < 21 else 0.03)
                    shared_at = None if draft else min(written + timedelta(hours=rng.randint(0, 30)), self.now)
                    perspective = Perspective.PROFESSIONAL
                    domain = domains.get(key)
                self.sink.add(
                    PortfolioEntry,
                    {
                        "id": entry_id,
                        "child_id": child.id,
                        "author_id": author,
                        "perspective": perspective,
                        "domain_id": domain,
                        "observed_on": observed_on,
                        "text": text.format(child=child.first_name),
                        "shared_at": shared_at,
                        "created_at": written,
                        "edited_at": None,
                    },
                )
                counts["entries"] += 1
                counts["from home"] += from_home
                if shared_at is None:
                    continue
                # The other side answers some, and has seen most that are more than a few days old.
                other = placement.mentor if from_home else (writer.user_id if writer else None)
                if other is None:
                    continue
                answered = rng.random() < (0.55 if from_home else 0.25)
                if answered:
                    answer_at = min(shared_at + timedelta(hours=rng.randint(3, 72)), self.now)
                    texts = portfolios_demo.RESPONSES_OF_STAFF if from_home else portfolios_demo.RESPONSES_OF_PARENTS
                    self.sink.add(
                        Response,
                        {
                            "entry_id": entry_id,
                            "child_id": child.id,
                            "author_id": other,
                            "perspective": Perspective.PROFESSIONAL if from_home else Perspective.PARENT,
                            "text": rng.choice(texts).format(child=child.first_name),
                            "created_at": answer_at,
                        },
                    )
                    counts["responses"] += 1
                if answered or (age_days > 3 and rng.random() < (0.9 if from_home else 0.8)):
                    self.sink.add(
                        EntrySeen,
                        {
                            "entry_id": entry_id,
                            "user_id": other,
                            "seen_at": min(shared_at + timedelta(hours=rng.randint(1, 60)), self.now),
                        },
                    )
                    counts["seen"] += 1
        self._log("portfolio entries", since, **counts)

    # --- VE: themes, home activities, parent–child sessions

    def activities(self) -> None:
        since = clock.monotonic()
        rng = random.Random(f"{self.rng.random()}-activities")
        themes = activities_demo._themes()
        library = activities_demo._library(themes)
        keys = sorted(library)
        theme_list = [themes[key] for key in activities_demo.THEMES]
        counts = Counter()
        for group in (group for group in self.groups if group.is_ve):
            professional = group.professionals[0]
            members = self._families_of(group)
            # A theme for four weeks at a time, up to two weeks from now.
            end = self.monday + timedelta(days=13)
            for number in range(HOME_ACTIVITY_WEEKS // 4 + 1):
                starts_on = end - timedelta(days=27)
                theme = theme_list[(group.position + number) % len(theme_list)]
                self.sink.add(
                    GroupTheme, {"group_id": group.id, "theme_id": theme.pk, "starts_on": starts_on, "ends_on": end}
                )
                counts["themes"] += 1
                end = starts_on - timedelta(days=1)
            for week in range(HOME_ACTIVITY_WEEKS, -1, -1):
                monday = self.monday - timedelta(weeks=week)
                activity = library[keys[(group.position + week) % len(keys)]]
                self._hand_out(rng, group, None, activity, monday, professional, members, counts)
                if week % 4 == 1:
                    with_login = [family for family, _start, _end in members if family.writer is not None]
                    placed = [
                        family
                        for family, start, end_ in members
                        if start <= monday and (end_ is None or end_ >= monday)
                    ]
                    candidates = [family for family in with_login if family in placed]
                    if candidates:
                        family = rng.choice(candidates)
                        other = library[keys[(group.position + week + 5) % len(keys)]]
                        if (other.pk, family.id, monday) in self.handed_to_families:
                            continue
                        self.handed_to_families.add((other.pk, family.id, monday))
                        self._hand_out(rng, group, family, other, monday, professional, members, counts)
            for number in range(HOME_ACTIVITY_WEEKS // SESSION_EVERY_WEEKS, -2, -1):
                thursday = self.monday - timedelta(weeks=number * SESSION_EVERY_WEEKS + 1) + timedelta(days=3)
                if number == -1:
                    thursday = self.monday + timedelta(days=7 + 3)  # the next one, still to come
                activity = library[keys[(group.position + number + 3) % len(keys)]]
                self._session(rng, group, activity, thursday, professional, members, counts)
        self._log("home activities, sessions", since, **counts)

    def _families_of(self, group: _Group) -> list[tuple[_Family, date, date | None]]:
        """The families with a child placed in the group, with the period (one row per family)."""
        periods: dict[uuid.UUID, tuple[_Family, date, date | None]] = {}
        for child in self.children_by_group[group.id]:
            for placement in child.placements:
                if placement.group is not group:
                    continue
                family = child.family
                known = periods.get(family.id)
                if known is None:
                    periods[family.id] = (family, placement.start, placement.end)
                else:
                    ends = None if known[2] is None or placement.end is None else max(known[2], placement.end)
                    periods[family.id] = (family, min(known[1], placement.start), ends)
        return list(periods.values())

    def _hand_out(self, rng, group, family, activity, monday, professional, members, counts) -> None:
        home_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        theme = activity.theme.name if activity.theme else ""
        self.sink.add(
            HomeActivity,
            {
                "id": home_id,
                "activity_id": activity.pk,
                "group_id": None if family else group.id,
                "family_id": family.id if family else None,
                "week_start": monday,
                "note": activities_demo.NOTES["for_one_family" if family else "this_week"].format(theme=theme),
                "handed_out_by_id": professional,
                "created_at": min(self.at(monday, time(9, 0)) - timedelta(days=3), self.now),
            },
        )
        counts["home activities"] += 1
        answering = (
            [family]
            if family
            else [
                member
                for member, start, end in members
                if start <= monday + timedelta(days=6) and (end is None or end >= monday)
            ]
        )
        days_so_far = min(6, (self.today - monday).days)
        for member in answering:
            writer = member.writer
            if writer is None:
                continue
            chance = member.engagement * (1 if days_so_far >= 6 else (days_so_far + 1) / 7)
            if rng.random() >= chance:
                continue
            done_on = monday + timedelta(days=rng.randint(0, days_so_far))
            how = rng.choices(list(HomeActivityFeedback.HowItWent), weights=(5, 3, 1))[0]
            language = member.preferred if rng.random() < 0.7 else "nl"
            text_language = language if language in activities_demo.DEMO_LANGUAGES else "nl"
            said = activities_demo.CHILD_SAID.get(activities_demo._KEYS_BY_ID.get(activity.pk, ""), {})
            written = min(self.at(done_on, time(20, rng.randint(0, 59))), self.now)
            self.sink.add(
                HomeActivityFeedback,
                {
                    "home_activity_id": home_id,
                    "family_id": member.id,
                    "done_on": done_on,
                    "how_it_went": how,
                    "child_said": rng.choice(said.get(text_language, ("",))),
                    "language_used": language,
                    "comment": rng.choice(activities_demo.COMMENTS[how][text_language]),
                    "written_by_id": writer.user_id,
                    "created_at": written,
                    "updated_at": written,
                },
            )
            counts["feedback"] += 1

    def _session(self, rng, group, activity, thursday, professional, members, counts) -> None:
        session_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        starts_at = self.at(thursday, time(8, 45))
        held = starts_at < self.now
        cancelled = held and rng.random() < 0.04
        invited_at = min(starts_at - timedelta(days=8), self.now - timedelta(days=2))
        invited = [family for family, start, end in members if start <= thursday and (end is None or end >= thursday)]
        rows, came = [], 0
        for number, family in enumerate(invited):
            row = {"session_id": session_id, "family_id": family.id, "reply": "", "attended": None}
            if family.writer is not None and (held or number % 2 == 0):
                chance = rng.random()
                if chance < 0.65:
                    row["reply"] = SessionFamily.Reply.COMING
                elif chance < 0.77:
                    row["reply"] = SessionFamily.Reply.NOT_COMING
                if row["reply"]:
                    row["replied_at"] = min(invited_at + timedelta(hours=rng.randint(2, 72)), self.now)
            if held and not cancelled:
                if row["reply"] == SessionFamily.Reply.COMING:
                    row["attended"] = rng.random() < 0.88
                else:
                    row["attended"] = not row["reply"] and rng.random() < 0.25
                row["registered_by_id"] = professional
                came += row["attended"]
            rows.append(row)
        self.sink.add(
            ParentChildSession,
            {
                "id": session_id,
                "group_id": group.id,
                "activity_id": activity.pk,
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(minutes=45),
                "invitation": activities_demo.INVITATION.format(title=activity.title),
                "invited_at": invited_at,
                "reflection": activities_demo.REFLECTION.format(came=came) if held and not cancelled else "",
                "reflection_by_id": professional if held and not cancelled else None,
                "cancelled_at": starts_at - timedelta(days=2) if cancelled else None,
                "created_by_id": professional,
                "created_at": invited_at - timedelta(hours=1),
            },
        )
        counts["sessions"] += 1
        for row in rows:
            self.sink.add(SessionFamily, row)
        counts["invitations"] += len(rows)

    # --- messages, announcements, requests

    def messages(self) -> None:
        since = clock.monotonic()
        rng = random.Random(f"{self.rng.random()}-messages")
        counts = Counter()
        for family in self.families:
            writer = family.writer
            current = [child for child in family.children if child.status not in ("left", "future")]
            if writer is None or not current or family.out_of_sight:
                continue
            if rng.random() > 0.7 and family is not self.bench["family"]:
                continue
            child = current[0]
            mentor = child.last.mentor
            count = rng.randint(1, 6)
            at = self.now - timedelta(days=rng.randint(2, 90), hours=rng.randint(0, 10))
            side = Message.Side.PARENTS if rng.random() < 0.6 else Message.Side.STAFF
            last_by = {Message.Side.PARENTS: None, Message.Side.STAFF: None}
            for _ in range(count):
                texts = MESSAGES_OF_PARENTS if side == Message.Side.PARENTS else MESSAGES_OF_STAFF
                self.sink.add(
                    Message,
                    {
                        "child_id": child.id,
                        "author_id": writer.user_id if side == Message.Side.PARENTS else mentor,
                        "side": side,
                        "body": rng.choice(texts).format(child=child.first_name),
                        "created_at": at,
                    },
                )
                counts["messages"] += 1
                last_by[side] = at
                at = min(at + timedelta(hours=rng.randint(1, 72)), self.now - timedelta(minutes=5))
                side = Message.Side.STAFF if side == Message.Side.PARENTS else Message.Side.PARENTS
            # Each side has read up to its own last message, most also the other side's.
            latest = max(moment for moment in last_by.values() if moment)
            for user_id, own in ((writer.user_id, Message.Side.PARENTS), (mentor, Message.Side.STAFF)):
                read_up_to = latest if rng.random() < 0.75 else last_by[own]
                if read_up_to is not None:
                    self.sink.add(ReadMark, {"child_id": child.id, "user_id": user_id, "read_up_to": read_up_to})
                    counts["read marks"] += 1
            if rng.random() < 0.03 or family is self.bench["family"]:
                handled = rng.random() < 0.5 and family is not self.bench["family"]
                asked = self.now - timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 8))
                self.sink.add(
                    ConversationRequest,
                    {
                        "child_id": child.id,
                        "requested_by_id": writer.user_id,
                        "reason": rng.choice(REQUEST_REASONS),
                        "created_at": asked,
                        "handled_at": min(asked + timedelta(days=2), self.now) if handled else None,
                        "handled_by_id": mentor if handled else None,
                    },
                )
                counts["requests"] += 1
        announcement_ids = _Ids(self.sink, Announcement)
        for group in self.groups:
            readers = {
                family.writer.user_id
                for family, _start, end in self._families_of(group)
                if family.writer is not None and end is None
            }
            for number in range(6):
                sent = self.now - timedelta(days=number * 15 + rng.randint(0, 10), hours=rng.randint(0, 6))
                announcement_id = announcement_ids()
                self.sink.add(
                    Announcement,
                    {
                        "id": announcement_id,
                        "group_id": group.id,
                        "author_id": rng.choice(group.professionals),
                        "body": ANNOUNCEMENTS[(group.position + number) % len(ANNOUNCEMENTS)],
                        "created_at": sent,
                    },
                )
                counts["announcements"] += 1
                for reader in sorted(readers):
                    if self.now - sent > timedelta(days=1) and rng.random() < 0.75:
                        self.sink.add(
                            AnnouncementRead,
                            {
                                "announcement_id": announcement_id,
                                "user_id": reader,
                                "read_at": min(sent + timedelta(hours=rng.randint(1, 48)), self.now),
                            },
                        )
                        counts["announcements read"] += 1
        self._log("messages, announcements", since, **counts)


_KINDS = [kind for kind, _weight in MOMENT_KINDS]
_KIND_WEIGHTS = [weight for _kind, weight in MOMENT_KINDS]
