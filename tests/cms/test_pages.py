"""Page types: where they may be made, what they require, what they compute."""

import pytest
from django.core.exceptions import ValidationError

from cms.models import (
    BehaviourCardIndexPage,
    GuidancePage,
    HelpPage,
    HomePage,
    TopicHubPage,
    TrainingIndexPage,
    reading_minutes,
)
from tests.cms.factories import GuidancePageFactory

pytestmark = pytest.mark.django_db


def test_page_creation_rules(site_tree):
    home, hub, cards = site_tree["home"], site_tree["hub"], site_tree["cards"]
    assert GuidancePage.can_create_at(hub)
    assert not GuidancePage.can_create_at(home)
    assert not GuidancePage.can_create_at(cards)
    assert not TopicHubPage.can_create_at(home)  # only one hub
    assert not BehaviourCardIndexPage.can_create_at(home)  # only one index
    assert not HomePage.can_create_at(home)
    assert GuidancePage.allowed_subpage_models() == []
    assert set(HomePage.allowed_subpage_models()) == {
        TopicHubPage,
        BehaviourCardIndexPage,
        TrainingIndexPage,
        HelpPage,
    }


def test_guidance_needs_an_audience(hub):
    page = GuidancePageFactory.build(for_supervisor=False, slug="zonder-doelgroep")
    with pytest.raises(ValidationError) as error:
        hub.add_child(instance=page)
    assert "doelgroep" in str(error.value)


def test_reading_time_follows_the_length_of_the_body(hub):
    long_text = "<p>" + "woord " * 900 + "</p>"
    page = GuidancePageFactory(parent=hub, body=[{"type": "text", "value": long_text}])
    assert page.reading_minutes == 5
    page.body = [
        {"type": "checklist", "value": {"heading": "Kort", "items": ["een", "twee"]}}
    ]
    page.save()
    assert page.reading_minutes == 1
    assert reading_minutes(page.body) == 1


def test_due_for_review_after_a_year(hub):
    import datetime

    old = GuidancePageFactory(parent=hub, last_reviewed=datetime.date(2020, 1, 1))
    fresh = GuidancePageFactory(parent=hub, last_reviewed=datetime.date.today())
    assert old.is_due_for_review and not fresh.is_due_for_review
