"""Parents ask for their family's data to be removed; the organisation admin carries it out or declines."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from families.models import Child, Family, Placement
from notifications.kinds import title_for
from notifications.models import Notification
from privacy.models import RemovalRecord, RemovalRequest
from privacy.removal import removal_request_ask
from tests.conftest import client_for, english_client_for
from tests.factories import GuardianFactory, PlacementFactory
from tests.privacy.factories import RemovalRequestFactory, child_with_everything

pytestmark = pytest.mark.django_db

PAGE = reverse("privacy:removal_request")
LIST = reverse("privacy:removal_requests")


def detail(removal: RemovalRequest) -> str:
    return reverse("privacy:removal_request_detail", args=[removal.pk])


def _end_placements(family: Family) -> None:
    Placement.objects.filter(child__family=family).update(end_date=timezone.localdate() - timedelta(days=1))


# --- The parents' page ---------------------------------------------------------------------------


def test_the_page_explains_what_removal_means(ours):
    response = english_client_for(ours.parent).get(PAGE)

    page = response.content.decode()
    assert response.status_code == 200
    assert "figures without names" in page
    assert "Your login is closed" in page
    assert 'name="note"' in page


def test_a_parent_asks_once_with_a_note(ours):
    client = english_client_for(ours.parent)

    response = client.post(PAGE, {"action": "ask", "family": ours.family.pk, "note": "We verhuizen"}, follow=True)

    removal = RemovalRequest.objects.get()
    assert (removal.family, removal.requested_by, removal.note) == (ours.family, ours.parent, "We verhuizen")
    assert removal.status == RemovalRequest.Status.OPEN
    page = response.content.decode()
    assert "Your request is sent" in page and "Withdraw the request" in page
    assert 'name="note"' not in page, "asked once: the form is gone while the request is open"


def test_a_second_submit_makes_no_second_request(ours):
    client = english_client_for(ours.parent)
    data = {"action": "ask", "family": ours.family.pk}

    client.post(PAGE, data)
    response = client.post(PAGE, data, follow=True)

    assert "asked for this already" in response.content.decode()
    assert RemovalRequest.objects.count() == 1


def test_two_requests_at_once_leave_one_open(ours, english):
    removal_request_ask(family=ours.family, by=ours.parent)

    with pytest.raises(ValidationError, match="asked for this already"):
        removal_request_ask(family=ours.family, by=ours.parent)
    assert RemovalRequest.objects.count() == 1


def test_a_note_that_is_too_long_is_refused_and_kept_on_the_form(ours):
    note = "lang " * 500

    response = english_client_for(ours.parent).post(PAGE, {"action": "ask", "family": ours.family.pk, "note": note})

    assert response.status_code == 200
    assert response.context["ask_form"].errors["note"]
    assert note.strip() in response.content.decode()
    assert not RemovalRequest.objects.exists()


def test_a_parent_cannot_ask_for_another_family(ours, theirs):
    response = english_client_for(ours.parent).post(PAGE, {"action": "ask", "family": theirs.family.pk})

    assert response.status_code == 200
    assert "Choose one of your families." in response.content.decode()
    assert not RemovalRequest.objects.exists()


def test_a_parent_of_two_families_chooses_which(ours, theirs):
    GuardianFactory(family=theirs.family, user=ours.parent)
    client = client_for(ours.parent)

    client.post(PAGE, {"action": "ask", "family": theirs.family.pk})

    assert RemovalRequest.objects.get().family == theirs.family
    assert list(client.get(PAGE).context["ask_form"].fields["family"].queryset) == [ours.family]


def test_a_parent_withdraws_the_open_request_and_a_second_click_is_harmless(ours):
    removal = RemovalRequestFactory(family=ours.family, requested_by=ours.parent)
    client = english_client_for(ours.parent)

    first = client.post(PAGE, {"action": "withdraw", "request": removal.pk}, follow=True)
    second = client.post(PAGE, {"action": "withdraw", "request": removal.pk}, follow=True)

    assert not RemovalRequest.objects.exists()
    assert "Your request is withdrawn" in first.content.decode()
    assert "no longer open" in second.content.decode()


def test_a_parent_cannot_withdraw_another_familys_request(ours, theirs):
    foreign = RemovalRequestFactory(family=theirs.family, requested_by=theirs.parent)

    response = client_for(ours.parent).post(PAGE, {"action": "withdraw", "request": foreign.pk})

    assert response.status_code == 302
    assert RemovalRequest.objects.filter(pk=foreign.pk, status=RemovalRequest.Status.OPEN).exists()


def test_a_parent_sees_a_declined_request_with_its_reason_and_may_ask_again(ours, org_admin):
    RemovalRequestFactory(
        family=ours.family,
        requested_by=ours.parent,
        status=RemovalRequest.Status.DECLINED,
        decline_reason="De wet vraagt ons dit nog een jaar te bewaren.",
        handled_by=org_admin,
        handled_at=timezone.now(),
    )

    response = client_for(ours.parent).get(PAGE)

    assert "De wet vraagt ons" in response.content.decode()
    assert response.context["ask_form"] is not None


@pytest.mark.parametrize("role", ["professional", "manager", "outsider"])
def test_the_parents_page_is_not_for_staff(ours, outsider, role):
    user = outsider if role == "outsider" else getattr(ours, role)
    assert client_for(user).get(PAGE).status_code == 403
    assert client_for(user).post(PAGE, {"action": "ask"}).status_code == 403


def test_the_organisation_admin_asks_nothing_on_the_parents_page(org_admin):
    assert client_for(org_admin).get(PAGE).status_code == 403


# --- The admin's list ----------------------------------------------------------------------------


def test_the_list_shows_open_requests_first_the_longest_waiting_on_top(ours, theirs, org_admin):
    now = timezone.now()
    declined = RemovalRequestFactory(family=ours.family, status=RemovalRequest.Status.DECLINED)
    newer = RemovalRequestFactory(family=ours.family)
    older = RemovalRequestFactory(family=theirs.family)
    RemovalRequest.objects.filter(pk=declined.pk).update(requested_at=now)
    RemovalRequest.objects.filter(pk=newer.pk).update(requested_at=now - timedelta(days=1))
    RemovalRequest.objects.filter(pk=older.pk).update(requested_at=now - timedelta(days=5))

    response = client_for(org_admin).get(LIST)

    assert list(response.context["page"]) == [older, newer, declined]


@pytest.mark.parametrize("role", ["parent", "professional", "manager"])
def test_the_list_and_the_detail_are_for_the_organisation_admin_only(ours, role):
    removal = RemovalRequestFactory(family=ours.family, requested_by=ours.parent)
    client = client_for(getattr(ours, role))

    assert client.get(LIST).status_code == 403
    assert client.get(detail(removal)).status_code == 403
    assert client.post(detail(removal), {"action": "decline", "reason": "x"}).status_code == 403
    assert RemovalRequest.objects.get().status == RemovalRequest.Status.OPEN


@pytest.mark.parametrize("size", [1, 8])
def test_the_list_needs_the_same_number_of_queries_however_many_requests(
    ours, org_admin, size, django_assert_max_num_queries
):
    for _number in range(size):
        family = GuardianFactory().family
        RemovalRequestFactory(family=family, requested_by=family.guardians.get().user)
    client = client_for(org_admin)

    with django_assert_max_num_queries(8):
        response = client.get(LIST)

    assert len(response.context["page"]) == size


# --- The admin's detail: the plan, carrying out, declining -----------------------------------


@pytest.fixture
def asked(ours, theirs):
    """Our family with something of every kind, its placement over, and an open request."""
    child_with_everything(ours)
    RemovalRequest.objects.filter(family=ours.family).delete()
    return RemovalRequestFactory(family=ours.family, requested_by=ours.parent, note="Wij verhuizen")


def test_the_detail_shows_per_child_what_would_be_removed(asked, ours, org_admin):
    response = english_client_for(org_admin).get(detail(asked))

    assert response.status_code == 200
    ((child, rows),) = response.context["children"]
    assert child == ours.child
    assert ("contact moments", 1, "texts removed; kept without them for the figures") in rows
    assert "Wij verhuizen" in response.content.decode()
    assert Child.objects.get(pk=ours.child.pk).anonymised_at is None, "a dry run"


def test_an_unknown_request_answers_404(org_admin):
    response = client_for(org_admin).get(reverse("privacy:removal_request_detail", args=[uuid.uuid4()]))
    assert response.status_code == 404


def test_carrying_out_needs_the_ticked_confirmation(asked, org_admin):
    response = english_client_for(org_admin).post(detail(asked), {"action": "carry_out"})

    assert response.status_code == 200
    assert "Tick the box" in response.content.decode()
    assert RemovalRequest.objects.get().status == RemovalRequest.Status.OPEN


def test_carrying_out_is_refused_while_a_child_is_still_placed(ours, org_admin):
    removal = RemovalRequestFactory(family=ours.family, requested_by=ours.parent)

    response = english_client_for(org_admin).post(detail(removal), {"action": "carry_out", "confirm": "on"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "End the placements first" in page
    assert RemovalRequest.objects.get().status == RemovalRequest.Status.OPEN
    assert Child.objects.get(pk=ours.child.pk).anonymised_at is None
    assert not RemovalRecord.objects.exists()


def test_a_placement_that_starts_later_stops_it_as_well(asked, ours, org_admin):
    PlacementFactory(child=ours.child, group=ours.group, start_date=timezone.localdate() + timedelta(days=30))

    response = client_for(org_admin).post(detail(asked), {"action": "carry_out", "confirm": "on"})

    assert response.status_code == 200
    assert RemovalRequest.objects.get().status == RemovalRequest.Status.OPEN


def test_carrying_out_removes_every_child_and_the_family_and_confirms_by_email(
    asked, ours, org_admin, mailoutbox, django_capture_on_commit_callbacks
):
    sibling = Child.objects.create(family=ours.family, first_name="Broer", last_name="X", birth_date="2021-03-09")
    old_email = ours.parent.email

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(org_admin).post(detail(asked), {"action": "carry_out", "confirm": "on"})

    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == RemovalRequest.Status.CARRIED_OUT and asked.handled_by == org_admin
    assert asked.note == "" and asked.handled_at is not None
    assert set(Child.objects.filter(family=ours.family).values_list("anonymised_at", flat=True)) != {None}
    assert not Child.objects.filter(family=ours.family, anonymised_at__isnull=True).exists()
    assert Family.objects.get(pk=ours.family.pk).anonymised_at is not None
    records = RemovalRecord.objects.filter(request=asked)
    assert {record.child_ref for record in records} == {ours.child.pk, sibling.pk}
    assert {record.reason for record in records} == {RemovalRecord.Reason.REQUEST}
    assert {record.carried_out_by for record in records} == {org_admin}
    (mail,) = mailoutbox
    assert mail.to == [old_email]
    assert "removed" in mail.subject.lower() or "verwijderd" in mail.subject.lower()
    assert ours.child.first_name not in mail.body
    ours.parent.refresh_from_db()
    assert not ours.parent.is_active


def test_a_second_carry_out_does_nothing_twice(asked, org_admin, mailoutbox, django_capture_on_commit_callbacks):
    client = english_client_for(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail(asked), {"action": "carry_out", "confirm": "on"})
        records = RemovalRecord.objects.count()

        again = client.post(detail(asked), {"action": "carry_out", "confirm": "on"}, follow=True)

    assert "handled already" in again.content.decode()
    assert RemovalRecord.objects.count() == records
    assert len(mailoutbox) == 1


def test_the_carried_out_request_shows_what_was_removed(asked, org_admin, django_capture_on_commit_callbacks):
    client = client_for(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail(asked), {"action": "carry_out", "confirm": "on"})

    response = client.get(detail(asked))

    assert response.status_code == 200
    assert len(response.context["records"]) == 1
    assert response.context["records"][0][1], "the counts"


def test_declining_needs_a_reason(asked, org_admin):
    response = english_client_for(org_admin).post(detail(asked), {"action": "decline", "reason": "   "})

    assert response.status_code == 200
    assert "Tell the parents why" in response.content.decode()
    assert RemovalRequest.objects.get().status == RemovalRequest.Status.OPEN


def test_declining_tells_the_parent_in_the_app_and_by_email(
    asked, ours, org_admin, mailoutbox, django_capture_on_commit_callbacks, english
):
    reason = "Er loopt nog een <b>zorgmelding</b>; die gegevens moeten we bewaren."

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(org_admin).post(detail(asked), {"action": "decline", "reason": reason})

    assert response.status_code == 302
    asked.refresh_from_db()
    assert (asked.status, asked.decline_reason, asked.handled_by) == (RemovalRequest.Status.DECLINED, reason, org_admin)
    notification = Notification.objects.get(recipient=ours.parent, kind="removal_request_declined")
    with translation.override("en"):
        assert "declined" in title_for(notification)
    assert notification.link == PAGE
    (mail,) = mailoutbox
    assert mail.to == [ours.parent.email] and reason in mail.body
    assert Child.objects.get(pk=ours.child.pk).anonymised_at is None
    page = client_for(ours.parent).get(PAGE).content.decode()
    assert "&lt;b&gt;zorgmelding&lt;/b&gt;" in page and "<b>zorgmelding" not in page


def test_a_declined_request_cannot_be_carried_out_afterwards(asked, org_admin):
    client = client_for(org_admin)
    client.post(detail(asked), {"action": "decline", "reason": "Nog niet"})

    client.post(detail(asked), {"action": "carry_out", "confirm": "on"})

    assert RemovalRequest.objects.get().status == RemovalRequest.Status.DECLINED
    assert not RemovalRecord.objects.exists()


def test_a_request_of_a_family_without_children_removes_the_family(org_admin, django_capture_on_commit_callbacks):
    guardian = GuardianFactory()
    removal = RemovalRequestFactory(family=guardian.family, requested_by=guardian.user)

    with django_capture_on_commit_callbacks(execute=True):
        client_for(org_admin).post(detail(removal), {"action": "carry_out", "confirm": "on"})

    record = RemovalRecord.objects.get()
    assert record.child_ref is None and record.family_ref == guardian.family.pk and record.request == removal
    assert Family.objects.get(pk=guardian.family.pk).anonymised_at is not None


def test_the_admin_ends_the_placements_first_and_then_carries_out(ours, org_admin, django_capture_on_commit_callbacks):
    removal = RemovalRequestFactory(family=ours.family, requested_by=ours.parent)
    client = client_for(org_admin)
    assert client.post(detail(removal), {"action": "carry_out", "confirm": "on"}).status_code == 200

    _end_placements(ours.family)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail(removal), {"action": "carry_out", "confirm": "on"})

    assert response.status_code == 302
    assert RemovalRequest.objects.get().status == RemovalRequest.Status.CARRIED_OUT


def test_a_parent_whose_child_left_long_ago_can_still_ask(ours):
    Placement.objects.filter(child=ours.child).update(
        start_date=timezone.localdate() - timedelta(days=900), end_date=timezone.localdate() - timedelta(days=400)
    )
    client = client_for(ours.parent)

    client.post(PAGE, {"action": "ask", "family": ours.family.pk})

    assert RemovalRequest.objects.get().family == ours.family
