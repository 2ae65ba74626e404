"""A parent's data export (right of access): everything the organisation keeps about their
family that the parents may see, in one ZIP file.

Whose data: every family the user is a parent (guardian) of, in one archive. The portal's
grace period after the last placement (accounts.access.own_children) does not apply here:
the data is kept for settings.RETENTION_DAYS after the last placement ends, and the parents
have the right to a copy for as long as it is kept. Children and families already
anonymised by the removal routine are left out: nothing identifies them any more.

What: only what parents may see in the portal, read with the same rules as the parents'
pages (shared summaries, shared entries, reviews that are not a draft, …). Staff material is
never read for the export: the intake, the notes of home visits and contact moments, draft
observations, session reflections, the text of withdrawn messages.

The archive:

    data.json                     the data for computers (UTF-8, described below)
    index.html                    the same as a page to read or print, in the parent's language
    photos/portfolio/<id>.jpg     the portfolio photos, only while the photo consent is given
    photos/messages/<id>.jpg      the photos in the messages

The keys of data.json (dates "YYYY-MM-DD"; moments ISO 8601 with the offset of Dutch time;
codes such as "pick_up" are the values the portal stores, English and stable):

    format, version               "samenspel-family-export", 1
    exported_at                   when the archive was made
    retention_days                how long data is kept after the last placement ends
    account                       the user's login: email, first_name, last_name,
                                  preferred_language, date_joined, last_login
    families[]                    one per family:
      id, name, preferred_language, interpreter_needed, phone, street, postcode, city, created_at
      home_languages[]            language, spoken_by
      guardians[]                 first_name, last_name, relationship, is_you; for the user's own
                                  record also email, phone, preferred_language
      profile_changes[]           changed_at, changed_by, changes {label: [before, after]}
      home_activity_feedback[]    activity, week_start, done_on, how_it_went, child_said,
                                  language_used, comment, written_by, created_at, updated_at
      parent_child_sessions[]     title, group, starts_at, ends_at, invitation, cancelled_at,
                                  reply, replied_at, attended
      children[]                  id, first_name, last_name, birth_date and:
        placements[]              group, location, mentor, start_date, end_date
        consents.current[]        kind, description, given, decided_at, decided_by
        consents.history[]        the same, every decision, newest first
        contact_routine           every_weeks, weekday (1 = Monday), time, channel, agreed_on; or null
        contact_moments[]         occurred_at, kind, professional, summary (shared summaries only)
        agreements[]              description, owner, due_on, done_at, contact_moment_at
        home_visits[]             planned_for, professional, summary (shared summaries only)
        conversation_requests[]   reason, asked_at, asked_by, handled_at
        bookings[]                starts_at, ends_at, kind, place, mentor, note, booked_at,
                                  booked_by, cancelled_at
        portfolio_entries[]       id, perspective, domain, observed_on, text, written_by,
                                  shared_at, created_at, edited_at, photos[] (file names),
                                  responses[] (perspective, text, written_by, created_at)
        portfolio_reviews[]       id, status, period_start, period_end, development_conversation_at,
                                  parents_asked_at, agreed_at, agreed_by,
                                  domains[] (domain, at_the_group, at_home, at_home_written_by,
                                  next_steps)
        messages[]                id, side, written_by, sent_at, edited_at, withdrawn_at,
                                  reply_to_announcement, body and photo (null when withdrawn)

Every read is one query for all families and children together: the number of queries is
the same for 5 entries as for 500.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.db.models import F, Prefetch, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from activities.home_selectors import language_of
from activities.models import ActivityTranslation, HomeActivityFeedback, SessionFamily
from activities.texts import text_in
from contacts.models import Agreement, Booking, ContactMoment, ContactRoutine, ConversationRequest
from contacts.views.child_page import parents_see
from families.models import Child, Consent, Family, FamilyProfileChange, Guardian, HomeVisit, Placement
from families.services.consents import current_consents, current_other_consents
from messaging.models import Message
from portfolios.models import EntryPhoto, PortfolioEntry, PortfolioReview, Response
from portfolios.services.reviews import with_domains

if TYPE_CHECKING:
    from django.db.models.fields.files import FieldFile

    from accounts.models import User

FORMAT = "samenspel-family-export"
VERSION = 1
# Kept in memory up to this size, then on disk: a family with many photos makes a big archive.
SPOOL_MAX_BYTES = 8 * 1024 * 1024


# --- What is collected ------------------------------------------------------------------------


@dataclass
class ChildData:
    child: Child
    placements: list[Placement]
    consents_current: list[Consent]
    consent_history: list[Consent]
    routine: ContactRoutine | None
    moments: list[ContactMoment]
    agreements: list[Agreement]
    home_visits: list[HomeVisit]
    requests: list[ConversationRequest]
    bookings: list[Booking]
    entries: list[PortfolioEntry]
    photos_allowed: bool
    reviews: list[PortfolioReview]
    messages: list[Message]


@dataclass
class FamilyData:
    family: Family
    guardians: list[Guardian]
    you: Guardian
    reading_language: str
    children: list[ChildData]
    profile_changes: list[FamilyProfileChange]
    feedback: list[HomeActivityFeedback]
    sessions: list[SessionFamily]


@dataclass
class Export:
    user: User
    made_at: datetime
    families: list[FamilyData]
    # (name in the archive, stored file): what goes into photos/
    photo_files: list[tuple[str, FieldFile]] = field(default_factory=list)

    @property
    def filename(self) -> str:
        """Only ids in the name: the file lands in download folders and mail attachments."""
        return "samenspel-" + "_".join(str(data.family.pk) for data in self.families) + ".zip"


def families_of(user: User) -> QuerySet[Family]:
    """The families `user` is a parent of (a Guardian record with their login), oldest first;
    the anonymised ones are gone for the export too."""
    return Family.objects.filter(
        pk__in=Guardian.objects.filter(user=user).values("family_id"),
        anonymised_at__isnull=True,
    ).order_by("created_at", "pk")


def _by(rows, key: str) -> dict[Any, list]:
    grouped: dict[Any, list] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


def export_collect(user: User) -> Export:
    """Read everything for the export of `user`'s families, in a fixed number of queries."""
    families = list(
        families_of(user).prefetch_related(
            "home_languages", Prefetch("guardians", queryset=Guardian.objects.order_by("last_name", "first_name"))
        )
    )
    family_ids = [family.pk for family in families]
    children = list(
        Child.objects.filter(family_id__in=family_ids, anonymised_at__isnull=True)
        .prefetch_related(
            Prefetch(
                "placements",
                queryset=Placement.objects.select_related("group__location", "mentor").order_by("start_date", "pk"),
            )
        )
        .order_by("birth_date", "first_name", "pk")
    )
    child_ids = [child.pk for child in children]

    current = current_consents(children)
    others = current_other_consents(children)
    history = _by(Consent.objects.filter(child_id__in=child_ids).select_related("guardian", "decided_by"), "child_id")
    routines = {routine.child_id: routine for routine in ContactRoutine.objects.filter(child_id__in=child_ids)}
    # As on the child page for parents: only what is shared is even read from the database.
    moments = _by(
        ContactMoment.objects.filter(child_id__in=child_ids)
        .shared_with_parents()
        .select_related("professional")
        .only(
            "child_id", "occurred_at", "kind", "shared_summary", "professional__first_name", "professional__last_name"
        )
        .order_by("-occurred_at", "-pk"),
        "child_id",
    )
    agreements = _by(
        Agreement.objects.filter(parents_see(), contact_moment__child_id__in=child_ids)
        .select_related("owner_professional", "owner_guardian")
        .annotate(child_id=F("contact_moment__child_id"), contact_moment_at=F("contact_moment__occurred_at"))
        .order_by("due_on", "pk"),
        "child_id",
    )
    home_visits = _by(
        HomeVisit.objects.filter(child_id__in=child_ids, status=HomeVisit.Status.DONE, summary_shared=True)
        .exclude(summary_for_parents="")
        .select_related("professional")
        .only("child_id", "planned_for", "summary_for_parents", "professional__first_name", "professional__last_name")
        .order_by("-planned_for"),
        "child_id",
    )
    requests = _by(
        ConversationRequest.objects.filter(child_id__in=child_ids).select_related("requested_by"), "child_id"
    )
    bookings = _by(
        Booking.objects.filter(child_id__in=child_ids)
        .select_related("slot__mentor", "booked_by")
        .order_by("-slot__starts_at"),
        "child_id",
    )
    entries = _by(
        PortfolioEntry.objects.filter(child_id__in=child_ids, shared_at__isnull=False)
        .select_related("author", "domain")
        .prefetch_related(
            Prefetch("responses", queryset=Response.objects.select_related("author")),
            Prefetch("photos", queryset=EntryPhoto.objects.only("pk", "entry_id", "position", "image")),
        )
        .order_by("-observed_on", "-created_at"),
        "child_id",
    )
    reviews = _by(
        with_domains(
            PortfolioReview.objects.filter(child_id__in=child_ids)
            .exclude(status=PortfolioReview.Status.DRAFT)
            .select_related("agreed_by")
            .annotate(development_conversation_at=F("contact_moment__occurred_at"))
        ).order_by("-period_end", "-created_at"),
        "child_id",
    )
    messages = _by(
        Message.objects.filter(child_id__in=child_ids).select_related("author").order_by("created_at", "pk"),
        "child_id",
    )
    profile_changes = _by(
        FamilyProfileChange.objects.filter(family_id__in=family_ids).select_related("changed_by"), "family_id"
    )
    # Activity titles in each family's reading language, as on the parents' pages.
    translations = ActivityTranslation.objects.all()
    feedback = _by(
        HomeActivityFeedback.objects.filter(family_id__in=family_ids)
        .select_related("home_activity__activity", "written_by")
        .prefetch_related(Prefetch("home_activity__activity__translations", queryset=translations))
        .order_by("-home_activity__week_start", "-created_at"),
        "family_id",
    )
    sessions = _by(
        SessionFamily.objects.filter(family_id__in=family_ids)
        .select_related("session__group", "session__activity")
        .prefetch_related(Prefetch("session__activity__translations", queryset=translations))
        .order_by("-session__starts_at", "pk"),
        "family_id",
    )

    export = Export(user=user, made_at=timezone.now(), families=[])
    children_of = _by(children, "family_id")
    for family in families:
        guardians = list(family.guardians.all())
        you = next(guardian for guardian in guardians if guardian.user_id == user.pk)
        family_data = FamilyData(
            family=family,
            guardians=guardians,
            you=you,
            reading_language=language_of(you.preferred_language, family.preferred_language),
            children=[],
            profile_changes=profile_changes[family.pk],
            feedback=feedback[family.pk],
            sessions=sessions[family.pk],
        )
        for child in children_of[family.pk]:
            photo_consent = current[child.pk][Consent.Kind.PORTFOLIO_PHOTOS]
            consents_now = [consent for consent in current[child.pk].values() if consent is not None]
            family_data.children.append(
                ChildData(
                    child=child,
                    placements=list(child.placements.all()),
                    consents_current=consents_now + others[child.pk],
                    consent_history=history[child.pk],
                    routine=routines.get(child.pk),
                    moments=moments[child.pk],
                    agreements=agreements[child.pk],
                    home_visits=home_visits[child.pk],
                    requests=requests[child.pk],
                    bookings=bookings[child.pk],
                    entries=entries[child.pk],
                    # As the timeline: photos only while the parents' photo consent is given.
                    photos_allowed=photo_consent is not None and photo_consent.given,
                    reviews=reviews[child.pk],
                    messages=messages[child.pk],
                )
            )
        export.families.append(family_data)
    _name_photos(export)
    return export


def _name_photos(export: Export) -> None:
    """Give every photo that goes into the archive its name there (`archive_name`, None for
    those left out), and list the files to copy."""
    for family_data in export.families:
        for data in family_data.children:
            for entry in data.entries:
                entry.shown_photos = []
                if not data.photos_allowed:
                    continue
                for photo in entry.photos.all():
                    photo.archive_name = f"photos/portfolio/{photo.pk}.jpg"
                    entry.shown_photos.append(photo)
                    export.photo_files.append((photo.archive_name, photo.image))
            for message in data.messages:
                message.archive_name = None
                if message.photo and not message.is_withdrawn:
                    message.archive_name = f"photos/messages/{message.pk}.jpg"
                    export.photo_files.append((message.archive_name, message.photo))
        for row in family_data.feedback:
            row.activity_title = text_in(row.home_activity.activity, family_data.reading_language).title
        for row in family_data.sessions:
            session = row.session
            row.title = text_in(session.activity, family_data.reading_language).title if session.activity else ""
            row.title = row.title or session.title


# --- data.json ------------------------------------------------------------------------------


def _when(value: datetime | date | time | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _name(user: User | None) -> str:
    return user.get_full_name() if user is not None else ""


def _person(first_name: str, last_name: str) -> str:
    return f"{first_name} {last_name}".strip()


def _consent(consent: Consent) -> dict:
    # The current decisions come with `decider` (families.services.consents); the history
    # with the parent and the user selected along.
    decided_by = getattr(consent, "decider", None)
    if decided_by is None and consent.guardian is not None:
        decided_by = _person(consent.guardian.first_name, consent.guardian.last_name)
    elif decided_by is None:
        decided_by = _name(consent.decided_by)
    return {
        "kind": consent.kind,
        "description": consent.description,
        "given": consent.given,
        "decided_at": _when(consent.decided_at),
        "decided_by": decided_by,
    }


def _agreement_owner(agreement: Agreement) -> str:
    if agreement.owner_guardian is not None:
        return _person(agreement.owner_guardian.first_name, agreement.owner_guardian.last_name)
    return _name(agreement.owner_professional)


def _guardian(guardian: Guardian, you: Guardian) -> dict:
    row = {
        "first_name": guardian.first_name,
        "last_name": guardian.last_name,
        "relationship": guardian.relationship,
        "is_you": guardian.pk == you.pk,
    }
    # The other parents' contact details are not shown to parents in the portal either.
    if guardian.pk == you.pk:
        row.update(email=guardian.email, phone=guardian.phone, preferred_language=guardian.preferred_language)
    return row


def _entry(entry: PortfolioEntry) -> dict:
    return {
        "id": str(entry.pk),
        "perspective": entry.perspective,
        "domain": str(entry.domain) if entry.domain else None,
        "observed_on": _when(entry.observed_on),
        "text": entry.text,
        "written_by": _name(entry.author),
        "shared_at": _when(entry.shared_at),
        "created_at": _when(entry.created_at),
        "edited_at": _when(entry.edited_at),
        "photos": [photo.archive_name for photo in entry.shown_photos if photo.archive_name],
        "responses": [
            {
                "perspective": response.perspective,
                "text": response.text,
                "written_by": _name(response.author),
                "created_at": _when(response.created_at),
            }
            for response in entry.responses.all()
        ],
    }


def _review(review: PortfolioReview) -> dict:
    return {
        "id": str(review.pk),
        "status": review.status,
        "period_start": _when(review.period_start),
        "period_end": _when(review.period_end),
        "development_conversation_at": _when(review.development_conversation_at),
        "parents_asked_at": _when(review.parents_asked_at),
        "agreed_at": _when(review.agreed_at),
        "agreed_by": _name(review.agreed_by) if review.is_agreed else None,
        "domains": [
            {
                "domain": str(row.domain),
                "at_the_group": row.professional_view,
                "at_home": row.parent_view,
                "at_home_written_by": _name(row.parent_view_by) if row.parent_view else None,
                "next_steps": row.next_steps,
            }
            for row in review.domains.all()
        ],
    }


def _message(message: Message) -> dict:
    withdrawn = message.is_withdrawn
    return {
        "id": message.pk,
        "side": message.side,
        "written_by": _name(message.author),
        "sent_at": _when(message.created_at),
        "edited_at": _when(message.edited_at),
        "withdrawn_at": _when(message.withdrawn_at),
        "reply_to_announcement": message.announcement_id is not None,
        # A withdrawn message is shown to no one: its text and photo stay out.
        "body": None if withdrawn else message.body,
        "photo": message.archive_name,
    }


def _child(data: ChildData) -> dict:
    child, routine = data.child, data.routine
    return {
        "id": str(child.pk),
        "first_name": child.first_name,
        "last_name": child.last_name,
        "birth_date": _when(child.birth_date),
        "placements": [
            {
                "group": placement.group.name,
                "location": placement.group.location.name,
                "mentor": _name(placement.mentor) or None,
                "start_date": _when(placement.start_date),
                "end_date": _when(placement.end_date),
            }
            for placement in data.placements
        ],
        "consents": {
            "current": [_consent(consent) for consent in data.consents_current],
            "history": [_consent(consent) for consent in data.consent_history],
        },
        "contact_routine": None
        if routine is None
        else {
            "every_weeks": routine.every_weeks,
            "weekday": routine.weekday,
            "time": _when(routine.time),
            "channel": routine.channel,
            "agreed_on": _when(routine.agreed_on),
        },
        "contact_moments": [
            {
                "occurred_at": _when(moment.occurred_at),
                "kind": moment.kind,
                "professional": _name(moment.professional),
                "summary": moment.shared_summary,
            }
            for moment in data.moments
        ],
        "agreements": [
            {
                "description": agreement.description,
                "owner": _agreement_owner(agreement),
                "due_on": _when(agreement.due_on),
                "done_at": _when(agreement.done_at),
                "contact_moment_at": _when(agreement.contact_moment_at),
            }
            for agreement in data.agreements
        ],
        "home_visits": [
            {
                "planned_for": _when(visit.planned_for),
                "professional": _name(visit.professional),
                "summary": visit.summary_for_parents,
            }
            for visit in data.home_visits
        ],
        "conversation_requests": [
            {
                "reason": request.reason,
                "asked_at": _when(request.created_at),
                "asked_by": _name(request.requested_by),
                "handled_at": _when(request.handled_at),
            }
            for request in data.requests
        ],
        "bookings": [
            {
                "starts_at": _when(booking.slot.starts_at),
                "ends_at": _when(booking.slot.ends_at),
                "kind": booking.slot.kind,
                "place": booking.slot.place,
                "mentor": _name(booking.slot.mentor),
                "note": booking.note,
                "booked_at": _when(booking.booked_at),
                "booked_by": _name(booking.booked_by),
                "cancelled_at": _when(booking.cancelled_at),
            }
            for booking in data.bookings
        ],
        "portfolio_entries": [_entry(entry) for entry in data.entries],
        "portfolio_reviews": [_review(review) for review in data.reviews],
        "messages": [_message(message) for message in data.messages],
    }


def _family(data: FamilyData) -> dict:
    family = data.family
    return {
        "id": str(family.pk),
        "name": family.name,
        "preferred_language": family.preferred_language,
        "interpreter_needed": family.interpreter_needed,
        "phone": family.phone,
        "street": family.street,
        "postcode": family.postcode,
        "city": family.city,
        "created_at": _when(family.created_at),
        "home_languages": [
            {"language": language.language, "spoken_by": language.spoken_by} for language in family.home_languages.all()
        ],
        "guardians": [_guardian(guardian, data.you) for guardian in data.guardians],
        "profile_changes": [
            {"changed_at": _when(change.changed_at), "changed_by": _name(change.changed_by), "changes": change.changes}
            for change in data.profile_changes
        ],
        "home_activity_feedback": [
            {
                "activity": row.activity_title,
                "week_start": _when(row.home_activity.week_start),
                "done_on": _when(row.done_on),
                "how_it_went": row.how_it_went,
                "child_said": row.child_said,
                "language_used": row.language_used,
                "comment": row.comment,
                "written_by": _name(row.written_by),
                "created_at": _when(row.created_at),
                "updated_at": _when(row.updated_at),
            }
            for row in data.feedback
        ],
        "parent_child_sessions": [
            {
                "title": row.title,
                "group": row.session.group.name,
                "starts_at": _when(row.session.starts_at),
                "ends_at": _when(row.session.ends_at),
                "invitation": row.session.invitation,
                "cancelled_at": _when(row.session.cancelled_at),
                "reply": row.reply or None,
                "replied_at": _when(row.replied_at),
                "attended": row.attended,
            }
            for row in data.sessions
        ],
        "children": [_child(child) for child in data.children],
    }


def export_json(export: Export) -> dict:
    user = export.user
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _when(export.made_at),
        "retention_days": settings.RETENTION_DAYS,
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "preferred_language": user.preferred_language,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
        },
        "families": [_family(data) for data in export.families],
    }


# --- index.html and the archive ------------------------------------------------------------------


def export_html(export: Export, *, language: str) -> str:
    with translation.override(language):
        return render_to_string(
            "privacy/export/index.html",
            {
                "export": export,
                "families": export.families,
                "retention_days": settings.RETENTION_DAYS,
                "language": language,
            },
        )


def _copy_photos(export: Export, archive: zipfile.ZipFile) -> None:
    """Copy the photos into the archive; one gone from storage is left out (and unnamed)."""
    stamp = timezone.localtime(export.made_at).timetuple()[:6]
    missing: set[str] = set()
    for name, stored in export.photo_files:
        try:
            source = stored.storage.open(stored.name, "rb")
        except (OSError, SuspiciousFileOperation):
            missing.add(name)
            continue
        # JPEGs do not compress: stored as they are.
        info = zipfile.ZipInfo(name, date_time=stamp)
        info.compress_type = zipfile.ZIP_STORED
        with source, archive.open(info, "w") as target:
            shutil.copyfileobj(source, target)
    if not missing:
        return
    for family_data in export.families:
        for data in family_data.children:
            for entry in data.entries:
                for photo in entry.shown_photos:
                    if photo.archive_name in missing:
                        photo.archive_name = None
            for message in data.messages:
                if message.archive_name in missing:
                    message.archive_name = None


def export_write(export: Export, target: IO[bytes], *, language: str) -> None:
    """Write the archive of `export` into the binary file `target`."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        # The photos first: data.json and index.html name only those that made it in.
        _copy_photos(export, archive)
        stamp = timezone.localtime(export.made_at).timetuple()[:6]
        data = json.dumps(export_json(export), ensure_ascii=False, indent=2)
        archive.writestr(zipfile.ZipInfo("data.json", date_time=stamp), data.encode(), zipfile.ZIP_DEFLATED)
        page = export_html(export, language=language)
        archive.writestr(zipfile.ZipInfo("index.html", date_time=stamp), page.encode(), zipfile.ZIP_DEFLATED)


def export_archive(export: Export, *, language: str) -> IO[bytes]:
    """The archive in a temporary file, rewound; the caller closes it (a FileResponse does)."""
    target = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX_BYTES)  # noqa: SIM115 - returned open
    try:
        export_write(export, target, language=language)
    except BaseException:
        target.close()
        raise
    target.seek(0)
    return target
