"""The periodic portfolio review: the rules of its services, the pages per role on own and
foreign reviews, notifications once, the link with the development conversation, and the
query counts of the list and the detail."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from contacts.models import ContactMoment
from notifications.kinds import title_for
from notifications.models import Notification
from portfolios.models import Domain, Perspective, PortfolioEntry, PortfolioReview, ReviewDomain
from portfolios.services import reviews as services
from tests.conftest import client_for, english_client_for
from tests.contacts.factories import ContactMomentFactory
from tests.factories import GuardianFactory, UserFactory
from tests.portfolios.factories import EntryFactory, ReviewFactory, domain

pytestmark = pytest.mark.django_db

Status = PortfolioReview.Status
TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def conversation(side, kind=ContactMoment.Kind.DEVELOPMENT, **kwargs) -> ContactMoment:
    return ContactMomentFactory(child=side.child, professional=side.professional, kind=kind, **kwargs)


def review(side, **kwargs) -> PortfolioReview:
    kwargs.setdefault("created_by", side.professional)
    return ReviewFactory(child=side.child, **kwargs)


def row(review_: PortfolioReview, key: str = "language") -> ReviewDomain:
    return review_.domains.get(domain__key=key)


def create(side, by=None, **overrides) -> PortfolioReview:
    fields = {"period_start": TODAY() - 60 * DAY, "period_end": TODAY(), "contact_moment": None, **overrides}
    return services.review_create(child=side.child, by=by or side.professional, **fields)


def errors_of(raised: pytest.ExceptionInfo) -> dict:
    return raised.value.message_dict


def texts(review_: PortfolioReview, **by_key) -> dict:
    """Every row's texts as they are, with those of the named domains replaced."""
    result = {}
    for item in review_.domains.select_related("domain"):
        given = by_key.get(item.domain.key, {})
        result[item.pk] = services.DomainTexts(
            professional_view=given.get("professional_view", item.professional_view),
            parent_view=given.get("parent_view", item.parent_view),
            next_steps=given.get("next_steps", item.next_steps),
        )
    return result


def edit(review_: PortfolioReview, by, **by_key) -> PortfolioReview:
    return services.review_edit(
        review=review_,
        by=by,
        period_start=review_.period_start,
        period_end=review_.period_end,
        contact_moment=review_.contact_moment,
        texts=texts(review_, **by_key),
    )


# --- Services: starting a review --------------------------------------------------------------


def test_a_professional_starts_a_draft_with_a_row_per_domain_in_use_in_order(ours):
    Domain.objects.filter(key="self_care").update(is_active=False)
    moment = conversation(ours)
    started = create(ours, contact_moment=moment)
    assert started.status == Status.DRAFT and started.created_by == ours.professional
    assert started.contact_moment == moment
    keys = [item.domain.key for item in started.domains.all()]
    assert keys == ["language", "motor", "social_emotional", "thinking", "play"]


def test_an_admin_may_start_a_review_too(ours, org_admin):
    assert create(ours, by=org_admin).created_by == org_admin


@pytest.mark.parametrize("role", ["parent", "manager"])
def test_parents_and_managers_may_not_start_a_review(role, ours):
    with pytest.raises(PermissionDenied):
        create(ours, by=getattr(ours, role))
    assert not PortfolioReview.objects.exists()


def test_a_professional_of_another_group_may_not_start_a_review(ours, theirs):
    with pytest.raises(PermissionDenied):
        create(ours, by=theirs.professional)


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"period_end": TODAY() + DAY}, "period_end"),
        ({"period_start": TODAY() - DAY, "period_end": TODAY() - 2 * DAY}, "period_start"),
        ({"period_start": None}, "period_start"),
        ({"period_end": None}, "period_end"),
    ],
)
def test_a_period_in_the_future_or_back_to_front_is_refused(overrides, field, ours, english):
    with pytest.raises(ValidationError) as raised:
        create(ours, **overrides)
    assert field in errors_of(raised)
    assert not PortfolioReview.objects.exists() and not ReviewDomain.objects.exists()


def test_a_period_of_one_day_ending_today_is_fine(ours):
    assert create(ours, period_start=TODAY(), period_end=TODAY()).period_start == TODAY()


def test_the_conversation_must_be_a_development_conversation_of_this_child(ours, theirs, english):
    with pytest.raises(ValidationError) as raised:
        create(ours, contact_moment=conversation(theirs))
    assert errors_of(raised)["contact_moment"] == ["This conversation is about another child."]
    with pytest.raises(ValidationError) as raised:
        create(ours, contact_moment=conversation(ours, kind=ContactMoment.Kind.PICK_UP))
    assert errors_of(raised)["contact_moment"] == ["Link the review to a development conversation."]
    assert not PortfolioReview.objects.exists()


def test_without_domains_in_use_there_is_nothing_to_review(ours, english):
    Domain.objects.update(is_active=False)
    with pytest.raises(ValidationError) as raised:
        create(ours)
    assert "no development domains in use" in errors_of(raised)["__all__"][0]


# --- Services: editing ------------------------------------------------------------------------


def test_the_team_edits_all_three_columns_and_the_period(ours):
    draft = review(ours)
    moment = conversation(ours)
    services.review_edit(
        review=draft,
        by=ours.professional,
        period_start=TODAY() - 30 * DAY,
        period_end=TODAY() - DAY,
        contact_moment=moment,
        texts=texts(
            draft,
            language={"professional_view": " Zingt mee. ", "parent_view": "Thuis ook.", "next_steps": "Voorlezen"},
        ),
    )
    draft.refresh_from_db()
    assert (draft.period_start, draft.period_end, draft.contact_moment) == (TODAY() - 30 * DAY, TODAY() - DAY, moment)
    language = row(draft)
    assert (language.professional_view, language.parent_view, language.next_steps) == (
        "Zingt mee.",
        "Thuis ook.",
        "Voorlezen",
    )
    assert language.parent_view_by == ours.professional
    assert row(draft, "motor").parent_view_by is None


@pytest.mark.parametrize("role", ["parent", "manager"])
def test_only_the_team_edits_a_review(role, ours):
    asked = review(ours, asked=True)
    with pytest.raises(PermissionDenied):
        edit(asked, getattr(ours, role), language={"professional_view": "Niet van mij"})
    assert row(asked).professional_view == ""


def test_an_agreed_review_is_locked(ours):
    agreed = review(ours, agreed=True)
    with pytest.raises(ValidationError) as raised:
        edit(agreed, ours.professional, language={"next_steps": "Toch nog iets"})
    assert raised.value.code == "agreed"
    assert row(agreed).next_steps == ""


def test_a_text_that_is_too_long_is_named_by_its_row_and_nothing_is_saved(ours, english):
    draft = review(ours)
    language = row(draft)
    with pytest.raises(ValidationError) as raised:
        edit(draft, ours.professional, language={"next_steps": "x" * 2001}, motor={"professional_view": "Rent hard"})
    assert "at most 2000 characters" in errors_of(raised)[f"domain-{language.pk}-next_steps"][0]
    assert row(draft, "motor").professional_view == ""


def test_a_row_of_another_review_is_refused(ours):
    draft, other = review(ours), review(ours)
    with pytest.raises(ValidationError):
        services.review_edit(
            review=draft,
            by=ours.professional,
            period_start=draft.period_start,
            period_end=draft.period_end,
            contact_moment=None,
            texts={row(other).pk: services.DomainTexts(professional_view="Verkeerd")},
        )
    assert row(other).professional_view == ""


def test_an_edit_opened_before_the_parents_wrote_does_not_silently_overwrite_them(ours):
    asked = review(ours, asked=True)
    version = services.version_of(asked)
    services.review_parent_view(review=asked, by=ours.parent, views={row(asked).pk: "Thuis telt ze tot tien."})
    with pytest.raises(ValidationError) as raised:
        services.review_edit(
            review=asked,
            by=ours.professional,
            period_start=asked.period_start,
            period_end=asked.period_end,
            contact_moment=None,
            texts={row(asked).pk: services.DomainTexts(next_steps="Tellen")},
            version=version,
        )
    assert raised.value.code == "changed"
    assert row(asked).parent_view == "Thuis telt ze tot tien."


# --- Services: asking the parents, their view, agreeing --------------------------------------------


def test_asking_the_parents_puts_the_review_before_them_and_tells_those_with_a_login_once(ours, theirs):
    second = GuardianFactory(family=ours.family, user=UserFactory(email="tweede.ouder@example.test"))
    GuardianFactory(family=ours.family, user=None, email="")
    draft = review(ours)
    assert services.review_ask_parents(review=draft, by=ours.professional) == 2
    assert services.review_ask_parents(review=draft, by=ours.professional) == 0
    draft.refresh_from_db()
    assert draft.status == Status.WITH_PARENTS and draft.parents_asked_at is not None
    notifications = Notification.objects.filter(kind="portfolio_review_input")
    assert sorted(notifications.values_list("recipient_id", flat=True)) == sorted([ours.parent.pk, second.user.pk])
    assert {n.link for n in notifications} == {reverse("portfolios:review_parent_view", args=[draft.pk])}
    assert not Notification.objects.filter(recipient=theirs.parent).exists()


def test_asking_about_an_agreed_review_is_refused(ours):
    with pytest.raises(ValidationError):
        services.review_ask_parents(review=review(ours, agreed=True), by=ours.professional)
    assert not Notification.objects.exists()


@pytest.mark.parametrize("role", ["parent", "manager"])
def test_only_the_team_asks_the_parents(role, ours):
    draft = review(ours)
    with pytest.raises(PermissionDenied):
        services.review_ask_parents(review=draft, by=getattr(ours, role))
    draft.refresh_from_db()
    assert draft.is_draft


def test_a_parent_writes_their_view_per_domain_while_asked(ours):
    asked = review(ours, asked=True)
    language, motor = row(asked), row(asked, "motor")
    services.review_parent_view(review=asked, by=ours.parent, views={language.pk: " Zingt thuis. ", motor.pk: ""})
    language.refresh_from_db()
    assert language.parent_view == "Zingt thuis." and language.parent_view_by == ours.parent
    assert row(asked, "motor").parent_view_by is None


@pytest.mark.parametrize("state", ["draft", "agreed"])
def test_the_parents_view_is_closed_unless_the_team_asks_for_it(state, ours):
    closed = review(ours, agreed=state == "agreed")
    with pytest.raises(ValidationError) as raised:
        services.review_parent_view(review=closed, by=ours.parent, views={row(closed).pk: "Te laat"})
    assert raised.value.code == "closed"
    assert row(closed).parent_view == ""


@pytest.mark.parametrize("who", ["professional", "manager", "other_parent"])
def test_only_the_childs_parents_write_the_parents_view(who, ours, theirs):
    asked = review(ours, asked=True)
    user = theirs.parent if who == "other_parent" else getattr(ours, who)
    with pytest.raises(PermissionDenied):
        services.review_parent_view(review=asked, by=user, views={row(asked).pk: "Niet van mij"})


def test_an_empty_or_too_long_parents_view_is_refused(ours, english):
    asked = review(ours, asked=True)
    language = row(asked)
    with pytest.raises(ValidationError) as raised:
        services.review_parent_view(review=asked, by=ours.parent, views={language.pk: "  "})
    assert errors_of(raised)["__all__"] == ["Write your view for at least one domain."]
    with pytest.raises(ValidationError) as raised:
        services.review_parent_view(review=asked, by=ours.parent, views={language.pk: "x" * 3001})
    assert f"domain-{language.pk}-parent_view" in errors_of(raised)


def test_agreeing_needs_next_steps(ours, english):
    asked = review(ours, asked=True)
    with pytest.raises(ValidationError) as raised:
        services.review_agree(review=asked, by=ours.professional)
    assert "next steps" in errors_of(raised)["next_steps"][0]
    asked.refresh_from_db()
    assert not asked.is_agreed and not Notification.objects.exists()


def test_agreeing_locks_the_review_and_tells_the_parents_once(ours):
    asked = review(ours, asked=True, rows={"language": {"next_steps": "Samen voorlezen"}})
    assert services.review_agree(review=asked, by=ours.professional) is True
    assert services.review_agree(review=asked, by=ours.professional) is False
    asked.refresh_from_db()
    assert asked.is_agreed and asked.agreed_by == ours.professional and asked.agreed_at is not None
    notification = Notification.objects.get(kind="portfolio_review_agreed")
    assert notification.recipient == ours.parent
    assert notification.link == reverse("portfolios:review_detail", args=[asked.pk])


def test_a_draft_can_be_agreed_when_the_parents_view_was_written_down_by_the_team(ours):
    draft = review(ours, rows={"language": {"parent_view": "Vertelde de moeder", "next_steps": "Liedjes"}})
    assert services.review_agree(review=draft, by=ours.professional) is True


@pytest.mark.parametrize("role", ["parent", "manager"])
def test_only_the_team_agrees(role, ours):
    asked = review(ours, asked=True, rows={"language": {"next_steps": "Samen voorlezen"}})
    with pytest.raises(PermissionDenied):
        services.review_agree(review=asked, by=getattr(ours, role))


def test_the_notifications_read_well(ours, english):
    params = {"child": "Sara"}
    assert "how do you see Sara's development?" in title_for(Notification(kind="portfolio_review_input", params=params))
    assert title_for(Notification(kind="portfolio_review_agreed", params=params)) == (
        "The portfolio review of Sara is agreed"
    )


# --- Services: reading ---------------------------------------------------------------------------


def test_parents_never_see_a_draft(ours, theirs, org_admin):
    draft, asked, agreed = review(ours), review(ours, asked=True), review(ours, agreed=True)
    foreign = review(theirs, agreed=True)
    assert set(services.reviews_visible_to(ours.parent)) == {asked, agreed}
    for user in (ours.professional, ours.manager):
        assert set(services.reviews_visible_to(user)) == {draft, asked, agreed}
    assert set(services.reviews_visible_to(theirs.professional)) == {foreign}
    assert foreign in services.reviews_visible_to(org_admin)


def test_agreed_reviews_are_newest_first_with_their_rows_in_two_queries(ours, django_assert_num_queries):
    older = review(ours, agreed=True, period_end=TODAY() - 100 * DAY, period_start=TODAY() - 200 * DAY)
    newer = review(ours, agreed=True, rows={"language": {"next_steps": "Voorlezen"}})
    review(ours, asked=True)
    with django_assert_num_queries(2):
        found = services.agreed_reviews(ours.child)
        steps = [[item.next_steps for item in found_review.domains.all()] for found_review in found]
        names = [str(item.domain) for found_review in found for item in found_review.domains.all()]
    assert found == [newer, older]
    assert steps[0][0] == "Voorlezen" and len(names) == 12


def test_the_period_entries_count_shared_entries_of_both_sides_per_domain(ours):
    asked = review(ours, asked=True, period_start=TODAY() - 10 * DAY, period_end=TODAY() - DAY)
    for days in (1, 2, 3):
        EntryFactory(child=ours.child, author=ours.professional, observed_on=TODAY() - days * DAY)
    EntryFactory(child=ours.child, author=ours.professional, shared_at=None)  # a draft
    EntryFactory(child=ours.child, author=ours.professional, observed_on=TODAY() - 30 * DAY)  # before
    EntryFactory(child=ours.child, author=ours.parent, perspective=Perspective.PARENT, domain=None)
    EntryFactory(child=ours.child, author=ours.parent, perspective=Perspective.PARENT, domain=domain("motor"))
    for user in (ours.professional, ours.parent):
        found = services.period_entries(asked, user)
        language = found[domain().pk]
        assert (language.count_group, language.count_home) == (3, 0)
        assert len(language.shown) == services.ENTRIES_SHOWN_PER_DOMAIN
        assert found[domain("motor").pk].count_home == 1 and found[None].count == 1


# --- Pages: access per role ----------------------------------------------------------------------


def _url(name: str, obj) -> str:
    return reverse(f"portfolios:{name}", args=[obj.pk])


@pytest.mark.parametrize("role", ["parent", "professional", "manager", "admin"])
def test_everyone_who_sees_the_child_opens_its_reviews(role, ours, org_admin):
    user = org_admin if role == "admin" else getattr(ours, role)
    agreed = review(ours, agreed=True)
    assert client_for(user).get(_url("review_list", ours.child)).status_code == 200
    assert client_for(user).get(_url("review_detail", agreed)).status_code == 200


@pytest.mark.parametrize("name", ["review_list", "review_new"])
@pytest.mark.parametrize("role", ["parent", "professional", "manager"])
def test_the_reviews_of_another_familys_child_are_not_found(name, role, ours, theirs):
    assert client_for(getattr(ours, role)).get(_url(name, theirs.child)).status_code == 404


@pytest.mark.parametrize("name", ["review_detail", "review_edit", "review_parent_view"])
@pytest.mark.parametrize("role", ["parent", "professional", "manager"])
def test_another_familys_review_is_not_found(name, role, ours, theirs):
    foreign = review(theirs, asked=True)
    assert client_for(getattr(ours, role)).get(_url(name, foreign)).status_code == 404


@pytest.mark.parametrize("name", ["review_ask_parents", "review_agree"])
@pytest.mark.parametrize("role", ["parent", "professional", "manager"])
def test_posting_on_another_familys_review_is_not_found(name, role, ours, theirs):
    foreign = review(theirs, asked=True, rows={"language": {"next_steps": "Voorlezen"}})
    assert client_for(getattr(ours, role)).post(_url(name, foreign)).status_code == 404
    foreign.refresh_from_db()
    assert foreign.is_with_parents and not Notification.objects.exists()


def test_outsiders_get_404_and_anonymous_users_a_login(ours, outsider):
    agreed = review(ours, agreed=True)
    for url in (_url("review_list", ours.child), _url("review_new", ours.child), _url("review_detail", agreed)):
        assert client_for(outsider).get(url).status_code == 404
        response = client_for(None).get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_draft_is_not_found_for_the_parents_nor_listed(ours):
    draft = review(ours)
    client = client_for(ours.parent)
    for name in ("review_detail", "review_edit", "review_parent_view"):
        assert client.get(_url(name, draft)).status_code == 404
    for name in ("review_ask_parents", "review_agree"):
        assert client.post(_url(name, draft)).status_code == 404
    assert _url("review_detail", draft).encode() not in client.get(_url("review_list", ours.child)).content
    assert (
        _url("review_detail", draft).encode()
        in client_for(ours.professional).get(_url("review_list", ours.child)).content
    )


@pytest.mark.parametrize(
    "role, new, edit_, parent_view",
    [
        ("professional", 200, 200, 403),
        ("admin", 200, 200, 403),
        ("manager", 403, 403, 403),
        ("parent", 403, 403, 200),
    ],
)
def test_who_may_write_what(role, new, edit_, parent_view, ours, org_admin):
    user = org_admin if role == "admin" else getattr(ours, role)
    asked = review(ours, asked=True)
    client = client_for(user)
    assert client.get(_url("review_new", ours.child)).status_code == new
    assert client.get(_url("review_edit", asked)).status_code == edit_
    assert client.get(_url("review_parent_view", asked)).status_code == parent_view


@pytest.mark.parametrize("role", ["parent", "manager"])
def test_reading_roles_may_not_ask_or_agree(role, ours):
    asked = review(ours, asked=True, rows={"language": {"next_steps": "Voorlezen"}})
    draft = review(ours)
    client = client_for(getattr(ours, role))
    assert client.post(_url("review_agree", asked)).status_code == 403
    expected = 404 if role == "parent" else 403  # a parent does not see the draft at all
    assert client.post(_url("review_ask_parents", draft)).status_code == expected
    assert not Notification.objects.exists()


def test_the_write_pages_only_take_a_post_for_asking_and_agreeing(ours):
    draft = review(ours)
    assert client_for(ours.professional).get(_url("review_ask_parents", draft)).status_code == 405
    assert client_for(ours.professional).get(_url("review_agree", draft)).status_code == 405


# --- Pages: the journey ------------------------------------------------------------------------------


def test_a_review_started_from_a_conversation_preselects_it_and_opens_the_edit_page(ours, theirs):
    moment = conversation(ours, occurred_at=timezone.now() - 2 * DAY)
    client = english_client_for(ours.professional)
    page = client.get(_url("review_new", ours.child), {"contact": moment.pk})
    assert page.context["form"].initial["contact_moment"] == moment
    assert page.context["form"].initial["period_end"] == TODAY() - 2 * DAY
    foreign = client.get(_url("review_new", ours.child), {"contact": conversation(theirs).pk})
    assert foreign.context["form"].initial["contact_moment"] is None
    response = client.post(
        _url("review_new", ours.child),
        {
            "period_start": (TODAY() - 90 * DAY).isoformat(),
            "period_end": TODAY().isoformat(),
            "contact_moment": moment.pk,
        },
    )
    started = PortfolioReview.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("review_edit", started)
    assert started.contact_moment == moment and started.domains.count() == 6


def test_a_new_review_starts_after_the_previous_one(ours):
    review(ours, period_start=TODAY() - 200 * DAY, period_end=TODAY() - 100 * DAY)
    page = client_for(ours.professional).get(_url("review_new", ours.child))
    assert page.context["form"].initial["period_start"] == TODAY() - 99 * DAY


def test_bad_input_on_the_new_page_answers_on_the_form_and_keeps_what_was_typed(ours, theirs):
    client = english_client_for(ours.professional)
    future = (TODAY() + 5 * DAY).isoformat()
    response = client.post(_url("review_new", ours.child), {"period_start": "2020-01-02", "period_end": future})
    assert response.status_code == 200
    assert response.context["form"].errors["period_end"] == ["The period cannot end in the future."]
    assert b'value="2020-01-02"' in response.content
    response = client.post(
        _url("review_new", ours.child),
        {"period_start": "2020-01-02", "period_end": "2020-03-01", "contact_moment": conversation(theirs).pk},
    )
    assert response.status_code == 200 and "contact_moment" in response.context["form"].errors
    assert not PortfolioReview.objects.exists()


def _edit_post(review_: PortfolioReview, **by_key) -> dict:
    data = {
        "period_start": review_.period_start.isoformat(),
        "period_end": review_.period_end.isoformat(),
        "contact_moment": review_.contact_moment_id or "",
        "version": services.version_of(review_),
    }
    for item in review_.domains.select_related("domain"):
        given = by_key.get(item.domain.key, {})
        for name in ("professional_view", "parent_view", "next_steps"):
            data[f"domain-{item.pk}-{name}"] = given.get(name, getattr(item, name))
    return data


def test_the_team_saves_the_review_on_the_edit_page(ours):
    draft = review(ours)
    data = _edit_post(draft, language={"professional_view": "Benoemt kleuren", "next_steps": "Kleurenspel"})
    response = client_for(ours.professional).post(_url("review_edit", draft), data)
    assert response.status_code == 302 and response["Location"] == _url("review_detail", draft)
    assert row(draft).professional_view == "Benoemt kleuren" and row(draft).next_steps == "Kleurenspel"


def test_a_too_long_text_on_the_edit_page_is_named_on_its_row_and_the_typing_is_kept(ours):
    draft = review(ours)
    data = _edit_post(draft, language={"next_steps": "x" * 2001}, motor={"professional_view": "Klimt hoog"})
    response = english_client_for(ours.professional).post(_url("review_edit", draft), data)
    assert response.status_code == 200
    assert b"Language, next steps" in response.content and b"Klimt hoog" in response.content
    assert row(draft, "motor").professional_view == ""


def test_the_edit_page_warns_when_the_parents_wrote_meanwhile_and_a_second_save_keeps_the_form(ours):
    asked = review(ours, asked=True)
    data = _edit_post(asked, language={"next_steps": "Tellen"})
    services.review_parent_view(review=asked, by=ours.parent, views={row(asked).pk: "Telt thuis"})
    client = english_client_for(ours.professional)
    response = client.post(_url("review_edit", asked), data)
    assert response.status_code == 200 and b"Someone changed this review" in response.content
    assert row(asked).next_steps == "" and b"Tellen" in response.content
    data["version"] = response.context["form"].data["version"]
    assert client.post(_url("review_edit", asked), data).status_code == 302
    assert row(asked).next_steps == "Tellen"


def test_the_edit_page_of_an_agreed_review_sends_back_to_it(ours):
    agreed = review(ours, agreed=True)
    response = english_client_for(ours.professional).get(_url("review_edit", agreed), follow=True)
    assert response.redirect_chain[-1][0] == _url("review_detail", agreed)
    assert b"can no longer be changed" in response.content


def test_asking_the_parents_from_the_page_tells_them_once(ours):
    draft = review(ours)
    client = english_client_for(ours.professional)
    first = client.post(_url("review_ask_parents", draft), follow=True)
    assert b"asked to write their view" in first.content
    second = client.post(_url("review_ask_parents", draft), follow=True)
    assert b"asked for their view already" in second.content
    assert Notification.objects.filter(kind="portfolio_review_input", recipient=ours.parent).count() == 1


def test_asking_parents_without_a_login_says_so(ours):
    ours.family.guardians.update(user=None)
    draft = review(ours)
    response = english_client_for(ours.professional).post(_url("review_ask_parents", draft), follow=True)
    assert b"has a login, so nobody was notified" in response.content
    draft.refresh_from_db()
    assert draft.is_with_parents


def test_the_parent_writes_their_view_on_their_page(ours):
    asked = review(ours, asked=True, rows={"language": {"professional_view": "Zingt mee op de groep"}})
    client = english_client_for(ours.parent)
    page = client.get(_url("review_parent_view", asked))
    assert b"Zingt mee op de groep" in page.content
    response = client.post(_url("review_parent_view", asked), {f"domain-{row(asked).pk}-parent_view": "En thuis!"})
    assert response.status_code == 302
    assert row(asked).parent_view == "En thuis!"


def test_an_empty_parents_view_answers_on_the_form(ours):
    asked = review(ours, asked=True)
    response = english_client_for(ours.parent).post(
        _url("review_parent_view", asked), {f"domain-{row(asked).pk}-parent_view": "   "}
    )
    assert response.status_code == 200
    assert b"Write your view for at least one domain." in response.content


def test_a_too_long_parents_view_answers_on_the_form_and_keeps_the_rest(ours):
    asked = review(ours, asked=True)
    data = {f"domain-{row(asked).pk}-parent_view": "x" * 3001, f"domain-{row(asked, 'motor').pk}-parent_view": "Rent"}
    response = english_client_for(ours.parent).post(_url("review_parent_view", asked), data)
    assert response.status_code == 200 and b"Rent</textarea>" in response.content
    assert row(asked, "motor").parent_view == ""


def test_the_parents_page_of_an_agreed_review_sends_back_to_it(ours):
    agreed = review(ours, agreed=True)
    response = client_for(ours.parent).get(_url("review_parent_view", agreed))
    assert response.status_code == 302 and response["Location"] == _url("review_detail", agreed)


def test_agreeing_without_next_steps_sends_to_the_edit_page_with_the_reason(ours):
    asked = review(ours, asked=True)
    response = english_client_for(ours.professional).post(_url("review_agree", asked), follow=True)
    assert response.redirect_chain[-1][0] == _url("review_edit", asked)
    assert b"Write the next steps for at least one domain" in response.content
    asked.refresh_from_db()
    assert not asked.is_agreed


def test_two_clicks_on_agree_tell_the_parents_once(ours):
    asked = review(ours, asked=True, rows={"language": {"next_steps": "Voorlezen"}})
    client = english_client_for(ours.professional)
    assert b"agreed and shared" in client.post(_url("review_agree", asked), follow=True).content
    assert b"agreed already" in client.post(_url("review_agree", asked), follow=True).content
    assert Notification.objects.filter(kind="portfolio_review_agreed").count() == 1


def test_the_detail_shows_both_views_the_next_steps_the_period_entries_and_the_conversation(ours):
    moment = conversation(ours)
    agreed = review(
        ours,
        agreed=True,
        contact_moment=moment,
        rows={"language": {"professional_view": "Op de groep", "parent_view": "Thuis", "next_steps": "Verder"}},
    )
    EntryFactory(child=ours.child, author=ours.professional, text="Een gedeelde observatie")
    EntryFactory(child=ours.child, author=ours.professional, text="Een concept", shared_at=None)
    staff = english_client_for(ours.professional).get(_url("review_detail", agreed)).content.decode()
    for text in ("Op de groep", "Thuis", "Verder", "Een gedeelde observatie", "1 entry in the portfolio"):
        assert text in staff
    assert "Een concept" not in staff
    assert reverse("contacts:contact_detail", args=[moment.pk]) in staff
    parent = english_client_for(ours.parent).get(_url("review_detail", agreed)).content.decode()
    assert "Op de groep" in parent and "Thuis" in parent and "Verder" in parent
    assert reverse("contacts:contact_detail", args=[moment.pk]) not in parent  # a staff page
    assert "Edit" not in parent and "Agree on this review" not in parent


def test_the_detail_offers_each_role_its_own_next_step(ours):
    draft, asked = review(ours), review(ours, asked=True)
    staff = english_client_for(ours.professional)
    page = staff.get(_url("review_detail", draft)).content
    assert b"Ask the parents for their view" in page
    assert page.count(b'class="card mb-3 review-domain"') == 6  # empty domains invite writing
    assert b"Ask the parents for their view" not in staff.get(_url("review_detail", asked)).content
    assert b"Write your view" in english_client_for(ours.parent).get(_url("review_detail", asked)).content
    manager = english_client_for(ours.manager).get(_url("review_detail", asked)).content
    assert b"Agree on this review" not in manager and _url("review_edit", asked).encode() not in manager


def test_the_timeline_links_to_the_reviews(ours):
    page = client_for(ours.parent).get(reverse("portfolios:timeline", args=[ours.child.pk]))
    assert _url("review_list", ours.child).encode() in page.content


def test_the_conversation_page_links_to_its_reviews_and_offers_to_start_one(ours):
    moment = conversation(ours)
    started = review(ours, contact_moment=moment)
    url = reverse("contacts:contact_detail", args=[moment.pk])
    start = f"{_url('review_new', ours.child)}?contact={moment.pk}"
    staff = english_client_for(ours.professional).get(url).content.decode()
    assert _url("review_detail", started) in staff and start in staff
    manager = english_client_for(ours.manager).get(url).content.decode()
    assert _url("review_detail", started) in manager and start not in manager
    pick_up = conversation(ours, kind=ContactMoment.Kind.PICK_UP)
    page = english_client_for(ours.professional).get(reverse("contacts:contact_detail", args=[pick_up.pk]))
    assert b"Start a portfolio review" not in page.content


def test_the_conversation_page_needs_one_query_more_for_its_reviews(ours, django_assert_max_num_queries):
    moment = conversation(ours)
    client = client_for(ours.professional)
    url = reverse("contacts:contact_detail", args=[moment.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for _ in range(3):
        review(ours, contact_moment=moment)
    with django_assert_max_num_queries(len(before)):
        client.get(url)


def test_the_admin_opens_a_review_with_its_rows(ours, org_admin):
    agreed = review(ours, agreed=True, rows={"language": {"next_steps": "Voorlezen"}})
    client = client_for(org_admin)
    assert client.get(reverse("admin:portfolios_portfolioreview_changelist")).status_code == 200
    page = client.get(reverse("admin:portfolios_portfolioreview_change", args=[agreed.pk]))
    assert page.status_code == 200 and b"Voorlezen" in page.content


# --- Query counts ---------------------------------------------------------------------------------


def _reviews(side, count: int) -> None:
    for number in range(count):
        end = TODAY() - number * 30 * DAY
        kwargs = {"agreed": True} if number % 2 else {"asked": True}
        review(
            side,
            period_start=end - 29 * DAY,
            period_end=end,
            contact_moment=conversation(side),
            rows={"language": {"next_steps": "Verder", "parent_view": "Thuis"}},
            **kwargs,
        )


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("role", ["professional", "parent", "manager"])
def test_the_list_needs_the_same_number_of_queries_for_3_and_30_reviews(
    count, role, ours, django_assert_max_num_queries
):
    _reviews(ours, count)
    client = client_for(getattr(ours, role))
    with django_assert_max_num_queries(11):
        response = client.get(_url("review_list", ours.child))
    assert response.status_code == 200
    assert response.content.count(b"list-group-item") == count


def _entries(side, count: int) -> None:
    domains = list(Domain.objects.all())
    PortfolioEntry.objects.bulk_create(
        PortfolioEntry(
            child=side.child,
            author=side.parent if number % 3 == 0 else side.professional,
            perspective=Perspective.PARENT if number % 3 == 0 else Perspective.PROFESSIONAL,
            domain=None if number % 7 == 0 else domains[number % len(domains)],
            observed_on=TODAY() - (number % 60) * DAY,
            text=f"Entry {number}",
            shared_at=timezone.now(),
        )
        for number in range(count)
    )


@pytest.mark.parametrize("count", [10, 100])
@pytest.mark.parametrize("role", ["professional", "parent"])
def test_the_detail_needs_the_same_number_of_queries_for_10_and_100_entries(
    count, role, ours, django_assert_max_num_queries
):
    _entries(ours, count)
    agreed = review(ours, agreed=True, contact_moment=conversation(ours), rows={"language": {"next_steps": "Verder"}})
    client = client_for(getattr(ours, role))
    with django_assert_max_num_queries(13):
        response = client.get(_url("review_detail", agreed))
    assert response.status_code == 200
    assert response.content.count(b'class="card mb-3 review-domain"') == 1
    assert b"Motor development" in english_client_for(ours.parent).get(_url("review_detail", agreed)).content
