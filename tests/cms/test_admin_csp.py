"""The Wagtail admin runs without inline script: its widgets start from data
attributes (cms/admin_scripts.py), and the one fixed inline script left is
allowed by its hash."""

import base64
import hashlib
import re

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Workflow

from cms.models import CannedAnswer
from tests.cms.factories import GuidancePageFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.S
)


def inline_scripts(response):
    return INLINE_SCRIPT.findall(response.content.decode())


def sha256_source(script):
    digest = hashlib.sha256(script.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def guidance(hub):
    return GuidancePageFactory(parent=hub, title="De ziekmelding")


def admin_pages(guidance):
    answer = CannedAnswer.objects.create(title="Ziek", text="Lees dit", page=guidance)
    return [
        reverse("wagtailadmin_pages:edit", args=[guidance.pk]),
        reverse(
            "wagtailadmin_pages:add",
            args=["cms", "guidancepage", guidance.get_parent().pk],
        ),
        reverse("wagtailadmin_explore", args=[guidance.get_parent().pk]),
        reverse("wagtailsettings:edit", args=["cms", "helpdesksettings"]),
        reverse("wagtailsnippets_cms_cannedanswer:edit", args=[answer.pk]),
        reverse("wagtailadmin_workflows:edit", args=[Workflow.objects.first().pk]),
        reverse("wagtailadmin_pages:copy", args=[guidance.pk]),
        reverse("wagtailredirects:add"),
    ]


def test_admin_pages_hold_no_inline_script(admin_client, guidance):
    for url in admin_pages(guidance):
        response = admin_client.get(url, follow=True)
        assert response.status_code == 200, url
        assert inline_scripts(response) == [], url


def test_widgets_are_started_from_data_attributes(admin_client, guidance):
    page = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[guidance.pk])
    ).content.decode()
    assert 'data-wb-start="date"' in page
    assert 'data-wb-start="datetime"' in page
    answer = CannedAnswer.objects.create(title="Ziek", text="Lees dit", page=guidance)
    snippet = admin_client.get(
        reverse("wagtailsnippets_cms_cannedanswer:edit", args=[answer.pk])
    ).content.decode()
    assert 'data-wb-start="chooser" data-wb-target="id_page"' in snippet
    assert 'data-wb-constructor="PageChooser"' in snippet
    assert "js/cms-admin.js" in snippet


def test_the_search_promotion_script_is_allowed_by_its_hash_only(
    admin_client, guidance
):
    query = Query.get("ziek")
    SearchPromotion.objects.create(query=query, page=guidance, sort_order=0)
    allowed = settings.WERKBEHOUD_ADMIN_CSP_DIRECTIVES["script-src"]
    assert "'unsafe-inline'" not in allowed
    for url in [
        reverse("wagtailsearchpromotions:add"),
        reverse("wagtailsearchpromotions:edit", args=[query.pk]),
    ]:
        response = admin_client.get(url)
        scripts = inline_scripts(response)
        assert scripts, url
        for script in scripts:
            assert sha256_source(script) in allowed, (url, sha256_source(script))
        header = response.headers["Content-Security-Policy"]
        assert sha256_source(scripts[0]) in header


def test_the_preview_gets_the_admins_policy(guidance):
    """Wagtail runs the previewed page through the middleware inside the
    admin's request; the portal's frame-ancestors 'none' must not land on it,
    or the editor's preview frame stays empty."""
    response = guidance.make_preview_request()
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response.headers
