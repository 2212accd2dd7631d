"""Editors write, moderators publish; reports show what needs attention."""

import datetime

import pytest
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query

from cms.models import GuidanceFeedback
from tests.cms.factories import GuidancePageFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return UserFactory(groups=["Editors"])


@pytest.fixture
def moderator():
    return UserFactory(groups=["Moderators"])


def test_editor_submits_and_moderator_publishes(hub, editor, moderator):
    page = GuidancePageFactory(parent=hub, title="Nieuw concept", live=False)
    assert not page.permissions_for_user(editor).can_publish()
    assert page.permissions_for_user(editor).can_edit()
    assert page.permissions_for_user(moderator).can_publish()

    page.title = "Nieuw concept, nagekeken"
    page.save_revision(user=editor)
    workflow = page.get_workflow()
    assert workflow is not None, "the moderation workflow applies to guidance pages"
    state = workflow.start(page, editor)
    page.refresh_from_db()
    assert not page.live
    assert state.status == state.STATUS_IN_PROGRESS

    task_state = state.current_task_state
    task = task_state.task.specific
    assert not task.user_can_access_editor(page, UserFactory())
    assert page.permissions_for_user(moderator).can_publish()
    task.on_action(task_state, moderator, "approve")
    page.refresh_from_db()
    assert page.live
    assert page.title == "Nieuw concept, nagekeken"
    assert page.live_revision.user == editor


def test_editor_can_open_the_admin_and_edit_guidance(client, hub, editor):
    page = GuidancePageFactory(parent=hub)
    client.force_login(editor)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert (
        client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code
        == 200
    )
    assert client.get(reverse("wagtailsnippets_cms_topic:list")).status_code == 200
    assert (
        client.get(reverse("wagtailsnippets_cms_behaviourcard:add")).status_code == 200
    )


def test_report_of_guidance_not_reviewed_for_a_year(client, hub, editor):
    GuidancePageFactory(
        parent=hub, title="Oude pagina", last_reviewed=datetime.date(2024, 5, 1)
    )
    GuidancePageFactory(
        parent=hub, title="Verse pagina", last_reviewed=datetime.date.today()
    )
    client.force_login(editor)
    content = client.get(reverse("cms_reports:stale_guidance")).content.decode()
    assert "Oude pagina" in content
    assert "Verse pagina" not in content


def test_feedback_report_per_page(client, hub, editor):
    page = GuidancePageFactory(parent=hub, title="Energie verdelen")
    GuidanceFeedback.objects.create(page=page, helpful=True)
    GuidanceFeedback.objects.create(page=page, helpful=False, comment="Te lang")
    GuidanceFeedback.objects.create(page=page, helpful=False)
    client.force_login(editor)
    response = client.get(reverse("cms_reports:feedback"))
    content = response.content.decode()
    assert "Energie verdelen" in content and "Te lang" in content
    row = response.context["object_list"][0]
    assert (row.helpful_count, row.not_helpful_count, row.comment_count) == (1, 2, 1)


def test_search_terms_report(client, editor):
    Query.get("ziekmelding").add_hit()
    Query.get("ziekmelding").add_hit()
    client.force_login(editor)
    response = client.get(reverse("cms_reports:search_terms"))
    assert [(q.query_string, q.searches) for q in response.context["object_list"]] == [
        ("ziekmelding", 2)
    ]


@pytest.mark.parametrize("name", ["stale_guidance", "feedback", "search_terms"])
def test_reports_are_closed_to_people_outside_the_editors(
    client, organisation, make_member, name
):
    client.force_login(make_member("hr", organisation))
    response = client.get(reverse(f"cms_reports:{name}"))
    assert response.status_code in (302, 403)


def test_user_admin_works_with_email_accounts(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get(reverse("wagtailusers_users:index")).status_code == 200
    assert (
        client.get(reverse("wagtailusers_users:edit", args=[admin.pk])).status_code
        == 200
    )


def test_editors_may_start_a_translation(db):
    from django.contrib.auth.models import Group

    for name in ("Editors", "Moderators"):
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="submit_translation").exists()


@pytest.mark.parametrize("group", ["Editors", "Moderators"])
def test_editors_maintain_every_snippet_of_the_guidance(client, group):
    """Every snippet in the admin's menu opens for the people who keep the
    guidance, instead of sending them back with "no access"."""
    client.force_login(UserFactory(groups=[group], is_staff=False))
    for model in ("topic", "behaviourcard", "cannedanswer", "helpsource"):
        url = reverse(f"wagtailsnippets_cms_{model}:list")
        response = client.get(url)
        assert response.status_code == 200, (model, response.status_code)
        assert response.get("Location") is None
        response = client.get(reverse(f"wagtailsnippets_cms_{model}:add"))
        assert response.status_code == 200, (model, response.status_code)
