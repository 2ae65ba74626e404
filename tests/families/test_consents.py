"""Consents: parents decide for their own children, staff read the state and the history."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from families.models import Child, Consent
from families.services.consents import (
    STANDARD_KINDS,
    children_with_unanswered_consents,
    consent_decide,
    consent_given,
    consents_record,
    current_consents,
    current_other_consents,
)
from tests.conftest import english_client_for as client_for
from tests.factories import ChildFactory, GuardianFactory, PlacementFactory

pytestmark = pytest.mark.django_db

PORTFOLIO = Consent.Kind.PORTFOLIO_PHOTOS
GROUP = Consent.Kind.GROUP_PHOTOS
SCHOOL = Consent.Kind.SCHOOL_TRANSFER
ROLES = ["outsider", "parent", "professional", "manager", "org_admin"]


def _user(role, ours, outsider, org_admin):
    return {"outsider": outsider, "org_admin": org_admin}.get(role) or getattr(ours, role)


def _guardian(side):
    return side.family.guardians.get(user=side.parent)


def _answer_all(side, given: bool = True) -> None:
    for kind in STANDARD_KINDS:
        consent_decide(child=side.child, kind=kind, given=given, user=side.parent, guardian=_guardian(side))


def _child_form_data(child: Child, answers: dict[str, str]) -> dict:
    """The overview's fields for one child: each child's questions carry the child's id."""
    return {f"{child.pk}-{name}": value for name, value in answers.items()}


def _login(client: Client, email: str, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": settings.DEMO_PASSWORD, **extra})


# --- Who reaches the pages ---------------------------------------------------------------


def test_the_consent_overview_requires_login(db):
    response = client_for(None).get(reverse("families:consent_overview"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("role", "status"),
    [("outsider", 403), ("parent", 200), ("professional", 403), ("manager", 403), ("org_admin", 403)],
)
def test_only_parents_open_the_consent_overview(ours, outsider, org_admin, role, status):
    response = client_for(_user(role, ours, outsider, org_admin)).get(reverse("families:consent_overview"))
    assert response.status_code == status


@pytest.mark.parametrize("name", ["families:consent_child", "families:consent_other_add"])
def test_the_child_consent_pages_require_login(ours, name):
    response = client_for(None).post(reverse(name, args=[ours.child.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# A child the user cannot see answers 404; staff who see the child may not decide (403).
CHILD_PAGE_STATUSES = [
    ("outsider", "ours", 404),
    ("parent", "ours", 200),
    ("parent", "theirs", 404),
    ("professional", "ours", 403),
    ("professional", "theirs", 404),
    ("manager", "ours", 403),
    ("manager", "theirs", 404),
    ("org_admin", "ours", 403),
    ("org_admin", "theirs", 403),
]


@pytest.mark.parametrize(("role", "side", "status"), CHILD_PAGE_STATUSES)
def test_the_child_consent_page_is_for_the_childs_own_parents(ours, theirs, outsider, org_admin, role, side, status):
    child = {"ours": ours, "theirs": theirs}[side].child
    response = client_for(_user(role, ours, outsider, org_admin)).get(
        reverse("families:consent_child", args=[child.pk])
    )
    assert response.status_code == status


@pytest.mark.parametrize(("role", "side", "status"), CHILD_PAGE_STATUSES)
def test_only_the_childs_parents_can_record_a_consent(ours, theirs, outsider, org_admin, role, side, status):
    child = {"ours": ours, "theirs": theirs}[side].child
    client = client_for(_user(role, ours, outsider, org_admin))

    response = client.post(reverse("families:consent_child", args=[child.pk]), {PORTFOLIO: "yes"})

    assert response.status_code == (302 if status == 200 else status)
    assert Consent.objects.filter(child=child).count() == (1 if status == 200 else 0)


@pytest.mark.parametrize(("role", "side", "status"), CHILD_PAGE_STATUSES)
def test_only_the_childs_parents_can_add_another_consent(ours, theirs, outsider, org_admin, role, side, status):
    child = {"ours": ours, "theirs": theirs}[side].child
    client = client_for(_user(role, ours, outsider, org_admin))

    response = client.post(
        reverse("families:consent_other_add", args=[child.pk]),
        {"other-description": "Trips to the park", "other-answer": "yes"},
    )

    assert response.status_code == (302 if status == 200 else status)
    assert Consent.objects.filter(child=child, kind=Consent.Kind.OTHER).count() == (1 if status == 200 else 0)


def test_a_parent_cannot_decide_for_another_familys_child_by_changing_the_uuid(ours, theirs):
    client = client_for(ours.parent)

    assert client.get(reverse("families:consent_child", args=[theirs.child.pk])).status_code == 404
    assert client.post(reverse("families:consent_child", args=[theirs.child.pk]), {PORTFOLIO: "yes"}).status_code == 404
    assert not Consent.objects.filter(child=theirs.child).exists()


def test_adding_another_consent_answers_only_to_post(ours):
    response = client_for(ours.parent).get(reverse("families:consent_other_add", args=[ours.child.pk]))
    assert response.status_code == 405


# --- Asked at the first login ------------------------------------------------------------------


def test_a_parent_with_unanswered_consents_is_asked_right_after_logging_in(ours):
    response = _login(Client(), ours.parent.email)
    assert response.url == reverse("families:consent_overview")


def test_the_parent_is_asked_only_once_per_session(ours):
    client = Client()
    _login(client, ours.parent.email)

    again = client.get(reverse("account_login"))  # allauth sends a logged-in user onwards

    assert again.url == reverse("home")


def test_the_parent_is_asked_again_in_a_new_session_while_unanswered(ours):
    _login(Client(), ours.parent.email)
    assert _login(Client(), ours.parent.email).url == reverse("families:consent_overview")


def test_a_parent_who_answered_every_standard_consent_goes_home(ours):
    _answer_all(ours, given=False)  # 'no' is an answer too
    assert _login(Client(), ours.parent.email).url == reverse("home")


def test_one_unanswered_consent_of_a_second_child_is_enough_to_ask(ours):
    _answer_all(ours)
    sibling = ChildFactory(family=ours.family)
    PlacementFactory(child=sibling, group=ours.group)
    consent_decide(child=sibling, kind=PORTFOLIO, given=True, user=ours.parent, guardian=_guardian(ours))

    assert _login(Client(), ours.parent.email).url == reverse("families:consent_overview")


def test_a_next_url_takes_precedence_over_the_question(ours):
    target = reverse("families:child_detail", args=[ours.child.pk])
    assert _login(Client(), ours.parent.email, next=target).url == target


def test_staff_are_not_asked_for_consents(ours):
    assert _login(Client(), ours.professional.email).url == reverse("home")


def test_later_leads_home_and_home_does_not_ask_again(ours):
    client = Client()
    _login(client, ours.parent.email)

    page = client.get(reverse("families:consent_overview"))
    home = client.get(reverse("home"), follow=True)

    assert f'href="{reverse("families:parent_home")}"' in page.content.decode()
    assert "Later" in page.content.decode()
    assert home.redirect_chain[-1][0] == reverse("families:parent_home")
    assert not Consent.objects.exists()  # nothing is assumed given


# --- Giving and withdrawing ---------------------------------------------------------------------


def test_the_overview_shows_every_own_child_and_no_other(ours, theirs):
    sibling = ChildFactory(family=ours.family, first_name="Broertje")

    response = client_for(ours.parent).get(reverse("families:consent_overview"))

    children = {form.child for form in response.context["forms"]}
    assert children == {ours.child, sibling}
    assert "Not answered yet" in response.content.decode()


def test_the_overview_saves_the_answers_for_each_child(ours):
    sibling = ChildFactory(family=ours.family)
    data = {
        **_child_form_data(ours.child, {PORTFOLIO: "yes", GROUP: "no"}),
        **_child_form_data(sibling, {SCHOOL: "yes"}),
    }

    response = client_for(ours.parent).post(reverse("families:consent_overview"), data)

    assert response.status_code == 302
    assert response.url == reverse("families:parent_home")
    assert consent_given(ours.child, PORTFOLIO)
    assert not consent_given(ours.child, GROUP)
    assert not consent_given(ours.child, SCHOOL)  # left open: not given
    assert consent_given(sibling, SCHOOL)
    decision = Consent.objects.get(child=ours.child, kind=PORTFOLIO)
    assert decision.decided_by == ours.parent
    assert decision.guardian == _guardian(ours)
    assert Consent.objects.filter(child=ours.child, kind=SCHOOL).count() == 0


def test_an_invalid_answer_is_shown_at_the_question(ours):
    data = {f"{ours.child.pk}-{PORTFOLIO}": "maybe"}

    response = client_for(ours.parent).post(reverse("families:consent_overview"), data)

    assert response.status_code == 200
    assert response.context["forms"][0].errors[PORTFOLIO]
    assert not Consent.objects.exists()


def test_a_parent_withdraws_a_consent_and_the_history_is_kept(ours):
    client = client_for(ours.parent)
    url = reverse("families:consent_child", args=[ours.child.pk])
    client.post(url, {PORTFOLIO: "yes"})

    response = client.post(url, {PORTFOLIO: "no"})

    assert response.url == reverse("families:child_detail", args=[ours.child.pk]) + "#consents"
    assert not consent_given(ours.child, PORTFOLIO)
    history = list(Consent.objects.filter(child=ours.child, kind=PORTFOLIO).order_by("decided_at"))
    assert [decision.given for decision in history] == [True, False]


def test_saving_the_same_answers_again_adds_no_decision(ours):
    client = client_for(ours.parent)
    url = reverse("families:consent_child", args=[ours.child.pk])
    client.post(url, {PORTFOLIO: "yes", GROUP: "no"})

    client.post(url, {PORTFOLIO: "yes", GROUP: "no"})

    assert Consent.objects.filter(child=ours.child).count() == 2


def test_the_consent_page_shows_the_current_answers(ours):
    consent_decide(child=ours.child, kind=GROUP, given=False, user=ours.parent, guardian=_guardian(ours))

    response = client_for(ours.parent).get(reverse("families:consent_child", args=[ours.child.pk]))

    form = response.context["form"]
    assert form[GROUP].value() == "no"
    assert form[PORTFOLIO].value() is None
    assert "Now: no" in response.content.decode()


def test_a_parent_adds_another_consent_with_a_description_and_changes_it_later(ours):
    client = client_for(ours.parent)
    add = reverse("families:consent_other_add", args=[ours.child.pk])

    client.post(add, {"other-description": "  Trips to the   park ", "other-answer": "yes"})

    assert consent_given(ours.child, Consent.Kind.OTHER, "Trips to the park")
    page = client.get(reverse("families:consent_child", args=[ours.child.pk]))
    form = page.context["form"]
    (name,) = [name for name, (kind, _) in form.questions.items() if kind == Consent.Kind.OTHER]
    client.post(reverse("families:consent_child", args=[ours.child.pk]), {name: "no"})
    assert not consent_given(ours.child, Consent.Kind.OTHER, "Trips to the park")
    assert Consent.objects.filter(child=ours.child, kind=Consent.Kind.OTHER).count() == 2


def test_another_consent_without_an_answer_keeps_what_was_typed(ours):
    response = client_for(ours.parent).post(
        reverse("families:consent_other_add", args=[ours.child.pk]), {"other-description": "Sunscreen"}
    )

    assert response.status_code == 200
    assert response.context["other_form"].errors["answer"] == ["Please choose yes or no."]
    assert 'value="Sunscreen"' in response.content.decode()
    assert not Consent.objects.exists()


def test_another_consent_needs_a_description(ours):
    response = client_for(ours.parent).post(
        reverse("families:consent_other_add", args=[ours.child.pk]), {"other-answer": "yes"}
    )

    assert response.context["other_form"].errors["description"]
    assert not Consent.objects.exists()


# --- The child page -------------------------------------------------------------------------------


def test_staff_see_given_withdrawn_and_unanswered_with_date_and_parent(ours):
    guardian = _guardian(ours)
    consent_decide(child=ours.child, kind=PORTFOLIO, given=True, user=ours.parent, guardian=guardian)
    consent_decide(child=ours.child, kind=GROUP, given=True, user=ours.parent, guardian=guardian)
    consent_decide(child=ours.child, kind=GROUP, given=False, user=ours.parent, guardian=guardian)

    response = client_for(ours.professional).get(reverse("families:child_detail", args=[ours.child.pk]))

    states = {state.label: state.status for state in response.context["consent_states"]}
    assert states == {
        PORTFOLIO.label: "given",
        GROUP.label: "withdrawn",
        SCHOOL.label: "unanswered",
    }
    content = response.content.decode()
    assert "withdrawn" in content
    assert "not answered" in content
    assert f"{guardian.first_name} {guardian.last_name}" in content
    assert "History: 3 decisions" in content
    assert reverse("families:consent_child", args=[ours.child.pk]) not in content  # staff do not decide


def test_a_no_from_the_start_shows_as_not_given(ours):
    consent_decide(child=ours.child, kind=SCHOOL, given=False, user=ours.parent, guardian=_guardian(ours))

    response = client_for(ours.manager).get(reverse("families:child_detail", args=[ours.child.pk]))

    states = {state.label: state.status for state in response.context["consent_states"]}
    assert states[SCHOOL.label] == "refused"
    assert "not given" in response.content.decode()


def test_the_parent_finds_the_consent_page_from_the_child_page(ours):
    response = client_for(ours.parent).get(reverse("families:child_detail", args=[ours.child.pk]))

    content = response.content.decode()
    assert reverse("families:consent_child", args=[ours.child.pk]) in content
    assert reverse("families:profile_edit", args=[ours.family.pk]) in content


def test_a_decision_by_an_admin_shows_the_admins_name(ours, org_admin):
    consent_decide(child=ours.child, kind=PORTFOLIO, given=True, user=org_admin, guardian=None)

    content = client_for(ours.professional).get(reverse("families:child_detail", args=[ours.child.pk])).content

    assert org_admin.get_full_name() in content.decode()


# --- The service API ------------------------------------------------------------------------------


def test_consent_given_is_false_without_a_decision(ours):
    assert consent_given(ours.child, PORTFOLIO) is False


def test_the_newest_decision_counts(ours):
    guardian = _guardian(ours)
    consent_decide(child=ours.child, kind=PORTFOLIO, given=True, user=ours.parent, guardian=guardian)
    consent_decide(child=ours.child, kind=PORTFOLIO, given=False, user=ours.parent, guardian=guardian)
    consent_decide(child=ours.child, kind=PORTFOLIO, given=True, user=ours.parent, guardian=guardian)

    assert consent_given(ours.child, PORTFOLIO) is True
    current = current_consents([ours.child])[ours.child.pk]
    assert current[PORTFOLIO].given is True
    assert current[GROUP] is None
    assert current[SCHOOL] is None


def test_current_consents_keeps_children_apart(ours, theirs):
    consent_decide(child=ours.child, kind=PORTFOLIO, given=True, user=ours.parent, guardian=_guardian(ours))
    consent_decide(child=theirs.child, kind=PORTFOLIO, given=False, user=theirs.parent, guardian=_guardian(theirs))

    current = current_consents(Child.objects.filter(pk__in=[ours.child.pk, theirs.child.pk]))

    assert current[ours.child.pk][PORTFOLIO].given is True
    assert current[theirs.child.pk][PORTFOLIO].given is False


def test_current_consents_of_nobody_needs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert current_consents([]) == {}


@pytest.mark.parametrize("size", [3, 30])
def test_current_consents_needs_one_query_for_any_number_of_children(ours, size, django_assert_num_queries):
    guardian = _guardian(ours)
    children = [ChildFactory(family=ours.family) for _ in range(size)]
    for child in children:
        for kind in STANDARD_KINDS[:2]:
            consent_decide(child=child, kind=kind, given=True, user=ours.parent, guardian=guardian)
            consent_decide(child=child, kind=kind, given=False, user=ours.parent, guardian=guardian)

    with django_assert_num_queries(1):
        current = current_consents(children)
        deciders = {consent.decider for per_child in current.values() for consent in per_child.values() if consent}

    assert len(current) == size
    assert all(per_child[PORTFOLIO].given is False and per_child[SCHOOL] is None for per_child in current.values())
    assert deciders == {f"{guardian.first_name} {guardian.last_name}"}


@pytest.mark.parametrize("size", [3, 30])
def test_current_other_consents_needs_one_query_for_any_number_of_children(ours, size, django_assert_num_queries):
    guardian = _guardian(ours)
    children = [ChildFactory(family=ours.family) for _ in range(size)]
    for child in children:
        for description in ("Trips", "Sunscreen"):
            consent_decide(
                child=child, kind=Consent.Kind.OTHER, description=description, given=True, user=None, guardian=guardian
            )

    with django_assert_num_queries(1):
        others = current_other_consents(children)

    assert all([c.description for c in per_child] == ["Sunscreen", "Trips"] for per_child in others.values())


def test_children_with_unanswered_consents(ours, theirs):
    _answer_all(ours)
    consent_decide(child=theirs.child, kind=PORTFOLIO, given=True, user=theirs.parent, guardian=_guardian(theirs))

    assert list(children_with_unanswered_consents(Child.objects.all())) == [theirs.child]


def test_consents_record_only_adds_what_changed(ours):
    guardian = _guardian(ours)
    consent_decide(child=ours.child, kind=PORTFOLIO, given=True, user=ours.parent, guardian=guardian)

    saved = consents_record(
        child=ours.child, answers={(PORTFOLIO, ""): True, (GROUP, ""): False}, user=ours.parent, guardian=guardian
    )

    assert [(consent.kind, consent.given) for consent in saved] == [(GROUP, False)]


@pytest.mark.parametrize(
    "kwargs",
    [{"kind": "everything"}, {"kind": Consent.Kind.OTHER, "description": "  "}],
    ids=["an unknown kind", "'other' without a description"],
)
def test_consent_decide_refuses(ours, kwargs):
    with pytest.raises(ValueError):
        consent_decide(child=ours.child, given=True, user=ours.parent, guardian=_guardian(ours), **kwargs)


def test_consent_decide_refuses_a_parent_of_another_family(ours, theirs):
    with pytest.raises(ValueError):
        consent_decide(child=ours.child, kind=PORTFOLIO, given=True, user=theirs.parent, guardian=_guardian(theirs))


def test_a_second_parent_decides_too_and_is_named(ours):
    co_parent = GuardianFactory(family=ours.family, first_name="Tweede")
    client_for(co_parent.user).post(reverse("families:consent_child", args=[ours.child.pk]), {SCHOOL: "yes"})

    decision = Consent.objects.get(child=ours.child)
    assert decision.guardian == co_parent
    assert decision.decided_by == co_parent.user


# --- The admin --------------------------------------------------------------------------------------


def test_an_admin_records_a_consent_in_the_django_admin_and_cannot_change_it(ours, org_admin):
    client = client_for(org_admin)
    response = client.post(
        reverse("admin:families_consent_add"),
        {"child": ours.child.pk, "kind": PORTFOLIO, "description": "", "given": "on", "guardian": _guardian(ours).pk},
    )
    assert response.status_code == 302
    decision = Consent.objects.get()
    assert decision.decided_by == org_admin

    client.post(reverse("admin:families_consent_change", args=[decision.pk]), {"given": ""})
    decision.refresh_from_db()
    assert decision.given is True


def test_the_admin_refuses_a_parent_of_another_family(ours, theirs, org_admin):
    response = client_for(org_admin).post(
        reverse("admin:families_consent_add"),
        {"child": ours.child.pk, "kind": PORTFOLIO, "given": "on", "guardian": _guardian(theirs).pk},
    )
    assert response.status_code == 200
    assert "guardian" in response.context["adminform"].form.errors
    assert not Consent.objects.exists()
