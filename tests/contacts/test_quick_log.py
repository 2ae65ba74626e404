"""The quick log: a contact moment from the group overview in under a minute, inline with
htmx or as a page of its own; who may log; what bad input does."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from contacts.models import ContactMoment, Topic
from tests.conftest import english_client_for as client_for
from tests.contacts.factories import ContactRoutineFactory
from tests.factories import GuardianFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ROLES = ("anonymous", "outsider", "parent", "professional", "manager", "org_admin")
LOGIN = "login"
HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(side) -> str:
    return reverse("contacts:quick_log", args=[side.child.pk])


def _overview(side) -> str:
    return reverse("groups:group_detail", args=[side.group.pk])


def _data(**fields) -> dict:
    return {"kind": "pick_up", "child_experience": "Heeft met klei gespeeld.", **fields}


@pytest.fixture
def world(ours, theirs, org_admin, outsider) -> dict:
    return {
        "ours": ours,
        "theirs": theirs,
        "anonymous": None,
        "outsider": outsider,
        "parent": ours.parent,
        "professional": ours.professional,
        "manager": ours.manager,
        "org_admin": org_admin,
    }


def _statuses(*answers) -> dict:
    return dict(zip(ROLES, answers, strict=True))


# Parents see their own child but do not log their own contacts (403); managers read (403 on
# logging); everyone outside the child's reach gets 404.
OWN = _statuses(LOGIN, 404, 403, 200, 403, 200)
FOREIGN = _statuses(LOGIN, 404, 404, 404, 404, 200)
SAVED = "saved"
OWN_POST = _statuses(LOGIN, 404, 403, SAVED, 403, SAVED)
FOREIGN_POST = _statuses(LOGIN, 404, 404, 404, 404, SAVED)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize(
    ("side", "method", "answers"),
    [("ours", "get", OWN), ("theirs", "get", FOREIGN), ("ours", "post", OWN_POST), ("theirs", "post", FOREIGN_POST)],
    ids=["get-own", "get-foreign", "post-own", "post-foreign"],
)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer(world, role, side, method, answers, htmx):
    side = world[side]
    expected = answers[role]
    client = client_for(world[role])

    send = getattr(client, method)
    response = send(_url(side), _data(), **HTMX) if htmx else send(_url(side), _data())

    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    elif expected == SAVED:
        assert response.status_code == (200 if htmx else 302)
    else:
        assert response.status_code == expected
    assert ContactMoment.objects.filter(child=side.child).exists() == (expected == SAVED)


# --- The form ------------------------------------------------------------------------------


def test_htmx_gets_the_form_alone_and_without_javascript_a_whole_page(ours):
    client = client_for(ours.professional)

    fragment = client.get(_url(ours), **HTMX)
    page = client.get(_url(ours))

    assert "<html" not in fragment.content.decode()
    assert f'hx-post="{_url(ours)}"' in fragment.content.decode()
    assert "<html" in page.content.decode()
    assert "hx-post" not in page.content.decode(), "without htmx the form posts and comes back"
    assert fragment["Vary"] == page["Vary"] and "HX-Request" in page["Vary"]


def test_the_form_offers_the_quick_kinds_the_active_topics_and_the_familys_parents(ours, theirs):
    Topic.objects.create(name="Oude zorg", is_active=False)
    other_parent = GuardianFactory(family=ours.family, first_name="Samir", user=None, email="")

    form = client_for(ours.professional).get(_url(ours)).context["form"]

    assert [value for value, _label in form.fields["kind"].choices] == ["pick_up", "phone", "video", "planned"]
    assert form["kind"].value() == "pick_up"
    topics = list(form.fields["topics"].queryset)
    assert topics == list(Topic.objects.filter(is_active=True)) and topics, "the built-in topics"
    assert "Oude zorg" not in {topic.name for topic in topics}
    assert set(form.fields["guardians_present"].queryset) == {ours.family.guardians.get(user=ours.parent), other_parent}


def test_the_page_links_to_the_full_form_for_more(ours):
    content = client_for(ours.professional).get(_url(ours), **HTMX).content.decode()
    assert reverse("contacts:contact_new", args=[ours.child.pk]) in content


# --- Saving ------------------------------------------------------------------------------------


def test_saving_without_htmx_logs_the_contact_and_returns_to_the_group_overview(ours):
    topic = Topic.objects.filter(is_active=True).first()
    guardian = ours.family.guardians.get()

    response = client_for(ours.professional).post(
        _url(ours),
        _data(
            kind="phone",
            home_news="Slaapt slecht door de tandjes.",
            positive_note="Wat kan ze al goed puzzelen!",
            topics=[topic.pk],
            guardians_present=[guardian.pk],
        ),
    )

    assert response.status_code == 302
    assert response.url == _overview(ours)
    moment = ContactMoment.objects.get(child=ours.child)
    assert (moment.kind, moment.professional, moment.recorded_by) == ("phone", ours.professional, ours.professional)
    assert moment.child_experience == "Heeft met klei gespeeld."
    assert moment.home_news == "Slaapt slecht door de tandjes."
    assert moment.positive_note == "Wat kan ze al goed puzzelen!"
    assert list(moment.topics.all()) == [topic]
    assert list(moment.guardians_present.all()) == [guardian]
    assert abs(moment.occurred_at - timezone.now()).total_seconds() < 60
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("is saved" in message for message in messages)


def test_saving_returns_to_a_page_of_ours_given_as_next_but_not_elsewhere(ours):
    client = client_for(ours.professional)
    home = reverse("groups:staff_home")

    assert client.post(_url(ours), _data(next=home)).url == home
    assert client.post(_url(ours), _data(next="https://example.com/")).url == _overview(ours)


def test_saving_with_htmx_swaps_the_form_for_a_confirmation_and_updates_the_row(ours):
    ContactRoutineFactory(child=ours.child, every_weeks=2)

    response = client_for(ours.professional).post(_url(ours), _data(), **HTMX)

    assert response.status_code == 200
    content = response.content.decode()
    next_due = timezone.localdate() + datetime.timedelta(weeks=2)
    assert "Saved — next contact due" in content
    assert f"Saved — next contact due {date_format(next_due)}." in content
    assert f'id="contact-status-{ours.child.pk}" class="contact-status" hx-swap-oob="true"' in content
    assert "Last contact today" in content
    assert f'id="out-of-sight-{ours.child.pk}" hx-swap-oob="true"' in content
    assert "<html" not in content
    assert ContactMoment.objects.filter(child=ours.child).count() == 1
    assert not list(get_messages(response.wsgi_request)), "no message left for the next page"


# --- Bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_an_empty_log_is_refused_with_a_message_and_the_choice_kept(ours, htmx):
    data = {"kind": "video", "child_experience": "   "}
    client = client_for(ours.professional)

    response = client.post(_url(ours), data, **HTMX) if htmx else client.post(_url(ours), data)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Write down at least one thing" in content
    assert re.search(r'value="video"[^>]*checked', content), "the chosen kind stays chosen"
    assert ("<html" in content) != htmx
    assert not ContactMoment.objects.exists()


def test_a_parent_of_another_family_cannot_be_marked_present(ours, theirs):
    foreign = theirs.family.guardians.get()

    response = client_for(ours.professional).post(
        _url(ours), _data(home_news="Logeerpartij bij oma.", guardians_present=[foreign.pk]), **HTMX
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "guardians_present" in form.errors
    assert form["home_news"].value() == "Logeerpartij bij oma."
    assert "Logeerpartij bij oma." in response.content.decode()
    assert not ContactMoment.objects.exists()


@pytest.mark.parametrize("kind", ["home_visit", "development", "nonsense"])
def test_kinds_that_need_the_full_form_are_refused(ours, kind):
    response = client_for(ours.professional).post(_url(ours), _data(kind=kind))

    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert not ContactMoment.objects.exists()


def test_an_inactive_topic_is_refused(ours):
    retired = Topic.objects.create(name="Oude zorg", is_active=False)

    response = client_for(ours.professional).post(_url(ours), _data(topics=[retired.pk]))

    assert response.status_code == 200
    assert "topics" in response.context["form"].errors
    assert not ContactMoment.objects.exists()


def test_an_unknown_child_answers_404(ours):
    url = reverse("contacts:quick_log", args=["00000000-0000-0000-0000-000000000000"])
    assert client_for(ours.professional).get(url).status_code == 404


# --- Hostile values (found by tests/test_hostile_input.py) ---------------------------------------


def test_a_topic_id_too_large_for_the_database_is_refused_like_any_unknown_topic(ours):
    # SQLite cannot hold it: the lookup used to raise OverflowError, a 500.
    response = client_for(ours.professional).post(_url(ours), _data(topics=["99999999999999999999999999"]))

    assert response.status_code == 200
    assert "topics" in response.context["form"].errors
    assert not ContactMoment.objects.exists()


def test_a_next_that_is_not_a_path_does_not_break_the_saved_log(ours):
    # redirect() would take "kind" for the name of a view (NoReverseMatch, a 500).
    response = client_for(ours.professional).post(_url(ours), _data(next="kind"))

    assert response.status_code == 302
    assert ContactMoment.objects.count() == 1
