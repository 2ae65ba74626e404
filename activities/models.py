"""VE language activities for parent and child (see DESIGN.md, the VE steps).

The library: activities in easy Dutch with their translations (Dutch is the master
language; staff enter a translation per home language, each in its own row, so that "which
languages are complete" is a question to the database), language goals, themes with word
lists and the themes a group works in.

Why not a model-translation library: django-parler only accepts languages that are also UI
languages (settings.LANGUAGES). Making Arabic or Turkish a UI language would switch the
interface of every browser set to it to untranslated English; our UI is Dutch and English,
the content is in any home language. Handing out: a home activity for a whole group
or one family for a week, and each family's feedback. At the group: parent–child sessions
with the families who came and a reflection afterwards.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from families.languages import LANGUAGE_CHOICES
from photos.storage import get_private_storage

# The master language of the library: every activity, theme and word is written in Dutch
# first, so that parents can always see the words the group uses.
MASTER_LANGUAGE = "nl"

# Languages an activity can be translated into: the home languages we know, except Dutch
# (the master) and "other" (not a language one can write in).
TRANSLATION_LANGUAGES = [(code, name) for code, name in LANGUAGE_CHOICES if code not in (MASTER_LANGUAGE, "other")]

# The language goals every organisation starts with, named in the reader's language.
BUILT_IN_GOALS = {
    "new_words": _("New words"),
    "telling": _("Telling"),
    "asking_questions": _("Asking questions"),
    "listening": _("Listening"),
    "conversation": _("Talking together (taking turns)"),
    "songs_rhymes": _("Songs and rhymes"),
}


class LanguageGoal(models.Model):
    """What an activity invites the child to do with language."""

    key = models.CharField(_("built-in goal"), max_length=20, blank=True, editable=False)
    name = models.CharField(
        _("name"),
        max_length=60,
        blank=True,
        help_text=_("Leave empty for a built-in goal to show its standard name in each reader's language."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("language goal")
        verbose_name_plural = _("language goals")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~Q(key=""), name="goal_key_unique"),
            models.CheckConstraint(condition=~Q(key="", name=""), name="goal_named"),
        ]

    def __str__(self) -> str:
        return self.name or str(BUILT_IN_GOALS.get(self.key, self.key))


class Theme(models.Model):
    """A theme VE groups work in for a few weeks (autumn, food, my body), with its words."""

    name = models.CharField(_("name"), max_length=80, help_text=_("In Dutch."))
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class ThemeTranslation(models.Model):
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="translations", verbose_name=_("theme"))
    language = models.CharField(_("language"), max_length=8, choices=TRANSLATION_LANGUAGES)
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        verbose_name = _("translation of a theme")
        verbose_name_plural = _("translations of themes")
        constraints = [models.UniqueConstraint(fields=["theme", "language"], name="theme_translation_once")]

    def __str__(self) -> str:
        return f"{self.theme} ({self.language})"


class ThemeWord(models.Model):
    """A word of a theme: in Dutch, and in the home languages staff translated it into."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="words", verbose_name=_("theme"))
    word = models.CharField(_("word"), max_length=80, help_text=_("In Dutch, with the article: de appel, het blad."))
    picture = models.FileField(_("picture"), storage=get_private_storage, upload_to="activities/words/", blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("theme word")
        verbose_name_plural = _("theme words")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.word


class WordTranslation(models.Model):
    word = models.ForeignKey(ThemeWord, on_delete=models.CASCADE, related_name="translations", verbose_name=_("word"))
    language = models.CharField(_("language"), max_length=8, choices=TRANSLATION_LANGUAGES)
    text = models.CharField(_("translation"), max_length=80)

    class Meta:
        verbose_name = _("translation of a word")
        verbose_name_plural = _("translations of words")
        constraints = [models.UniqueConstraint(fields=["word", "language"], name="word_translation_once")]

    def __str__(self) -> str:
        return f"{self.word} ({self.language})"


class GroupTheme(models.Model):
    """The theme a group works in, from one date to another."""

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="themes", verbose_name=_("group"))
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="groups", verbose_name=_("theme"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))

    class Meta:
        verbose_name = _("theme of a group")
        verbose_name_plural = _("themes of groups")
        ordering = ["-starts_on", "pk"]
        indexes = [models.Index(fields=["group", "starts_on", "ends_on"], name="group_theme_period")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="group_theme_period_in_order")
        ]

    def __str__(self) -> str:
        return f"{self.group} – {self.theme}"


class ActivityText(models.Model):
    """The words of an activity in one language: the Dutch original on the activity itself,
    each translation in an ActivityTranslation."""

    title = models.CharField(_("title"), max_length=120)
    materials = models.TextField(_("materials"), help_text=_("What you need, from an ordinary home. One per line."))
    steps = models.TextField(_("steps"), help_text=_("Short sentences in easy language. One step per line."))
    modelling_tip = models.TextField(
        _("how to show it"), help_text=_("What to say and do, so that the parent can copy it.")
    )
    parent_role_tip = models.TextField(
        _("the parent's role"), help_text=_("Why this helps the child's language, and what the parent can do.")
    )

    # All of them are needed before parents see a translation.
    TEXT_FIELDS = ("title", "materials", "steps", "modelling_tip", "parent_role_tip")

    class Meta:
        abstract = True


class Activity(ActivityText):
    """A language activity for parent and child, written in easy Dutch: short sentences,
    one step per line. Translations hold the same fields in a parent's language."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    goals = models.ManyToManyField(LanguageGoal, related_name="activities", verbose_name=_("language goals"))
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities", verbose_name=_("theme")
    )
    age_from_months = models.PositiveSmallIntegerField(_("from age (months)"), default=24)
    age_to_months = models.PositiveSmallIntegerField(_("to age (months)"), default=48)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=10)
    picture = models.FileField(_("picture"), storage=get_private_storage, upload_to="activities/", blank=True)
    picture_thumbnail = models.FileField(
        _("thumbnail"), storage=get_private_storage, upload_to="activities/thumbnails/", blank=True
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Only published activities can be handed out to parents.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("written by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_to_months__gte=F("age_from_months")), name="activity_age_range_in_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ActivityTranslation(ActivityText):
    """An activity in a parent's language, entered by staff; complete when every text is there."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="translations", verbose_name=_("activity")
    )
    language = models.CharField(_("language"), max_length=8, choices=TRANSLATION_LANGUAGES)
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("translated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("translation of an activity")
        verbose_name_plural = _("translations of activities")
        ordering = ["language"]
        constraints = [models.UniqueConstraint(fields=["activity", "language"], name="activity_translation_once")]

    def __str__(self) -> str:
        return f"{self.activity} ({self.language})"


class HomeActivity(models.Model):
    """An activity handed to a whole group or to one family, for the week from `week_start`
    (a Monday) to the Sunday after."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="handed_out", verbose_name=_("activity")
    )
    group = models.ForeignKey(
        "groups.Group",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="home_activities",
        verbose_name=_("group"),
    )
    family = models.ForeignKey(
        "families.Family",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="home_activities",
        verbose_name=_("family"),
    )
    week_start = models.DateField(_("week of"))
    note = models.TextField(_("a word to the parents"), blank=True, max_length=1000)
    handed_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("handed out by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("home activity")
        verbose_name_plural = _("home activities")
        ordering = ["-week_start", "-created_at"]
        indexes = [
            models.Index(fields=["group", "-week_start"], name="home_activity_group_week"),
            models.Index(fields=["family", "-week_start"], name="home_activity_family_week"),
        ]
        constraints = [
            # For a whole group or for one family, never both, never neither.
            models.CheckConstraint(
                condition=Q(group__isnull=False, family__isnull=True) | Q(group__isnull=True, family__isnull=False),
                name="home_activity_for_group_or_family",
            ),
            models.UniqueConstraint(
                fields=["activity", "group", "week_start"],
                condition=Q(group__isnull=False),
                name="home_activity_once_per_group_week",
            ),
            models.UniqueConstraint(
                fields=["activity", "family", "week_start"],
                condition=Q(family__isnull=False),
                name="home_activity_once_per_family_week",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} ({self.week_start})"


class HomeActivityFeedback(models.Model):
    """How it went at home, in the family's own words and in the language they chose."""

    class HowItWent(models.TextChoices):
        GREAT = "great", _("Great")
        OK = "ok", _("OK")
        DIFFICULT = "difficult", _("Difficult")

    home_activity = models.ForeignKey(
        HomeActivity, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("home activity")
    )
    family = models.ForeignKey(
        "families.Family", on_delete=models.CASCADE, related_name="activity_feedback", verbose_name=_("family")
    )
    done_on = models.DateField(_("done on"))
    how_it_went = models.CharField(_("how did it go?"), max_length=10, choices=HowItWent.choices)
    child_said = models.TextField(_("what did your child say?"), blank=True, max_length=2000)
    language_used = models.CharField(_("language you used"), max_length=8, choices=LANGUAGE_CHOICES)
    comment = models.TextField(_("anything else?"), blank=True, max_length=2000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("written by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("feedback on a home activity")
        verbose_name_plural = _("feedback on home activities")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["home_activity", "family"], name="home_activity_feedback_once"),
        ]

    def __str__(self) -> str:
        return f"{self.home_activity} – {self.family}"


class ParentChildSession(models.Model):
    """An ouder-kindactiviteit: parents and children of a group do an activity together at
    the group, so that parents see and try how to invite their child to talk."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(
        "groups.Group", on_delete=models.CASCADE, related_name="parent_child_sessions", verbose_name=_("group")
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("activity"),
    )
    title = models.CharField(_("title"), max_length=120, blank=True, help_text=_("When it is not one activity."))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    invitation = models.TextField(_("invitation to the parents"), blank=True, max_length=2000)
    invited_at = models.DateTimeField(_("parents invited at"), null=True, blank=True)
    reflection = models.TextField(_("reflection afterwards"), blank=True, max_length=5000)
    reflection_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reflection by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("planned by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("parent–child session")
        verbose_name_plural = _("parent–child sessions")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["group", "-starts_at"], name="session_group_start")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
            models.CheckConstraint(
                condition=Q(activity__isnull=False) | ~Q(title=""), name="session_has_activity_or_title"
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(self.activity)


class SessionFamily(models.Model):
    """A family and a session: whether they said they would come, and whether they came."""

    class Reply(models.TextChoices):
        COMING = "coming", _("We are coming")
        NOT_COMING = "not_coming", _("We cannot come")

    session = models.ForeignKey(
        ParentChildSession, on_delete=models.CASCADE, related_name="families", verbose_name=_("session")
    )
    family = models.ForeignKey(
        "families.Family", on_delete=models.CASCADE, related_name="sessions", verbose_name=_("family")
    )
    reply = models.CharField(_("reply"), max_length=12, choices=Reply.choices, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    attended = models.BooleanField(_("came"), null=True, blank=True, help_text=_("Registered by staff afterwards."))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )

    class Meta:
        verbose_name = _("family at a session")
        verbose_name_plural = _("families at sessions")
        constraints = [models.UniqueConstraint(fields=["session", "family"], name="session_family_once")]

    def __str__(self) -> str:
        return f"{self.session} – {self.family}"
