"""Build the guidance site from cms/content/: page tree, topics, cards.

Content that already exists is left alone, so editors' changes survive a
second run; only what is missing is created and published.
"""

import json
import uuid
from datetime import date
from pathlib import Path

from django.utils.html import escape
from wagtail.models import Page, Site

from .models import (
    BehaviourCard,
    BehaviourCardIndexPage,
    CannedAnswer,
    GuidancePage,
    HelpPage,
    HelpSource,
    HomePage,
    Topic,
    TopicHubPage,
    TrainingIndexPage,
    TrainingPage,
)

CONTENT = Path(__file__).resolve().parent / "content"


def read(name):
    return json.loads((CONTENT / name).read_text(encoding="utf-8"))


def load(stdout):
    site = read("site.json")
    topics = {
        item["slug"]: Topic.objects.get_or_create(
            slug=item["slug"],
            defaults={"name": item["name"], "description": item["description"]},
        )[0]
        for item in read("topics.json")
    }
    cards = {item["slug"]: _card(item) for item in read("behaviour_cards.json")}
    home = _home(site["home"], topics)
    hub = _child(
        home,
        TopicHubPage,
        "informatie",
        title=site["topic_hub"]["title"],
        intro=site["topic_hub"]["intro"],
    )
    _child(
        home,
        BehaviourCardIndexPage,
        "gedrag",
        title=site["behaviour_index"]["title"],
        intro=site["behaviour_index"]["intro"],
    )

    trainings = _child(
        home,
        TrainingIndexPage,
        "trainingen",
        title=site["trainings"]["title"],
        intro=site["trainings"]["intro"],
    )
    trainings_new = _trainings(trainings, topics)
    help_page = _child(
        home, HelpPage, "hulp", title=site["help"]["title"], intro=site["help"]["intro"]
    )
    for order, item in enumerate(read("help_sources.json")):
        HelpSource.objects.get_or_create(
            name=item["name"], defaults={**item, "sort_order": order}
        )

    documents = [
        read(f"guidance/{path.name}")
        for path in sorted((CONTENT / "guidance").glob("*.json"))
    ]
    existing = {page.slug: page for page in GuidancePage.objects.child_of(hub)}
    new = [doc for doc in documents if doc["slug"] not in existing]
    # Pages first, so that "related" blocks can point at pages made in this run.
    for doc in new:
        existing[doc["slug"]] = hub.add_child(
            instance=GuidancePage(
                title=doc["title"],
                slug=doc["slug"],
                summary=doc["summary"],
                last_reviewed=date.fromisoformat(doc["last_reviewed"]),
                live=False,
                **{f"for_{audience}": True for audience in doc["audiences"]},
            )
        )
    for doc in new:
        page = existing[doc["slug"]]
        page.body = [_block(block, existing) for block in doc["body"]]
        page.topics.set([topics[slug] for slug in doc["topics"]])
        page.behaviour_cards.set(
            [cards[slug] for slug in doc.get("behaviour_cards", [])]
        )
        page.save_revision().publish()
    for item in read("behaviour_cards.json"):
        for slug in item["related_guidance"]:
            page = existing[slug]
            if cards[item["slug"]] not in page.behaviour_cards.all():
                page.behaviour_cards.add(cards[item["slug"]])
                page.save_revision().publish()
    for item in read("canned_answers.json"):
        CannedAnswer.objects.get_or_create(
            title=item["title"],
            defaults={
                "text": item["text"],
                "page": help_page
                if item["page"] == "hulp"
                else existing.get(item["page"]),
            },
        )
    stdout.write(
        f"Guidance site: {len(existing)} guidance pages ({len(new)} new), "
        f"{len(cards)} behaviour cards, {len(topics)} topics, "
        f"{trainings_new} new trainings."
    )


def _home(text, topics):
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's own migration leaves a "Welcome" page; the home page
        # replaces it (its site goes with it and is made again below).
        Page.objects.filter(depth=2).delete()
        home = Page.get_first_root_node().add_child(
            instance=HomePage(
                title=text["title"],
                slug="home",
                intro=f"<p>{escape(text['intro'])}</p>",
                chat_text=text["chat_text"],
                routes=[
                    {
                        "type": "route",
                        "value": {
                            "audience": route["audience"],
                            "heading": route["heading"],
                            "text": route["text"],
                            "topics": [topics[slug].pk for slug in route["topics"]],
                        },
                    }
                    for route in text["routes"]
                ],
            )
        )
        home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "root_page": home,
            "site_name": "Werkbehoud",
        },
    )
    return home


def _child(parent, model, slug, **fields):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = parent.add_child(instance=model(slug=slug, **fields))
        page.save_revision().publish()
    return page


def _card(item):
    def html_list(items):
        return (
            "<ul>" + "".join(f"<li>{escape(entry)}</li>" for entry in items) + "</ul>"
        )

    return BehaviourCard.objects.get_or_create(
        slug=item["slug"],
        defaults={
            "behaviour": item["behaviour"],
            "summary": item["summary"],
            "what_you_may_see": html_list(item["what_you_may_see"]),
            "what_may_be_behind": html_list(item["what_may_be_behind"]),
            "what_you_can_do": html_list(item["what_you_can_do"]),
            "what_to_avoid": html_list(item["what_to_avoid"]),
        },
    )[0]


def _block(block, pages):
    if block["type"] == "related":
        value = dict(
            block["value"], pages=[pages[slug].pk for slug in block["value"]["pages"]]
        )
        return {"type": "related", "value": value}
    return {"type": block["type"], "value": block["value"]}


def _trainings(index, topics):
    """Publish the trainings in cms/content/trainings/ that do not exist yet."""
    existing = set(TrainingPage.objects.child_of(index).values_list("slug", flat=True))
    made = 0
    for path in sorted((CONTENT / "trainings").glob("*.json")):
        doc = read(f"trainings/{path.name}")
        if doc["slug"] in existing:
            continue
        page = index.add_child(
            instance=TrainingPage(
                title=doc["title"],
                slug=doc["slug"],
                summary=doc["summary"],
                audience=doc["audience"],
                topic=topics[doc["topic"]],
                minutes=doc["minutes"],
                steps=[
                    {
                        "type": "step",
                        "id": str(uuid.uuid4()),
                        "value": {
                            "title": step["title"],
                            # Nested blocks need ids of their own: questions
                            # and progress refer to them.
                            "content": [
                                {**block, "id": str(uuid.uuid4())}
                                for block in step["content"]
                            ],
                        },
                    }
                    for step in doc["steps"]
                ],
                live=False,
            )
        )
        page.save_revision().publish()
        made += 1
    return made
