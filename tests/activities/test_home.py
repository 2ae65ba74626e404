"""Home activities: a professional hands an activity to a group or a family for a week, the
parents read it in their language with the Dutch text one tap away and tell how it went,
and the group's staff read the take-up. Parents only see what reached their own family."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from activities.home_cards import home_activity_cards
from activities.models import HomeActivity, HomeActivityFeedback
from activities.services.home import (
    home_activity_feedback_give,
    home_activity_hand_out,
    home_activity_withdraw,
)
from notifications.kinds import title_for
from notifications.models import Notification
from tests.activities.factories import (
    ActivityFactory,
    ActivityTranslationFactory,
    HomeActivityFactory,
    HomeActivityFeedbackFactory,
    this_monday,
)
from tests.conftest import client_for, english_client_for
from tests.factories import ChildFactory, GuardianFactory, PlacementFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
MONDAY = this_monday()
WEEK = datetime.timedelta(weeks=1)


def _detail(home_activity) -> str:
    return reverse("activities:home_activity_detail", args=[home_activity.pk])


def _feedback_url(home_activity) -> str:
    return reverse("activities:home_activity_feedback", args=[home_activity.pk])


def _take_up(group) -> str:
    return reverse("activities:group_take_up", args=[group.pk])


def _arabic_activity():
    return ActivityTranslationFactory(activity=ActivityFactory(title="Blaadjes zoeken")).activity


def _in_arabic(side):
    side.family.guardians.filter(user=side.parent).update(preferred_language="ar")


def _hand_to_group(side, activity=None, **fields):
    return home_activity_hand_out(
        activity=activity or ActivityFactory(), by=side.professional, week_start=MONDAY, group=side.group, **fields
    )


def _feedback(side, home_activity, **fields):
    values = {"done_on": TODAY, "how_it_went": "great", "child_said": "Geel blad!", "language_used": "ar"}
    return home_activity_feedback_give(
        home_activity=home_activity, family=side.family, by=side.parent, **{**values, **fields}
    )


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


@pytest.fixture
def handed(ours):
    """Ours: an activity with an Arabic translation handed to the group this week."""
    ours.home_activity = HomeActivityFactory(
        activity=_arabic_activity(), group=ours.group, handed_out_by=ours.professional, note="Veel plezier!"
    )
    return ours


@pytest.fixture
def handed_theirs(theirs):
    theirs.home_activity = HomeActivityFactory(group=theirs.group, handed_out_by=theirs.professional)
    return theirs


# --- Handing out ------------------------------------------------------------------------------


def test_a_professional_hands_an_activity_to_the_group_and_its_parents_with_a_login_are_told(ours, theirs):
    second = GuardianFactory(family=ours.family)
    GuardianFactory(family=ours.family, user=None, email="zonder.login@example.test")

    home_activity = _hand_to_group(ours, note="Doe het buiten")

    assert home_activity.group == ours.group and home_activity.family is None
    assert home_activity.handed_out_by == ours.professional and home_activity.note == "Doe het buiten"
    told = Notification.objects.filter(kind="home_activity")
    assert {notification.recipient for notification in told} == {ours.parent, second.user}
    assert told[0].link == _detail(home_activity)


def test_the_parents_are_told_once_and_in_their_own_language(ours, english):
    _in_arabic(ours)
    home_activity = _hand_to_group(ours, activity=_arabic_activity())
    PlacementFactory(child=ChildFactory(family=ours.family), group=ours.group)  # a sibling in the group

    [notification] = Notification.objects.filter(kind="home_activity", recipient=ours.parent)

    assert notification.params["activity"] == "البحث عن الأوراق"
    assert title_for(notification).endswith("البحث عن الأوراق")
    assert str(home_activity.pk) not in notification.params.values()


def test_a_parent_of_two_children_in_the_group_is_told_once(ours):
    PlacementFactory(child=ChildFactory(family=ours.family), group=ours.group)
    _hand_to_group(ours)
    assert Notification.objects.filter(kind="home_activity", recipient=ours.parent).count() == 1


def test_handing_to_one_family_tells_only_that_family(ours):
    other = GuardianFactory()
    PlacementFactory(child=ChildFactory(family=other.family), group=ours.group)

    home_activity = home_activity_hand_out(
        activity=ActivityFactory(), by=ours.professional, week_start=MONDAY + WEEK, family=ours.family
    )

    assert home_activity.family == ours.family and home_activity.group is None
    assert [n.recipient for n in Notification.objects.filter(kind="home_activity")] == [ours.parent]


def test_a_week_that_already_ended_is_refused_with_a_clear_message(ours, english):
    with pytest.raises(ValidationError) as error:
        home_activity_hand_out(
            activity=ActivityFactory(), by=ours.professional, week_start=MONDAY - WEEK, group=ours.group
        )
    assert "has already ended" in _messages(error.value)
    assert error.value.message_dict.keys() == {"week_start"}
    assert not HomeActivity.objects.exists() and not Notification.objects.exists()


def test_a_week_must_start_on_a_monday(ours, english):
    with pytest.raises(ValidationError, match="starts on a Monday"):
        home_activity_hand_out(
            activity=ActivityFactory(),
            by=ours.professional,
            week_start=MONDAY + datetime.timedelta(days=1),
            group=ours.group,
        )


def test_the_same_activity_twice_for_the_same_group_and_week_is_refused(ours, english):
    activity = ActivityFactory(title="Soep koken")
    _hand_to_group(ours, activity=activity)

    with pytest.raises(ValidationError) as error:
        _hand_to_group(ours, activity=activity)

    assert "“Soep koken” was already handed to Groep ons" in _messages(error.value)
    assert HomeActivity.objects.count() == 1
    assert Notification.objects.filter(kind="home_activity").count() == 1
    # Another week, or the same week for one family, is fine.
    home_activity_hand_out(activity=activity, by=ours.professional, week_start=MONDAY + WEEK, group=ours.group)
    home_activity_hand_out(activity=activity, by=ours.professional, week_start=MONDAY, family=ours.family)


def test_the_same_activity_twice_for_the_same_family_and_week_is_refused(ours, english):
    activity = ActivityFactory()
    home_activity_hand_out(activity=activity, by=ours.professional, week_start=MONDAY, family=ours.family)
    with pytest.raises(ValidationError, match="already handed to the Familie ons family"):
        home_activity_hand_out(activity=activity, by=ours.professional, week_start=MONDAY, family=ours.family)


def test_an_unpublished_activity_cannot_be_handed_out(ours, english):
    with pytest.raises(ValidationError, match="not published yet"):
        _hand_to_group(ours, activity=ActivityFactory(is_published=False))


def test_any_group_may_get_a_home_activity_not_only_ve_groups(ours):
    assert ours.group.is_ve is False
    assert _hand_to_group(ours).pk


def test_a_professional_cannot_hand_out_to_another_group_or_its_families(ours, theirs):
    with pytest.raises(PermissionDenied):
        home_activity_hand_out(activity=ActivityFactory(), by=ours.professional, week_start=MONDAY, group=theirs.group)
    with pytest.raises(PermissionDenied):
        home_activity_hand_out(
            activity=ActivityFactory(), by=ours.professional, week_start=MONDAY, family=theirs.family
        )


def test_a_manager_or_a_parent_cannot_hand_out(ours):
    for user in (ours.manager, ours.parent):
        with pytest.raises(PermissionDenied):
            home_activity_hand_out(activity=ActivityFactory(), by=user, week_start=MONDAY, group=ours.group)


def test_an_admin_may_hand_out_to_any_group(theirs, org_admin):
    assert home_activity_hand_out(activity=ActivityFactory(), by=org_admin, week_start=MONDAY, group=theirs.group)


# --- Withdrawing -------------------------------------------------------------------------------


def test_a_hand_out_is_withdrawn_with_its_notifications_before_any_feedback(ours):
    home_activity = _hand_to_group(ours)

    home_activity_withdraw(home_activity=home_activity, by=ours.professional)

    assert not HomeActivity.objects.exists()
    assert not Notification.objects.filter(kind="home_activity").exists()


def test_a_hand_out_with_feedback_cannot_be_withdrawn(handed, english):
    _feedback(handed, handed.home_activity)
    with pytest.raises(ValidationError, match="can no longer be withdrawn"):
        home_activity_withdraw(home_activity=handed.home_activity, by=handed.professional)
    assert HomeActivity.objects.count() == 1


def test_a_manager_cannot_withdraw(handed):
    with pytest.raises(PermissionDenied):
        home_activity_withdraw(home_activity=handed.home_activity, by=handed.manager)


# --- Feedback --------------------------------------------------------------------------------


def test_a_parent_tells_how_it_went_and_a_second_time_changes_it_in_place(handed):
    first = _feedback(handed, handed.home_activity, child_said="Geel!")
    second_parent = GuardianFactory(family=handed.family)

    again = home_activity_feedback_give(
        home_activity=handed.home_activity,
        family=handed.family,
        by=second_parent.user,
        done_on=TODAY,
        how_it_went="ok",
        child_said="Rood blad",
        language_used="tr",
    )

    assert again.pk == first.pk
    feedback = HomeActivityFeedback.objects.get()
    assert (feedback.how_it_went, feedback.child_said, feedback.language_used) == ("ok", "Rood blad", "tr")
    assert feedback.written_by == second_parent.user


def test_feedback_on_an_activity_not_handed_to_the_family_is_refused_with_a_clear_message(handed, theirs, english):
    with pytest.raises(ValidationError, match="was not handed to your family"):
        home_activity_feedback_give(
            home_activity=handed.home_activity,
            family=theirs.family,
            by=theirs.parent,
            done_on=TODAY,
            how_it_went="great",
            language_used="nl",
        )
    assert not HomeActivityFeedback.objects.exists()


def test_a_parent_cannot_give_feedback_for_another_family(handed, theirs):
    with pytest.raises(PermissionDenied):
        home_activity_feedback_give(
            home_activity=handed.home_activity,
            family=handed.family,
            by=theirs.parent,
            done_on=TODAY,
            how_it_went="great",
            language_used="nl",
        )


def test_feedback_checks_its_fields_and_saves_nothing_on_an_error(handed, english):
    with pytest.raises(ValidationError) as error:
        _feedback(
            handed, handed.home_activity, done_on=TODAY + datetime.timedelta(days=1), how_it_went="", language_used="xx"
        )
    assert error.value.message_dict.keys() == {"done_on", "how_it_went", "language_used"}
    assert not HomeActivityFeedback.objects.exists()


def test_feedback_is_open_until_the_week_is_two_weeks_past(ours, english):
    old = HomeActivityFactory(group=ours.group, week_start=MONDAY - 2 * WEEK)
    HomeActivity.objects.filter(pk=old.pk).update(created_at=timezone.now() - 3 * WEEK)
    older = HomeActivityFactory(group=ours.group, week_start=MONDAY - 3 * WEEK)
    HomeActivity.objects.filter(pk=older.pk).update(created_at=timezone.now() - 4 * WEEK)
    old.refresh_from_db()
    older.refresh_from_db()

    # The week of two weeks ago ended 8 days ago or more; open until 14 days after its Sunday.
    assert _feedback(ours, old, done_on=MONDAY - 2 * WEEK)
    with pytest.raises(ValidationError, match="that time has passed"):
        _feedback(ours, older, done_on=MONDAY - 3 * WEEK)


def test_a_child_who_joined_later_does_not_get_the_groups_earlier_activities(ours, english):
    earlier = HomeActivityFactory(group=ours.group, week_start=MONDAY - WEEK)
    newcomer = GuardianFactory()
    PlacementFactory(child=ChildFactory(family=newcomer.family), group=ours.group, start_date=MONDAY)

    with pytest.raises(ValidationError, match="not handed to your family"):
        home_activity_feedback_give(
            home_activity=earlier,
            family=newcomer.family,
            by=newcomer.user,
            done_on=TODAY,
            how_it_went="ok",
            language_used="nl",
        )
    assert client_for(newcomer.user).get(_detail(earlier)).status_code == 404
    assert client_for(ours.parent).get(_detail(earlier)).status_code == 200


# --- The parent's pages ------------------------------------------------------------------------


def test_the_parent_reads_the_activity_in_arabic_right_to_left_with_the_dutch_text_a_tap_away(handed):
    _in_arabic(handed)

    page = english_client_for(handed.parent).get(_detail(handed.home_activity)).content.decode()

    assert '<article class="home-activity-text home-activity-own" lang="ar" dir="rtl">' in page
    assert "البحث عن الأوراق" in page
    assert "<li>اخرجوا معًا.</li>" in page  # the steps, numbered
    assert "Show in Dutch" in page
    assert '<article class="home-activity-text home-activity-dutch" lang="nl" dir="ltr">' in page
    assert "Blaadjes zoeken" in page and "<li>Zoek drie blaadjes.</li>" in page
    assert "Veel plezier!" in page  # the staff's note
    assert "Done! How did it go?" in page
    assert "Any language is good" in page


def test_a_parent_in_dutch_sees_the_dutch_text_without_a_toggle(handed):
    page = english_client_for(handed.parent).get(_detail(handed.home_activity)).content.decode()
    assert 'lang="nl" dir="ltr"' in page
    assert "Show in Dutch" not in page


def test_a_language_without_a_translation_falls_back_to_dutch_and_says_so(handed):
    handed.family.guardians.filter(user=handed.parent).update(preferred_language="tr")
    page = english_client_for(handed.parent).get(_detail(handed.home_activity)).content.decode()
    assert "not translated into your language yet" in page
    assert "Blaadjes zoeken" in page


def test_the_feedback_form_offers_the_familys_language_first(handed):
    handed.family.preferred_language = "tr"
    handed.family.save()
    response = client_for(handed.parent).get(_detail(handed.home_activity))
    assert response.context["form"].initial["language_used"] == "tr"


def test_the_feedback_form_offers_the_parents_own_language_before_the_familys(handed):
    _in_arabic(handed)
    response = client_for(handed.parent).get(_detail(handed.home_activity))
    assert response.context["form"].initial["language_used"] == "ar"


def test_the_parent_gives_feedback_through_the_form_and_then_sees_it_with_a_way_to_change_it(handed):
    client = english_client_for(handed.parent)
    data = {"done_on": TODAY.isoformat(), "how_it_went": "great", "child_said": "Geel!", "language_used": "ar"}

    response = client.post(_feedback_url(handed.home_activity), data)

    assert response.status_code == 302 and response.url == _detail(handed.home_activity)
    page = client.get(_detail(handed.home_activity)).content.decode()
    assert "Done! What you told the group" in page and "Geel!" in page and "Arabic" in page
    assert _feedback_url(handed.home_activity) in page
    assert client.get(_feedback_url(handed.home_activity)).context["form"].initial["child_said"] == "Geel!"


def test_the_feedback_form_shows_errors_and_keeps_what_was_typed(handed):
    data = {"done_on": (TODAY + WEEK).isoformat(), "how_it_went": "great", "child_said": "Geel!", "language_used": "ar"}

    response = english_client_for(handed.parent).post(_feedback_url(handed.home_activity), data)

    assert response.status_code == 200
    assert "The day cannot be in the future." in response.content.decode()
    assert response.context["form"]["child_said"].value() == "Geel!"
    assert not HomeActivityFeedback.objects.exists()


def test_after_the_window_the_parent_reads_the_feedback_but_cannot_change_it(ours):
    old = HomeActivityFactory(group=ours.group, week_start=MONDAY - 4 * WEEK)
    HomeActivityFeedbackFactory(home_activity=old, family=ours.family, written_by=ours.parent)
    client = english_client_for(ours.parent)

    page = client.get(_detail(old)).content.decode()
    response = client.get(_feedback_url(old))

    assert "Geel! Geel blad!" in page and _feedback_url(old) not in page
    assert response.status_code == 302 and response.url == _detail(old)


def test_parents_and_staff_of_other_families_get_404_on_the_parents_pages(handed, theirs, org_admin):
    for user in (theirs.parent, handed.professional, handed.manager, org_admin):
        assert client_for(user).get(_detail(handed.home_activity)).status_code == 404
        assert client_for(user).post(_feedback_url(handed.home_activity), {}).status_code == 404


def test_a_family_hand_out_is_seen_by_that_family_only(ours):
    other = GuardianFactory()
    PlacementFactory(child=ChildFactory(family=other.family), group=ours.group)
    home_activity = HomeActivityFactory(family=ours.family)

    assert client_for(ours.parent).get(_detail(home_activity)).status_code == 200
    assert client_for(other.user).get(_detail(home_activity)).status_code == 404


def test_the_parents_list_puts_this_week_first_then_the_past(ours):
    past = HomeActivityFactory(group=ours.group, week_start=MONDAY - 2 * WEEK, activity__title="Vroeger")
    now = HomeActivityFactory(group=ours.group, activity__title="Nu")
    coming = HomeActivityFactory(family=ours.family, week_start=MONDAY + WEEK, activity__title="Straks")

    response = english_client_for(ours.parent).get(reverse("activities:parent_home_activities"))

    assert [item.home_activity for item in response.context["current"]] == [now, coming]
    assert [item.home_activity for item in response.context["past"]] == [past]


def test_the_parent_home_shows_this_weeks_activities_open_or_done_in_their_language(handed):
    _in_arabic(handed)
    done = HomeActivityFactory(group=handed.group)
    HomeActivityFeedbackFactory(home_activity=done, family=handed.family)
    HomeActivityFactory(group=handed.group, week_start=MONDAY - WEEK)  # last week's: not on the card

    page = english_client_for(handed.parent).get(reverse("families:parent_home")).content.decode()

    assert "This week at home" in page
    assert 'lang="ar" dir="rtl">البحث عن الأوراق</a>' in page
    assert "Open" in page and "Done ✓" in page
    assert page.count("home-activity-card-item") == 2


def test_a_parent_without_activities_sees_no_card(ours):
    page = english_client_for(ours.parent).get(reverse("families:parent_home")).content.decode()
    assert "This week at home" not in page


@pytest.mark.parametrize("size", [3, 30])
def test_the_parent_home_card_takes_the_same_queries_for_3_and_30_activities(ours, size, django_assert_max_num_queries):
    for number in range(size):
        home_activity = HomeActivityFactory(group=ours.group, activity=ActivityTranslationFactory().activity)
        if number % 2:
            HomeActivityFeedbackFactory(home_activity=home_activity, family=ours.family)
    ours.parent.refresh_from_db()  # no cached scope

    # The parent's roles (2), placements, languages, the hand-outs, their translations, feedback.
    with django_assert_max_num_queries(7):
        cards = home_activity_cards(ours.parent)

    assert len(cards["home_activity_cards"]) == size


# --- The staff's pages ------------------------------------------------------------------------------


def test_the_take_up_page_shows_per_family_what_was_told(handed):
    other = GuardianFactory(family__name="Yilmaz")
    PlacementFactory(child=ChildFactory(family=other.family, first_name="Ayse"), group=handed.group)
    _feedback(handed, handed.home_activity, child_said="Geel blad!", comment="Hij vond het leuk")

    response = english_client_for(handed.professional).get(_take_up(handed.group))

    page = response.content.decode()
    assert "Blaadjes zoeken" in page
    assert "1 of 2 families · 50%" in page
    assert "Geel blad!" in page and "Arabic" in page and "Great" in page and "Hij vond het leuk" in page
    assert "Yilmaz" in page and "(Ayse)" in page and "not yet" in page
    assert "Hand out an activity" in page


def test_the_take_up_page_lists_hand_outs_to_single_families_of_the_group(ours):
    HomeActivityFactory(family=ours.family, activity__title="Alleen voor ons")
    page = english_client_for(ours.professional).get(_take_up(ours.group)).content.decode()
    assert "Alleen voor ons" in page and "for the Familie ons family" in page and "0 of 1 families · 0%" in page


def test_managers_read_the_take_up_but_hand_out_nothing(handed):
    response = english_client_for(handed.manager).get(_take_up(handed.group))
    assert response.status_code == 200
    assert "Hand out an activity" not in response.content.decode() and "Withdraw" not in response.content.decode()


def test_the_take_up_page_of_another_group_answers_404(handed, theirs):
    for user in (theirs.professional, theirs.manager, handed.parent):
        assert client_for(user).get(_take_up(handed.group)).status_code == 404


@pytest.mark.parametrize("size", [10, 100])
def test_the_take_up_page_takes_the_same_queries_for_10_and_100_families(ours, size, django_assert_max_num_queries):
    for _week in range(3):
        HomeActivityFactory(group=ours.group, week_start=MONDAY - _week * WEEK)
    home_activities = list(HomeActivity.objects.all())
    for number in range(size):
        guardian = GuardianFactory()
        PlacementFactory(child=ChildFactory(family=guardian.family), group=ours.group)
        if number % 2:
            HomeActivityFeedbackFactory(home_activity=home_activities[number % 3], family=guardian.family)
    client = client_for(ours.professional)

    with django_assert_max_num_queries(12):
        response = client.get(_take_up(ours.group))

    assert response.status_code == 200
    assert sum(len(take_up.families) for take_up in response.context["take_ups"]) == 3 * (size + 1)


def test_the_group_page_links_to_the_take_up(ours):
    page = client_for(ours.professional).get(reverse("groups:group_detail", args=[ours.group.pk])).content.decode()
    assert _take_up(ours.group) in page


def test_the_hand_out_form_hands_out_and_returns_to_the_take_up(ours):
    activity = ActivityFactory(title="Soep koken")
    client = english_client_for(ours.professional)
    form_page = client.get(reverse("activities:hand_out") + f"?group={ours.group.pk}&activity={activity.pk}")
    assert form_page.context["form"].initial["activity"] == activity.pk
    assert form_page.context["form"].initial["target"] == f"group:{ours.group.pk}"

    response = client.post(
        reverse("activities:hand_out") + f"?group={ours.group.pk}",
        {"activity": activity.pk, "target": f"group:{ours.group.pk}", "week_start": MONDAY.isoformat(), "note": ""},
    )

    assert response.status_code == 302 and response.url == _take_up(ours.group)
    assert HomeActivity.objects.get().activity == activity


def test_the_hand_out_form_offers_the_groups_families_and_refuses_an_ended_week_keeping_the_note(ours):
    activity = ActivityFactory()
    client = english_client_for(ours.professional)
    page = client.get(reverse("activities:hand_out")).content.decode()
    assert f"family:{ours.family.pk}" in page and "Familie ons (Kindons)" in page

    response = client.post(
        reverse("activities:hand_out"),
        {
            "activity": activity.pk,
            "target": f"family:{ours.family.pk}",
            "week_start": (MONDAY - WEEK).isoformat(),
            "note": "Mijn tip",
        },
    )

    assert response.status_code == 200
    assert "has already ended" in response.content.decode()
    assert response.context["form"]["note"].value() == "Mijn tip"
    assert not HomeActivity.objects.exists()


def test_the_hand_out_form_refuses_a_foreign_target_or_an_unpublished_activity(ours, theirs):
    client = english_client_for(ours.professional)
    foreign = client.post(
        reverse("activities:hand_out"),
        {"activity": ActivityFactory().pk, "target": f"group:{theirs.group.pk}", "week_start": MONDAY.isoformat()},
    )
    unpublished = client.post(
        reverse("activities:hand_out"),
        {
            "activity": ActivityFactory(is_published=False).pk,
            "target": f"group:{ours.group.pk}",
            "week_start": MONDAY.isoformat(),
        },
    )
    assert foreign.status_code == 200 and "target" in foreign.context["form"].errors
    assert "not published yet" in unpublished.content.decode()
    assert not HomeActivity.objects.exists()


def test_the_hand_out_page_for_another_group_answers_404_and_for_a_manager_403(ours, theirs):
    foreign = reverse("activities:hand_out") + f"?group={theirs.group.pk}"
    assert client_for(ours.professional).get(foreign).status_code == 404
    assert client_for(ours.manager).get(reverse("activities:hand_out")).status_code == 403


def test_withdrawing_through_the_page(handed, theirs):
    url = reverse("activities:home_activity_withdraw", args=[handed.home_activity.pk])
    assert client_for(handed.manager).post(url).status_code == 403
    assert client_for(theirs.professional).post(url).status_code == 404

    response = client_for(handed.professional).post(url, {"group": handed.group.pk})

    assert response.status_code == 302 and response.url == _take_up(handed.group)
    assert not HomeActivity.objects.exists()


def test_withdrawing_after_feedback_says_why_not(handed):
    _feedback(handed, handed.home_activity)
    url = reverse("activities:home_activity_withdraw", args=[handed.home_activity.pk])
    response = english_client_for(handed.professional).post(url, {"group": handed.group.pk}, follow=True)
    assert "can no longer be withdrawn" in response.content.decode()
    assert HomeActivity.objects.count() == 1


def test_the_notification_title_reads_well(ours):
    _hand_to_group(ours, activity=ActivityFactory(title="Soep koken"))
    notification = Notification.objects.get(kind="home_activity")
    with translation.override("en"):
        assert title_for(notification).startswith("An activity to do at home in the week of")
        assert title_for(notification).endswith("Soep koken")
