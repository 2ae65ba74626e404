"""The notification list, marking read, and email on or off: every logged-in user has their
own notifications and nobody else's; the bell in the navigation shows the unread count."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from notifications.context_processors import unread_notifications
from notifications.models import Notification
from tests.conftest import english_client_for as client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ROLES = ("outsider", "parent", "professional", "manager", "org_admin")


def _notification(recipient, number: int = 1, **fields) -> Notification:
    fields = {"params": {"child": "Noor"}, "link": "/children/x/", **fields}
    return Notification.objects.create(
        kind="contact_summary",
        recipient=recipient,
        subject=f"contact:{number}",
        on_date=timezone.localdate(),
        **fields,
    )


@pytest.fixture
def people(ours, theirs, org_admin, outsider) -> dict:
    return {
        "outsider": outsider,
        "parent": ours.parent,
        "professional": ours.professional,
        "manager": ours.manager,
        "org_admin": org_admin,
        "someone_else": theirs.parent,
    }


def _login_url(next_url: str) -> str:
    return f"{reverse('account_login')}?next={next_url}"


# --- Access -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method", "args"),
    [
        ("notifications:list", "get", []),
        ("notifications:read", "post", [1]),
        ("notifications:read_all", "post", []),
        ("notifications:email_setting", "post", []),
    ],
)
def test_every_page_asks_an_anonymous_visitor_to_log_in(db, client, name, method, args):
    url = reverse(name, args=args)

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response["Location"] == _login_url(url)


@pytest.mark.parametrize("role", ROLES)
def test_every_logged_in_user_sees_their_own_notifications_and_nobody_elses(people, role):
    user = people[role]
    _notification(user, params={"child": "Mine"})
    _notification(people["someone_else"], params={"child": "Theirs"})

    response = client_for(user).get(reverse("notifications:list"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "A summary of your conversation about Mine is ready" in page
    assert "Theirs" not in page


@pytest.mark.parametrize("role", ROLES)
def test_reading_a_notification_marks_it_read_and_goes_to_what_it_is_about(people, role):
    notification = _notification(people[role], link="/children/x/")

    response = client_for(people[role]).post(reverse("notifications:read", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/children/x/"
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize("role", ROLES)
def test_another_users_notification_is_not_found(people, role):
    theirs = _notification(people["someone_else"])

    response = client_for(people[role]).post(reverse("notifications:read", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("name", ["notifications:read_all", "notifications:email_setting"])
def test_the_actions_take_a_post_only(people, name):
    assert client_for(people["parent"]).get(reverse(name)).status_code == 405


def test_reading_is_a_post_only(people):
    notification = _notification(people["parent"])

    response = client_for(people["parent"]).get(reverse("notifications:read", args=[notification.pk]))

    assert response.status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.parametrize("link", ["https://elsewhere.example/", "//elsewhere.example/x", "", "javascript:alert(1)"])
def test_a_link_that_leads_out_of_the_app_goes_to_the_list_instead(people, link):
    notification = _notification(people["parent"], link=link)

    response = client_for(people["parent"]).post(reverse("notifications:read", args=[notification.pk]))

    assert response["Location"] == reverse("notifications:list")


def test_reading_again_keeps_the_first_time_it_was_read(people):
    first = timezone.now() - datetime.timedelta(days=2)
    notification = _notification(people["parent"], read_at=first)

    client_for(people["parent"]).post(reverse("notifications:read", args=[notification.pk]))

    notification.refresh_from_db()
    assert notification.read_at == first


def test_marking_all_read_touches_only_the_users_own_notifications(people):
    for number in range(3):
        _notification(people["parent"], number)
    theirs = _notification(people["someone_else"])

    response = client_for(people["parent"]).post(reverse("notifications:read_all"), follow=True)

    assert not Notification.objects.filter(recipient=people["parent"], read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "All notifications are marked as read." in response.content.decode()


# --- Email on or off ----------------------------------------------------------------


def test_turning_emails_off_says_so_and_keeps_the_notifications_in_the_app(people):
    parent = people["parent"]
    pending = _notification(parent, email_wanted=True)

    response = client_for(parent).post(reverse("notifications:email_setting"), {"email_notifications": "off"})

    parent.refresh_from_db()
    pending.refresh_from_db()
    assert response.status_code == 302
    assert parent.email_notifications is False
    assert pending.email_wanted is False
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "You will no longer get notifications by email. You still find them here."
    ]


def test_turning_emails_on_again_says_where_they_go(people):
    parent = people["parent"]
    parent.email_notifications = False
    parent.save()

    response = client_for(parent).post(
        reverse("notifications:email_setting"), {"email_notifications": "on"}, follow=True
    )

    parent.refresh_from_db()
    assert parent.email_notifications is True
    assert f"You will get notifications by email at {parent.email} as well." in response.content.decode()
    assert "Turn emails off" in response.content.decode()


@pytest.mark.parametrize("data", [{}, {"email_notifications": "maybe"}])
def test_an_unclear_email_choice_changes_nothing_and_says_why(people, data):
    parent = people["parent"]

    response = client_for(parent).post(reverse("notifications:email_setting"), data, follow=True)

    parent.refresh_from_db()
    assert parent.email_notifications is True
    assert "Choose whether you want notifications by email." in response.content.decode()


# --- The page -----------------------------------------------------------------------


def test_the_list_shows_the_newest_first_with_the_unread_ones_marked(people):
    parent = people["parent"]
    _notification(parent, 1, params={"child": "Oud"}, read_at=timezone.now())
    _notification(parent, 2, params={"child": "Nieuw"})

    page = client_for(parent).get(reverse("notifications:list")).content.decode()

    assert page.index("about Nieuw") < page.index("about Oud")
    assert page.count("list-group-item-warning") == 1
    assert "Mark all as read" in page


def test_the_list_is_paged(people):
    parent = people["parent"]
    for number in range(30):
        _notification(parent, number)

    first = client_for(parent).get(reverse("notifications:list"))
    second = client_for(parent).get(reverse("notifications:list"), {"page": 2})
    beyond = client_for(parent).get(reverse("notifications:list"), {"page": "x"})

    assert len(first.context["items"]) == 25
    assert len(second.context["items"]) == 5
    assert "Page 2 of 2" in second.content.decode()
    assert beyond.status_code == 200


def test_someone_without_notifications_is_told_so(people):
    page = client_for(people["outsider"]).get(reverse("notifications:list")).content.decode()

    assert "You have no notifications yet." in page
    assert "Mark all as read" not in page


@pytest.mark.parametrize("size", [5, 60])
def test_the_list_needs_the_same_number_of_queries_for_few_and_many(people, size, django_assert_max_num_queries):
    for number in range(size):
        _notification(people["professional"], number, read_at=timezone.now() if number % 2 else None)
    client = client_for(people["professional"])

    with django_assert_max_num_queries(8):
        response = client.get(reverse("notifications:list"))

    assert response.status_code == 200


# --- The bell in the navigation -------------------------------------------------------


def test_the_bell_shows_the_unread_count_with_words_for_screen_readers(people):
    parent = people["parent"]
    for number in range(3):
        _notification(parent, number)
    _notification(parent, 9, read_at=timezone.now())

    page = client_for(parent).get(reverse("families:parent_home")).content.decode()

    assert reverse("notifications:list") in page
    assert '3<span class="visually-hidden"> unread notifications</span>' in page


def test_the_bell_has_no_badge_when_everything_is_read(people):
    _notification(people["parent"], read_at=timezone.now())

    page = client_for(people["parent"]).get(reverse("families:parent_home")).content.decode()

    assert reverse("notifications:list") in page
    assert "unread notifications" not in page


def test_the_unread_count_costs_no_query_for_anonymous_visitors_and_one_when_shown(people, django_assert_num_queries):
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread_notifications(request) == {}

    request.user = people["parent"]
    _notification(people["parent"])
    with django_assert_num_queries(0):
        context = unread_notifications(request)
    with django_assert_num_queries(1):
        assert int(str(context["unread_notifications"])) == 1
        assert context["unread_notifications"] == 1


def test_professionals_find_their_conversations_in_the_navigation(people):
    slots = reverse("contacts:slot_list")

    professional_page = client_for(people["professional"]).get(reverse("groups:staff_home")).content.decode()
    parent_page = client_for(people["parent"]).get(reverse("families:parent_home")).content.decode()

    assert f'href="{slots}">Conversations</a>' in professional_page
    assert slots not in parent_page
