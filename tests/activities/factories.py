import datetime

import factory
from django.utils import timezone

from activities.models import (
    Activity,
    ActivityTranslation,
    GroupTheme,
    HomeActivity,
    HomeActivityFeedback,
    LanguageGoal,
    ParentChildSession,
    SessionFamily,
    Theme,
    ThemeTranslation,
    ThemeWord,
    WordTranslation,
)


def goal(key: str = "new_words") -> LanguageGoal:
    return LanguageGoal.objects.get(key=key)


def this_monday() -> datetime.date:
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday())


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Herfst {n}")


class ThemeTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThemeTranslation

    theme = factory.SubFactory(ThemeFactory)
    language = "ar"
    name = "الخريف"


class ThemeWordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThemeWord

    theme = factory.SubFactory(ThemeFactory)
    word = factory.Sequence(lambda n: f"het blad {n}")


class WordTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WordTranslation

    word = factory.SubFactory(ThemeWordFactory)
    language = "ar"
    text = "ورقة"


class GroupThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupTheme

    theme = factory.SubFactory(ThemeFactory)
    starts_on = factory.LazyFunction(lambda: this_monday() - datetime.timedelta(days=7))
    ends_on = factory.LazyFunction(lambda: this_monday() + datetime.timedelta(days=20))


class ActivityFactory(factory.django.DjangoModelFactory):
    """A published activity in easy Dutch, for the language goal "new words"."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Blaadjes zoeken {n}")
    materials = "Een tas\nBlaadjes van buiten"
    steps = "Ga samen naar buiten.\nZoek drie blaadjes.\nZeg de kleur van elk blad."
    modelling_tip = "Pak een blad. Zeg: 'Kijk, een geel blad!' Wacht even. Laat je kind het ook zeggen."
    parent_role_tip = "Als je samen praat over wat je ziet, leert je kind nieuwe woorden."
    is_published = True

    @factory.post_generation
    def goals(activity, create, extracted, **kwargs):
        if create:
            activity.goals.set(extracted if extracted is not None else [goal()])


class ActivityTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityTranslation

    activity = factory.SubFactory(ActivityFactory)
    language = "ar"
    title = "البحث عن الأوراق"
    materials = "حقيبة\nأوراق من الخارج"
    steps = "اخرجوا معًا.\nابحثوا عن ثلاث أوراق.\nقولوا لون كل ورقة."
    modelling_tip = "خذ ورقة. قل: انظر، ورقة صفراء!"
    parent_role_tip = "عندما تتحدثون معًا عما ترونه، يتعلم طفلك كلمات جديدة."


class HomeActivityFactory(factory.django.DjangoModelFactory):
    """Handed to a group (pass group=...) or a family (pass family=..., group=None)."""

    class Meta:
        model = HomeActivity

    activity = factory.SubFactory(ActivityFactory)
    week_start = factory.LazyFunction(this_monday)


class HomeActivityFeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HomeActivityFeedback

    done_on = factory.LazyFunction(timezone.localdate)
    how_it_went = HomeActivityFeedback.HowItWent.GREAT
    child_said = "Geel! Geel blad!"
    language_used = "ar"


class ParentChildSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParentChildSession

    activity = factory.SubFactory(ActivityFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + datetime.timedelta(minutes=45))


class SessionFamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionFamily


# --- Parent–child sessions (the sessions work) ---------------------------------------------


def invited_session(group, families, *, hours_from_now: float = 24 * 7, **kwargs) -> ParentChildSession:
    """A session of `group` with `families` invited; `hours_from_now` < 0 for one that started."""
    starts_at = timezone.now() + datetime.timedelta(hours=hours_from_now)
    session = ParentChildSessionFactory(group=group, starts_at=starts_at, invited_at=timezone.now(), **kwargs)
    for family in families:
        SessionFamilyFactory(session=session, family=family)
    return session
