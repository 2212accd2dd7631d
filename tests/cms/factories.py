"""Factories for the guidance site."""

import datetime

import factory
import wagtail_factories
from wagtail.models import Page, Site

from cms.models import (
    BehaviourCard,
    BehaviourCardIndexPage,
    GuidancePage,
    HomePage,
    Topic,
    TopicHubPage,
)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Onderwerp {n}")
    slug = factory.Sequence(lambda n: f"onderwerp-{n}")
    description = "Uitleg over dit onderwerp."


class BehaviourCardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BehaviourCard

    behaviour = factory.Sequence(lambda n: f"Gedrag {n}")
    slug = factory.Sequence(lambda n: f"gedrag-{n}")
    summary = "Wat je ziet op het werk."
    what_you_may_see = "<ul><li>Komt later binnen.</li></ul>"
    what_may_be_behind = "<ul><li>Slecht geslapen.</li></ul>"
    what_you_can_do = "<ul><li>Vraag hoe het gaat.</li></ul>"
    what_to_avoid = "<ul><li>Niet raden.</li></ul>"


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Werkbehoud"
    slug = "home"


class TopicHubPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = TopicHubPage

    title = "Alle informatie"
    slug = "informatie"


class BehaviourCardIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = BehaviourCardIndexPage

    title = "Gedrag op het werk"
    slug = "gedrag"


class GuidancePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GuidancePage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Informatie {n}")
    summary = "Een korte samenvatting."
    for_supervisor = True
    last_reviewed = datetime.date(2026, 10, 1)
    body = factory.LazyFunction(
        lambda: [
            {"type": "text", "value": "<p>Praktische uitleg voor op de werkvloer.</p>"}
        ]
    )

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if extracted:
            self.topics.set(extracted)
            self.save_revision().publish()


def build_site():
    """Home, hub and card index under Wagtail's root, as the default site."""
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    hub = TopicHubPageFactory(parent=home)
    cards = BehaviourCardIndexPageFactory(parent=home)
    return home, hub, cards
