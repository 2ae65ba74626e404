"""Parent–child sessions at the group: planning, inviting, replies, who came, the reflection,
and how often each family took part; every page per role on own and foreign sessions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from activities.models import ParentChildSession, SessionFamily
from activities.services import sessions as services
from activities.sessions_selectors import participation_by_family
from families.models import Family
from notifications.models import Notification
from tests.activities.factories import (
    ActivityFactory,
    ActivityTranslationFactory,
    ParentChildSessionFactory,
    invited_session,
)
from tests.conftest import client_for, english_client_for
from tests.factories import ChildFactory, FamilyFactory, GuardianFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def _next_week() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=7)


def _plan(side, **overrides) -> ParentChildSession:
    values = {
        "group": side.group,
        "by": side.professional,
        "activity": ActivityFactory(),
        "title": "",
        "day": _next_week(),
        "starts": datetime.time(9, 0),
        "ends": datetime.time(9, 45),
        "invitation": "Kom samen spelen!",
    }
    return services.session_plan(**{**values, **overrides})


def _placed_family(group, *, with_login: bool = True, **placement) -> Family:
    guardian = GuardianFactory(**({} if with_login else {"user": None, "email": ""}))
    PlacementFactory(child=ChildFactory(family=guardian.family), group=group, **placement)
    return guardian.family


def _invitations(kind: str = "session_invitation"):
    return Notification.objects.filter(kind=kind)


def _started(session: ParentChildSession) -> ParentChildSession:
    """Moves the session an hour into the past: it has started."""
    session.starts_at = timezone.now() - datetime.timedelta(hours=1)
    session.ends_at = session.starts_at + datetime.timedelta(minutes=45)
    session.save(update_fields=["starts_at", "ends_at"])
    return session


def _url(name: str, *args) -> str:
    return reverse(f"activities:{name}", args=[getattr(arg, "pk", arg) for arg in args])


# --- Planning ---------------------------------------------------------------------------------


def test_a_professional_plans_a_session_and_invites_the_parents_of_the_placed_children(ours):
    other = _placed_family(ours.group)
    without_login = _placed_family(ours.group, with_login=False)
    left = _placed_family(ours.group, ended=True)

    session = _plan(ours, invite=True)

    invited = set(session.families.values_list("family_id", flat=True))
    assert invited == {ours.family.pk, other.pk, without_login.pk}
    assert left.pk not in invited
    assert session.invited_at is not None
    assert timezone.localtime(session.starts_at).time() == datetime.time(9, 0)
    assert set(_invitations().values_list("recipient", flat=True)) == {
        ours.parent.pk,
        other.guardians.get().user_id,
    }
    assert _invitations().get(recipient=ours.parent).link == _url("session_detail", session)


def test_a_session_without_inviting_notifies_nobody(ours):
    session = _plan(ours, invite=False)
    assert not session.families.exists() and session.invited_at is None
    assert not _invitations().exists()


def test_a_session_in_the_past_is_refused_with_a_clear_message(ours, english):
    with pytest.raises(ValidationError) as error:
        _plan(ours, day=timezone.localdate() - datetime.timedelta(days=1))
    assert error.value.message_dict == {"day": ["This date has passed. Choose today or a later date."]}
    assert not ParentChildSession.objects.exists()


def test_a_start_time_earlier_today_is_refused(ours, english):
    now = timezone.localtime()
    if now.hour == 0:
        pytest.skip("no earlier hour today")
    with pytest.raises(ValidationError) as error:
        _plan(ours, day=now.date(), starts=datetime.time(0, 0), ends=datetime.time(0, 30))
    assert error.value.message_dict == {"starts": ["This time has passed. Choose a later time."]}


def test_the_end_must_be_after_the_start(ours, english):
    with pytest.raises(ValidationError) as error:
        _plan(ours, starts=datetime.time(10, 0), ends=datetime.time(10, 0))
    assert error.value.message_dict == {"ends": ["The end time must be after the start time."]}


def test_a_session_needs_an_activity_or_a_title(ours, english):
    with pytest.raises(ValidationError) as error:
        _plan(ours, activity=None, title="  ")
    assert "title" in error.value.message_dict
    assert _plan(ours, activity=None, title="Samen zingen").title == "Samen zingen"


def test_an_unpublished_activity_cannot_be_chosen(ours, english):
    with pytest.raises(ValidationError) as error:
        _plan(ours, activity=ActivityFactory(is_published=False))
    assert error.value.message_dict == {
        "activity": ["This activity is not published yet. Choose a published activity."]
    }


@pytest.mark.parametrize("role", ["manager", "parent"])
def test_only_the_groups_professionals_plan_sessions(ours, role):
    with pytest.raises(PermissionDenied):
        _plan(ours, by=getattr(ours, role))


def test_a_professional_cannot_plan_for_another_group(ours, theirs):
    with pytest.raises(PermissionDenied):
        _plan(ours, group=theirs.group)


# --- Inviting again, changing, cancelling -------------------------------------------------------


def test_inviting_again_adds_and_notifies_only_the_families_placed_since(ours):
    session = _plan(ours, invite=True)
    row = session.families.get(family=ours.family)
    services.session_reply(invitation=row, by=ours.parent, reply=SessionFamily.Reply.COMING)
    newcomer = _placed_family(ours.group)

    assert services.session_invite(session=session, by=ours.professional) == 1
    assert services.session_invite(session=session, by=ours.professional) == 0

    assert session.families.count() == 2
    assert session.families.get(family=ours.family).reply == SessionFamily.Reply.COMING
    assert _invitations().filter(recipient=ours.parent).count() == 1
    assert _invitations().filter(recipient=newcomer.guardians.get().user).count() == 1


def test_a_new_time_notifies_the_invited_parents_once(ours):
    session = _plan(ours, invite=True)
    edit = {
        "session": session,
        "by": ours.professional,
        "activity": session.activity,
        "title": "",
        "day": _next_week(),
        "starts": datetime.time(10, 0),
        "ends": datetime.time(10, 45),
        "invitation": "",
    }
    services.session_edit(**edit)
    services.session_edit(**edit)  # the same change saved again

    changed = _invitations("session_changed")
    assert list(changed.values_list("recipient", flat=True)) == [ours.parent.pk]
    assert "10:00" in str(changed.get().params["starts_at"])


def test_changing_only_the_invitation_notifies_nobody(ours):
    session = _plan(ours, invite=True)
    starts = timezone.localtime(session.starts_at)
    services.session_edit(
        session=session,
        by=ours.professional,
        activity=session.activity,
        title="",
        day=starts.date(),
        starts=starts.time(),
        ends=timezone.localtime(session.ends_at).time(),
        invitation="Neem een knuffel mee.",
    )
    assert not _invitations("session_changed").exists()
    assert ParentChildSession.objects.get().invitation == "Neem een knuffel mee."


def test_a_cancelled_session_notifies_once_and_cannot_be_changed_or_invited(ours, english):
    session = _plan(ours, invite=True)

    assert services.session_cancel(session=session, by=ours.professional) is True
    assert services.session_cancel(session=session, by=ours.professional) is False
    assert list(_invitations("session_cancelled").values_list("recipient", flat=True)) == [ours.parent.pk]

    with pytest.raises(ValidationError) as error:
        services.session_edit(
            session=session,
            by=ours.professional,
            activity=None,
            title="Toch",
            day=_next_week(),
            starts=datetime.time(9),
            ends=datetime.time(10),
        )
    assert error.value.messages == ["This session was cancelled and can no longer be changed."]
    with pytest.raises(ValidationError):
        services.session_invite(session=session, by=ours.professional)


def test_a_session_that_started_cannot_be_cancelled(ours):
    session = _started(_plan(ours, invite=True))
    with pytest.raises(ValidationError):
        services.session_cancel(session=session, by=ours.professional)
    assert ParentChildSession.objects.get().cancelled_at is None


# --- Replies --------------------------------------------------------------------------------------


def test_a_parent_replies_and_may_change_their_mind_until_the_start(ours):
    session = _plan(ours, invite=True)
    row = session.families.get()
    services.session_reply(invitation=row, by=ours.parent, reply=SessionFamily.Reply.NOT_COMING)
    services.session_reply(invitation=row, by=ours.parent, reply=SessionFamily.Reply.COMING)
    row.refresh_from_db()
    assert row.reply == SessionFamily.Reply.COMING and row.replied_at is not None


def test_a_reply_after_the_start_is_refused(ours, english):
    session = _started(_plan(ours, invite=True))
    row = SessionFamily.objects.select_related("session").get(session=session)
    with pytest.raises(ValidationError) as error:
        services.session_reply(invitation=row, by=ours.parent, reply=SessionFamily.Reply.COMING)
    assert error.value.message_dict == {"reply": ["This session has started already; replying is no longer possible."]}


def test_a_reply_to_a_cancelled_session_is_refused(ours):
    session = _plan(ours, invite=True)
    services.session_cancel(session=session, by=ours.professional)
    row = SessionFamily.objects.select_related("session").get(session=session)
    with pytest.raises(ValidationError):
        services.session_reply(invitation=row, by=ours.parent, reply=SessionFamily.Reply.COMING)


def test_a_parent_cannot_reply_for_another_family(ours, theirs):
    row = _plan(ours, invite=True).families.get()
    with pytest.raises(PermissionDenied):
        services.session_reply(invitation=row, by=theirs.parent, reply=SessionFamily.Reply.COMING)


def test_a_reply_for_another_familys_invitation_answers_404(ours, theirs):
    session = _plan(ours, invite=True)
    response = client_for(theirs.parent).post(_url("session_reply", session), {"reply": "coming"})
    assert response.status_code == 404
    assert session.families.get().reply == ""


def test_a_parent_of_the_group_who_was_not_invited_gets_404(ours):
    session = _plan(ours, invite=False)
    for name in ("session_detail",):
        assert client_for(ours.parent).get(_url(name, session)).status_code == 404
    assert client_for(ours.parent).post(_url("session_reply", session), {"reply": "coming"}).status_code == 404


# --- Afterwards: who came, the reflection, participation ------------------------------------------


def test_who_came_is_registered_after_the_start_with_a_family_that_was_not_invited(ours):
    stayed_home = _placed_family(ours.group)
    session = _plan(ours, invite=True)
    walk_in = _placed_family(ours.group)
    _started(session)
    came = session.families.filter(family=ours.family)

    services.session_register_attendance(session=session, by=ours.professional, came=came, walk_ins=[walk_in])

    attended = dict(session.families.values_list("family_id", "attended"))
    assert attended == {ours.family.pk: True, stayed_home.pk: False, walk_in.pk: True}
    assert set(session.families.values_list("registered_by", flat=True)) == {ours.professional.pk}


def test_who_came_cannot_be_registered_before_the_start(ours, english):
    session = _plan(ours, invite=True)
    with pytest.raises(ValidationError) as error:
        services.session_register_attendance(session=session, by=ours.professional, came=session.families.all())
    assert error.value.messages == ["You can register this once the session has started."]


def test_a_family_of_another_group_cannot_be_registered_as_a_walk_in(ours, theirs):
    session = _started(_plan(ours, invite=True))
    with pytest.raises(ValidationError) as error:
        services.session_register_attendance(session=session, by=ours.professional, came=[], walk_ins=[theirs.family])
    assert "walk_ins" in error.value.message_dict


def test_the_reflection_is_written_after_the_start(ours, english):
    session = _plan(ours, invite=True)
    with pytest.raises(ValidationError):
        services.session_reflect(session=session, by=ours.professional, reflection="Goed")
    _started(session)
    with pytest.raises(ValidationError) as error:
        services.session_reflect(session=session, by=ours.professional, reflection="   ")
    assert error.value.message_dict == {"reflection": ["Write a few sentences about how it went."]}
    services.session_reflect(session=session, by=ours.professional, reflection="Ouders deden de vragen na.")
    session.refresh_from_db()
    assert session.reflection == "Ouders deden de vragen na." and session.reflection_by == ours.professional


def test_participation_counts_the_sessions_held_since_a_date_in_one_query(ours, django_assert_num_queries):
    other = _placed_family(ours.group)
    held = invited_session(ours.group, [ours.family, other], hours_from_now=-48)
    SessionFamily.objects.filter(session=held, family=ours.family).update(attended=True)
    earlier = invited_session(ours.group, [ours.family, other], hours_from_now=-24 * 60)
    SessionFamily.objects.filter(session=earlier).update(attended=True)
    invited_session(ours.group, [ours.family, other], hours_from_now=48)  # not held yet
    cancelled = invited_session(ours.group, [ours.family], hours_from_now=-72, cancelled_at=timezone.now())
    SessionFamily.objects.filter(session=cancelled).update(attended=True)

    with django_assert_num_queries(1):
        rows = {
            family.pk: (family.sessions_attended, family.sessions_invited)
            for family in participation_by_family(ours.group)
        }
    assert rows == {ours.family.pk: (2, 2), other.pk: (1, 2)}

    since = timezone.localdate() - datetime.timedelta(days=30)
    rows = {
        family.pk: (family.sessions_attended, family.sessions_invited)
        for family in participation_by_family(ours.group, since)
    }
    assert rows == {ours.family.pk: (1, 1), other.pk: (0, 1)}


def test_participation_leaves_out_other_groups(ours, theirs):
    invited_session(theirs.group, [theirs.family], hours_from_now=-2)
    assert list(participation_by_family(ours.group)) == [ours.family]
    assert participation_by_family(ours.group)[0].sessions_invited == 0


# --- Pages: staff ---------------------------------------------------------------------------------


def test_the_groups_sessions_list_shows_upcoming_and_past_with_replies_and_attendance(ours):
    upcoming = _plan(ours, invite=True)
    services.session_reply(invitation=upcoming.families.select_related("session").get(), by=ours.parent, reply="coming")
    past = invited_session(ours.group, [ours.family], hours_from_now=-3, title="Voorleesochtend", activity=None)
    SessionFamily.objects.filter(session=past).update(attended=True)

    page = english_client_for(ours.professional).get(_url("session_list", ours.group))

    content = page.content.decode()
    assert page.status_code == 200
    assert "1 family invited" in content and "1 coming" in content
    assert "Voorleesochtend" in content and "1 family came" in content
    assert content.index(str(upcoming)) < content.index("Voorleesochtend")
    assert "Plan a session" in content


def test_a_manager_reads_the_sessions_without_the_buttons_to_write(ours):
    session = _started(_plan(ours, invite=True))
    client = english_client_for(ours.manager)
    assert "Plan a session" not in client.get(_url("session_list", ours.group)).content.decode()
    detail = client.get(_url("session_detail", session)).content.decode()
    assert "Save who came" not in detail and _url("session_edit", session) not in detail
    assert client.get(_url("session_new", ours.group)).status_code == 403
    assert client.post(_url("session_attendance", session)).status_code == 403
    assert client.post(_url("session_reflection", session), {"reflection": "x"}).status_code == 403


def test_planning_through_the_page_invites_the_parents(ours):
    activity = ActivityFactory()
    response = client_for(ours.professional).post(
        _url("session_new", ours.group),
        {
            "activity": activity.pk,
            "title": "",
            "day": _next_week().isoformat(),
            "starts": "09:00",
            "ends": "09:45",
            "invitation": "Welkom!",
            "invite": "on",
        },
    )
    session = ParentChildSession.objects.get()
    assert response.status_code == 302 and response.url == _url("session_detail", session)
    assert session.activity == activity and session.families.count() == 1
    assert _invitations().count() == 1


def test_a_session_in_the_past_is_shown_on_the_form_with_what_was_typed(ours):
    response = english_client_for(ours.professional).post(
        _url("session_new", ours.group),
        {"title": "Samen koken", "day": "2020-01-06", "starts": "09:00", "ends": "08:00", "invite": "on"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "This date has passed" in content and "The end time must be after the start time." in content
    assert 'value="Samen koken"' in content
    assert not ParentChildSession.objects.exists()


def test_the_edit_page_changes_the_session_and_a_cancelled_one_sends_back(ours):
    session = _plan(ours, invite=True)
    client = client_for(ours.professional)
    assert client.get(_url("session_edit", session)).status_code == 200
    response = client.post(
        _url("session_edit", session),
        {"title": "Liedjes zingen", "day": _next_week().isoformat(), "starts": "11:00", "ends": "11:30"},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title == "Liedjes zingen" and session.activity is None
    assert _invitations("session_changed").count() == 1

    client.post(_url("session_cancel", session))
    response = client.get(_url("session_edit", session))
    assert response.status_code == 302 and response.url == _url("session_detail", session)


def test_the_staff_detail_shows_the_replies_and_after_the_start_the_forms(ours):
    other = _placed_family(ours.group)
    session = _plan(ours, invite=True)
    services.session_reply(
        invitation=session.families.select_related("session").get(family=other),
        by=other.guardians.get().user,
        reply="not_coming",
    )
    client = english_client_for(ours.professional)
    before = client.get(_url("session_detail", session)).content.decode()
    assert "We cannot come" in before and "no reply" in before
    assert "Save who came" not in before

    _started(session)
    after = client.get(_url("session_detail", session)).content.decode()
    assert "Save who came" in after and "Save the reflection" in after


def test_attendance_and_reflection_are_saved_through_the_page(ours):
    session = _started(_plan(ours, invite=True))
    row = session.families.get()
    client = client_for(ours.professional)

    response = client.post(_url("session_attendance", session), {"attendance-came": [row.pk]})
    assert response.status_code == 302
    response = client.post(_url("session_reflection", session), {"reflection": "Iedereen deed mee."})
    assert response.status_code == 302

    row.refresh_from_db()
    session.refresh_from_db()
    assert row.attended is True and session.reflection == "Iedereen deed mee."


def test_an_empty_reflection_is_shown_on_the_form(ours):
    session = _started(_plan(ours, invite=True))
    response = english_client_for(ours.professional).post(_url("session_reflection", session), {"reflection": ""})
    assert response.status_code == 200
    assert "Please check the marked fields" in response.content.decode()


def test_the_participation_page_shows_each_familys_count(ours):
    session = _started(_plan(ours, invite=True))
    services.session_register_attendance(session=session, by=ours.professional, came=session.families.all())
    response = english_client_for(ours.manager).get(_url("session_participation", ours.group))
    content = response.content.decode()
    assert response.status_code == 200
    assert f'id="participation-{ours.family.pk}"' in content
    row = content.split(f'id="participation-{ours.family.pk}"')[1].split("</tr>")[0]
    assert '<td class="text-end attended">1</td>' in row and '<td class="text-end invited">1</td>' in row


# --- Pages: parents -------------------------------------------------------------------------------


def test_a_parent_reads_the_activity_in_their_language_right_to_left_with_the_dutch_one_tap_away(ours):
    guardian = ours.family.guardians.get()
    guardian.preferred_language = "ar"
    guardian.save()
    activity = ActivityFactory(title="Blaadjes zoeken")
    ActivityTranslationFactory(activity=activity, language="ar")
    session = _plan(ours, activity=activity, invite=True)

    response = english_client_for(ours.parent).get(_url("session_detail", session))

    content = response.content.decode()
    assert response.status_code == 200
    assert 'lang="ar" dir="rtl"' in content and "البحث عن الأوراق" in content
    assert "Show the Dutch text" in content and "Blaadjes zoeken" in content
    assert "We are coming" in content and "Kom samen spelen!" in content


def test_a_parent_replies_through_the_page(ours):
    session = _plan(ours, invite=True)
    response = client_for(ours.parent).post(_url("session_reply", session), {"reply": "coming"})
    assert response.status_code == 302 and response.url == _url("session_detail", session)
    assert session.families.get().reply == SessionFamily.Reply.COMING


def test_after_the_start_the_parent_sees_no_reply_buttons(ours):
    session = _started(_plan(ours, invite=True))
    client = english_client_for(ours.parent)
    content = client.get(_url("session_detail", session)).content.decode()
    assert "replying is no longer possible" in content and 'value="coming"' not in content
    client.post(_url("session_reply", session), {"reply": "coming"})
    assert session.families.get().reply == ""


def test_staff_cannot_reply_for_a_family(ours):
    session = _plan(ours, invite=True)
    assert client_for(ours.professional).post(_url("session_reply", session), {"reply": "coming"}).status_code == 403


def test_a_parent_lists_only_their_own_invitations(ours, theirs):
    own = _plan(ours, invite=True, activity=None, title="Bij ons")
    _plan(theirs, invite=True, activity=None, title="Bij hen")
    _plan(ours, invite=False, activity=None, title="Nog niet uitgenodigd")

    content = client_for(ours.parent).get(_url("parent_sessions")).content.decode()

    assert "Bij ons" in content and _url("session_detail", own) in content
    assert "Bij hen" not in content and "Nog niet uitgenodigd" not in content


def test_the_group_page_links_to_its_sessions(ours):
    content = client_for(ours.professional).get(reverse("groups:group_detail", args=[ours.group.pk])).content.decode()
    assert _url("session_list", ours.group) in content


# --- Query counts ---------------------------------------------------------------------------------


def _many_families(group, count: int) -> list[Family]:
    families = Family.objects.bulk_create(FamilyFactory.build() for _ in range(count))
    children = [ChildFactory.build(family=family) for family in families]
    from families.models import Child, Placement

    Child.objects.bulk_create(children)
    Placement.objects.bulk_create(
        Placement(child=child, group=group, start_date=timezone.localdate() - datetime.timedelta(days=30))
        for child in children
    )
    return families


def _many_sessions(group, families, count: int) -> None:
    now = timezone.now()
    sessions = ParentChildSession.objects.bulk_create(
        ParentChildSessionFactory.build(
            group=group,
            activity=None,
            title=f"Sessie {number}",
            starts_at=now + datetime.timedelta(days=number - count // 2),
            ends_at=now + datetime.timedelta(days=number - count // 2, hours=1),
        )
        for number in range(count)
    )
    SessionFamily.objects.bulk_create(
        SessionFamily(session=session, family=family, reply="coming", attended=session.starts_at < now)
        for session in sessions
        for family in families
    )


@pytest.mark.parametrize("count", [10, 100])
@pytest.mark.parametrize("role", ["professional", "manager"])
def test_the_session_list_needs_the_same_number_of_queries_for_10_and_100_sessions(
    count, role, ours, django_assert_max_num_queries
):
    _many_sessions(ours.group, [ours.family, *_many_families(ours.group, 3)], count)
    client = client_for(getattr(ours, role))
    with django_assert_max_num_queries(9):
        response = client.get(_url("session_list", ours.group))
    assert response.status_code == 200
    assert response.content.decode().count("list-group-item") == count


@pytest.mark.parametrize("count", [10, 100])
def test_the_participation_table_needs_the_same_number_of_queries_for_10_and_100_families(
    count, ours, django_assert_max_num_queries
):
    families = _many_families(ours.group, count)
    _many_sessions(ours.group, families, 6)
    client = client_for(ours.professional)
    with django_assert_max_num_queries(9):
        response = client.get(_url("session_participation", ours.group))
    assert response.status_code == 200
    assert response.content.decode().count('id="participation-') == count + 1


@pytest.mark.parametrize("count", [10, 100])
def test_the_parents_invitations_need_the_same_number_of_queries_for_10_and_100_sessions(
    count, ours, django_assert_max_num_queries
):
    _many_sessions(ours.group, [ours.family], count)
    client = client_for(ours.parent)
    with django_assert_max_num_queries(8):
        response = client.get(_url("parent_sessions"))
    assert response.status_code == 200
    assert response.content.decode().count("list-group-item") == count
