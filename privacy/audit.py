"""The audit trail: which models django-auditlog records, and how an entry is tied to a child.

Every create, change and delete of the models in `AUDITED` becomes an auditlog `LogEntry`
with the user of the request as actor (auditlog's middleware). The intake and home-visit
pages add an "opened" entry (`auditlog.signals.accessed`) for who read those notes.

Tags. Every registered model has a `get_additional_data()` that returns `{"child": "<uuid>"}`
and/or `{"family": "<uuid>"}` (`str(uuid)`, with hyphens); auditlog stores it on
`LogEntry.additional_data`, so the trail can be read per child and removed with the child's
data (privacy.removal): child-owned objects (and Child) carry the child and its family,
Family, Guardian and HomeLanguage the family. `child_tags` costs at most one query a write.

Notes stay out of the trail. The free-text fields that hold what professionals and parents
wrote about a child and a family (the intake's sections, the home visit's notes, the contact
moment's notes and summaries, agreements, portfolio texts and responses, the review's views
and next steps: `MASKED` below) are *masked*, not excluded. Excluding a field would leave no
trace that it changed; masking keeps the change (field, when, who) and replaces both values
with a fixed marker (`mask_text`), or with "" when the field was empty, so the trail shows
"empty → text" or "text → text" and never the words. auditlog's default mask keeps half of
the text, which would still copy notes into a second place that outlives their editing, so
settings.AUDITLOG_MASK_CALLABLE names `mask_text`. An agreement's `__str__` is its own text,
so its entries get a neutral representation (`_neutral_repr`).

Names, contact details and dates (Family, Guardian, Child, Placement, …) are recorded as they
are: they are what an audit of "who changed the phone number" is for, and the trail is
removed with the child's or family's data.

Writes that bypass model signals (`bulk_create`, a conditional `QuerySet.update`) are
recorded by the services that make them, with `log_bulk_created` and `log_changed`.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.models import User
from contacts.models import Agreement, ContactMoment, ContactRoutine
from families.models import Child, Consent, Family, Guardian, HomeLanguage, HomeVisit, Intake, Placement
from groups.models import Group
from portfolios.models import Domain, PortfolioEntry, PortfolioReview, Response, ReviewDomain

# What a masked value is stored as. Language-neutral: the pages translate it.
MASK_MARKER = "[masked]"

# Per model: the free-text fields whose content never enters the trail.
MASKED: dict[type[models.Model], list[str]] = {
    Intake: list(Intake.SECTIONS),
    HomeVisit: [
        "parent_child_interaction",
        "language_environment",
        "follow_up",
        "notes",
        "summary_for_parents",
        "cancel_reason",
    ],
    ContactMoment: ["child_experience", "home_news", "positive_note", "staff_notes", "shared_summary"],
    Agreement: ["description"],
    PortfolioEntry: ["text"],
    Response: ["text"],
    ReviewDomain: ["professional_view", "parent_view", "next_steps"],
}

# `auto_now` timestamps change on every save: the entry's own timestamp says when.
EXCLUDED: dict[type[models.Model], list[str]] = {
    Intake: ["updated_at"],
    ContactRoutine: ["updated_at"],
    ContactMoment: ["updated_at"],
    PortfolioReview: ["updated_at"],
}

# Who was present, and what was talked about, are changes of the record too.
M2M: dict[type[models.Model], list[str]] = {
    Intake: ["guardians_present"],
    ContactMoment: ["guardians_present", "topics"],
}

AUDITED: tuple[type[models.Model], ...] = (
    Family,
    Guardian,
    HomeLanguage,
    Child,
    Placement,
    Intake,
    HomeVisit,
    Consent,
    ContactRoutine,
    ContactMoment,
    Agreement,
    PortfolioEntry,
    Response,
    PortfolioReview,
    ReviewDomain,
)

# Models whose `__str__` would copy masked text into `LogEntry.object_repr`.
NEUTRAL_REPR: tuple[type[models.Model], ...] = (Agreement,)


def mask_text(value: str) -> str:
    """auditlog's mask callable: whether there was text, never the text. auditlog hands it
    `str(value)`, so a missing value arrives as "None"."""
    return "" if value in ("", "None") else MASK_MARKER


def _reverse_relations(model: type[models.Model]) -> list[str]:
    """auditlog would record a created object's reverse relations as "families.Child.None"."""
    return [field.name for field in model._meta.get_fields() if field.auto_created and not field.concrete]


for _model in AUDITED:
    auditlog.register(
        _model,
        mask_fields=list(MASKED.get(_model, [])),
        exclude_fields=[*EXCLUDED.get(_model, []), *_reverse_relations(_model)],
        m2m_fields=list(M2M.get(_model, [])),
    )


@receiver(pre_save, sender=LogEntry, dispatch_uid="privacy.audit.neutral_repr")
def _neutral_repr(sender, instance: LogEntry, **kwargs) -> None:
    if not instance._state.adding:
        return
    for model in NEUTRAL_REPR:
        if instance.content_type_id == ContentType.objects.get_for_model(model).pk:
            instance.object_repr = f"{model._meta.object_name} {instance.object_pk}"


# --- Tags: the convention privacy.removal relies on ---------------------------------------


def child_tags(obj: models.Model, via: str | None = None) -> dict[str, str]:
    """`{"child": …, "family": …}` for an object with a `child`, or one hop away from it
    (`via` names the foreign key to the object that has the child).

    At most one query: the object's `__str__` (auditlog's object_repr, asked first) has
    usually loaded the child already. The family is left out only if the child is gone.
    """
    holder = obj
    if via is not None:
        descriptor = getattr(type(obj), via)
        if not descriptor.is_cached(obj):
            row = (
                descriptor.field.related_model._base_manager.filter(pk=getattr(obj, descriptor.field.attname))
                .values_list("child_id", "child__family_id")
                .first()
            )
            return {"child": str(row[0]), "family": str(row[1])} if row else {}
        holder = getattr(obj, via)
    tags = {"child": str(holder.child_id)}
    with contextlib.suppress(ObjectDoesNotExist):
        tags["family"] = str(holder.child.family_id)
    return tags


def log_bulk_created(instances: Iterable[models.Model]) -> None:
    """Record objects made with `bulk_create` (which sends no signals), one entry each, as
    auditlog would have for `save()`. The actor comes from the request as usual."""
    from auditlog.receivers import log_create

    for instance in instances:
        log_create(sender=type(instance), instance=instance, created=True)


def log_changed(instance: models.Model, changes: dict[str, list]) -> None:
    """Record a change made with a conditional `update()` (which sends no signals), e.g. a
    status that only one of two simultaneous requests may set: {field: [old, new]}."""
    from auditlog.models import LogEntry

    LogEntry.objects.log_create(
        instance,
        action=LogEntry.Action.UPDATE,
        changes={name: [str(old), str(new)] for name, (old, new) in changes.items()},
    )


# --- Who reads which trail --------------------------------------------------------------


def may_read_trails(user: User) -> bool:
    """Organisation admins (every child) and location managers (their locations' children)."""
    return access.oversees_locations(user)


def children_whose_trail_may_be_read(user: User) -> QuerySet[Child]:
    """Admins: every child. Managers: the children placed (now or before) at their locations;
    a manager who also works as a professional elsewhere does not read those children's trails."""
    children = access.children_for(user, as_parent=False)
    if access.is_org_admin(user):
        return children
    placed_at_managed = Placement.objects.filter(
        child=OuterRef("pk"), group__location__in=access.managed_locations_for(user)
    )
    return children.filter(Exists(placed_at_managed))


def may_read_trail_of(user: User, child: Child) -> bool:
    if not may_read_trails(user):
        return False
    if access.is_org_admin(user):
        return True
    return children_whose_trail_may_be_read(user).filter(pk=child.pk).exists()


# --- Reading the trail --------------------------------------------------------------------


def audited_content_types() -> dict[type[models.Model], ContentType]:
    return ContentType.objects.get_for_models(*AUDITED)


def entries() -> QuerySet[LogEntry]:
    """All entries of the audited models, newest first."""
    return (
        LogEntry.objects.filter(content_type__in=audited_content_types().values())
        .select_related("content_type", "actor")
        .order_by("-timestamp", "-pk")
    )


def trail_of_child(child: Child) -> QuerySet[LogEntry]:
    """The child's entries, and those of the family's own records (family, parents, home
    languages); not a brother's or sister's."""
    return entries().filter(
        Q(additional_data__child=str(child.pk))
        | (Q(additional_data__family=str(child.family_id)) & ~Q(additional_data__has_key="child"))
    )


ACTION_LABELS = {
    LogEntry.Action.CREATE: _("created"),
    LogEntry.Action.UPDATE: _("changed"),
    LogEntry.Action.DELETE: _("deleted"),
    LogEntry.Action.ACCESS: _("opened"),
}

# Related objects whose name is shown by one query per model for a whole page; the others'
# names need more queries each and say little beside the trail's own subject.
_NAMED_RELATIONS: dict[type[models.Model], list[str]] = {
    User: [],
    Group: ["location"],
    Guardian: [],
    Domain: [],
    Child: [],
    Family: [],
}


# Bootstrap's colour per action, for the badge on the pages.
ACTION_TONES = {
    LogEntry.Action.CREATE: "success",
    LogEntry.Action.UPDATE: "primary",
    LogEntry.Action.DELETE: "danger",
    LogEntry.Action.ACCESS: "secondary",
}


@dataclass
class Change:
    label: str
    old: str
    new: str
    masked: bool = False
    text: str = ""  # what the page shows: the new value, the old one, or "old → new"


@dataclass
class Row:
    entry: LogEntry
    who: str
    what: str
    action: str
    tone: str
    changes: list[Change] = field(default_factory=list)
    child_id: str | None = None
    child_name: str | None = None


def _related_names(wanted: dict[type[models.Model], set]) -> dict[tuple[type[models.Model], str], str]:
    names = {}
    for model, pks in wanted.items():
        queryset = model._base_manager.filter(pk__in=pks).select_related(*_NAMED_RELATIONS[model])
        names.update({(model, str(obj.pk)): str(obj) for obj in queryset})
    return names


def _is_named(model: type[models.Model]) -> bool:
    return model in _NAMED_RELATIONS


def _empty(value) -> bool:
    return value is None or value in ("", "None")


def _plain(model_field: models.Field, value) -> str:
    if _empty(value):
        return "—"
    if model_field.choices:
        choices = {str(key): label for key, label in model_field.flatchoices}
        return str(choices.get(str(value), value))
    if isinstance(model_field, models.BooleanField):
        return str(_("yes") if value in (True, "True") else _("no"))
    if isinstance(model_field, models.DateTimeField):
        moment = parse_datetime(str(value))
        if moment is not None:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, UTC)
            return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    elif isinstance(model_field, models.DateField):
        day = parse_date(str(value))
        if day is not None:
            return formats.date_format(day, "DATE_FORMAT")
    text = str(value)
    return text if len(text) <= 140 else text[:140] + "…"


def _changes_of(entry: LogEntry, model: type[models.Model] | None, names: dict) -> list[Change]:
    masked_fields = set(MASKED.get(model, []))
    order = {model_field.name: number for number, model_field in enumerate(model._meta.get_fields())} if model else {}
    changes = []
    for name, values in sorted((entry.changes or {}).items(), key=lambda item: order.get(item[0], len(order))):
        try:
            model_field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            model_field = None
        label = str(getattr(model_field, "verbose_name", name))
        if isinstance(values, dict):  # a many-to-many change: {"operation": "add", "objects": [...]}
            objects = ", ".join(str(obj) for obj in values.get("objects", []))
            sign = "+" if values.get("operation") == "add" else "−"
            changes.append(Change(label, "", f"{sign} {objects}", text=f"{sign} {objects}"))
            continue
        if model_field is None or not model_field.concrete or model_field.primary_key:
            continue
        if getattr(model_field, "auto_now_add", False):  # the entry's own time says it
            continue
        old, new = values[0], values[1]
        if name in masked_fields:
            change = Change(label, _masked(old), _masked(new), masked=True)
        elif model_field.is_relation:
            change = Change(label, _related(model_field, old, names), _related(model_field, new, names))
        else:
            change = Change(label, _plain(model_field, old), _plain(model_field, new))
        if entry.action == LogEntry.Action.CREATE:
            change.text = change.new
        elif entry.action == LogEntry.Action.DELETE:
            change.text = change.old
        else:
            change.text = f"{change.old} → {change.new}"
        if entry.action != LogEntry.Action.UPDATE and change.text == "—":
            continue
        changes.append(change)
    return changes


def _masked(value) -> str:
    return "—" if _empty(value) else str(_("text, not recorded"))


def _related(model_field: models.Field, value, names: dict) -> str:
    if _empty(value):
        return "—"
    related = model_field.related_model
    if not _is_named(related):
        return str(related._meta.verbose_name)
    return names.get((related, str(value)), str(_("(removed)")))


def rows_for(page_entries: Iterable[LogEntry], *, with_children: bool = False) -> list[Row]:
    """What a page shows of each entry, with a fixed number of queries for any number of
    entries: one per kind of related object named in the changes (and one for the children)."""
    page_entries = list(page_entries)
    wanted: dict[type[models.Model], set] = defaultdict(set)
    child_ids = set()
    for entry in page_entries:
        model = entry.content_type.model_class()
        if with_children and entry.additional_data and entry.additional_data.get("child"):
            child_ids.add(entry.additional_data["child"])
        if model is None or entry.action == LogEntry.Action.ACCESS:
            continue
        for name, values in (entry.changes or {}).items():
            try:
                model_field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if isinstance(values, dict) or not (model_field.concrete and model_field.is_relation):
                continue
            if _is_named(model_field.related_model):
                pks = {str(value) for value in values if not _empty(value)}
                if pks:
                    wanted[model_field.related_model] |= pks
    names = _related_names(wanted)
    child_names = {}
    if child_ids:
        child_names = {
            str(pk): f"{first} {last}"
            for pk, first, last in Child.objects.filter(pk__in=child_ids).values_list("pk", "first_name", "last_name")
        }
    rows = []
    for entry in page_entries:
        model = entry.content_type.model_class()
        if entry.actor is not None:
            who = entry.actor.get_full_name() or entry.actor.email
        else:  # a task or a command, or a user who has since been removed
            who = entry.actor_email or str(_("system"))
        child_id = (entry.additional_data or {}).get("child") if with_children else None
        rows.append(
            Row(
                entry=entry,
                who=who,
                what=str(model._meta.verbose_name) if model else entry.content_type.model,
                action=str(ACTION_LABELS.get(entry.action, entry.get_action_display())),
                tone=ACTION_TONES.get(entry.action, "secondary"),
                changes=_changes_of(entry, model, names) if entry.action != LogEntry.Action.ACCESS else [],
                child_id=child_id if child_id in child_names else None,
                child_name=child_names.get(child_id) if child_id else None,
            )
        )
    return rows
