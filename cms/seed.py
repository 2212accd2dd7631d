"""Build the guidance site from cms/content/: page tree, topics, cards.

Content that already exists is left alone, so editors' changes survive a
second run; only what is missing is created and published.
"""

import json
import uuid
from datetime import date
from pathlib import Path

from django.utils.html import escape
from wagtail.models import Locale, Page, Site

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
from .search import indexed_once_at_the_end

CONTENT = Path(__file__).resolve().parent / "content"


def read(name):
    return json.loads((CONTENT / name).read_text(encoding="utf-8"))


def load(stdout):
    with indexed_once_at_the_end():
        _load(stdout)


def _load(stdout):
    source = Locale.get_default()
    site = read("site.json")
    topics = {
        item["slug"]: Topic.objects.get_or_create(
            slug=item["slug"],
            locale=source,
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
            name=item["name"], locale=source, defaults={**item, "sort_order": order}
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
                in_short=_in_short(doc),
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
    english = _load_english(home, existing)
    stdout.write(
        f"Guidance site: {len(existing)} guidance pages ({len(new)} new), "
        f"{len(cards)} behaviour cards, {len(topics)} topics, "
        f"{trainings_new} new trainings; {english} new English translations."
    )


def _home(text, topics):
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's own migration leaves a "Welcome" page; the home page
        # replaces it (its site goes with it and is made again below).
        Page.objects.filter(depth=2).delete()
        home = Page.get_first_root_node().add_child(
            instance=HomePage(slug="home", **_home_fields(text, topics))
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


def _home_fields(text, topics):
    return {
        "title": text["title"],
        "intro": f"<p>{escape(text['intro'])}</p>",
        "chat_text": text["chat_text"],
        "routes": [
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
    }


def _child(parent, model, slug, **fields):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = parent.add_child(instance=model(slug=slug, **fields))
        page.save_revision().publish()
    return page


def _card(item):
    return BehaviourCard.objects.get_or_create(
        slug=item["slug"], locale=Locale.get_default(), defaults=_card_fields(item)
    )[0]


def _card_fields(item):
    def html_list(items):
        return (
            "<ul>" + "".join(f"<li>{escape(entry)}</li>" for entry in items) + "</ul>"
        )

    return {
        "behaviour": item["behaviour"],
        "summary": item["summary"],
        "what_you_may_see": html_list(item["what_you_may_see"]),
        "what_may_be_behind": html_list(item["what_may_be_behind"]),
        "what_you_can_do": html_list(item["what_you_can_do"]),
        "what_to_avoid": html_list(item["what_to_avoid"]),
    }


def _in_short(doc):
    return [
        {"type": "sentence", "value": {"pictogram": i["pictogram"], "text": i["text"]}}
        for i in doc.get("in_short", [])
    ]


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
                slug=doc["slug"],
                audience=doc["audience"],
                live=False,
                **_training_fields(doc, topics),
            )
        )
        page.save_revision().publish()
        made += 1
    return made


def _training_fields(doc, topics):
    return {
        "title": doc["title"],
        "summary": doc["summary"],
        "in_short": _in_short(doc),
        "topic": topics[doc["topic"]],
        "minutes": doc["minutes"],
        "steps": [
            {
                "type": "step",
                "id": str(uuid.uuid4()),
                "value": {
                    "title": step["title"],
                    # Nested blocks need ids of their own: questions and
                    # progress refer to them.
                    "content": [
                        {**block, "id": str(uuid.uuid4())} for block in step["content"]
                    ],
                },
            }
            for step in doc["steps"]
        ],
    }


def _load_english(home, guidance):
    """Translate what cms/content/en/ holds and is not translated yet.

    Translations are Wagtail copies of their Dutch source (same translation
    key and slug) with the English text filled in, so the language switch
    finds the same page, and editors can change either afterwards."""
    if not (CONTENT / "en").is_dir():
        return 0
    english = Locale.objects.get_or_create(language_code="en")[0]
    made = []

    def translate(source, **fields):
        existing = source.get_translation_or_none(english)
        if existing is not None:
            return existing
        copy = source.copy_for_translation(english)
        for name, value in fields.items():
            setattr(copy, name, value)
        if isinstance(copy, Page):
            copy.save_revision().publish()
        else:
            copy.save()
        made.append(copy)
        return copy

    site = read("en/site.json")
    topics = {
        item["slug"]: translate(
            Topic.objects.get(slug=item["slug"], locale=home.locale),
            name=item["name"],
            description=item["description"],
        )
        for item in read("en/topics.json")
    }
    cards = {
        item["slug"]: translate(
            BehaviourCard.objects.get(slug=item["slug"], locale=home.locale),
            **_card_fields(item),
        )
        for item in read("en/behaviour_cards.json")
    }
    for dutch, item in zip(
        read("help_sources.json"), read("en/help_sources.json"), strict=True
    ):
        source = HelpSource.objects.filter(
            name=dutch["name"], locale=home.locale
        ).first()
        if source is not None:
            translate(source, **item)

    translate(home, **_home_fields(site["home"], topics))
    for model, key, fields in [
        (TopicHubPage, "topic_hub", ("title", "intro")),
        (BehaviourCardIndexPage, "behaviour_index", ("title", "intro")),
        (TrainingIndexPage, "trainings", ("title", "intro")),
        (HelpPage, "help", ("title", "intro")),
    ]:
        source = model.objects.child_of(home).first()
        if source is not None:
            translate(source, **{name: site[key][name] for name in fields})

    documents = [
        read(f"en/guidance/{path.name}")
        for path in sorted((CONTENT / "en" / "guidance").glob("*.json"))
    ]
    translated = {}
    for doc in documents:
        source = guidance.get(doc["slug"])
        if source is None or source.get_translation_or_none(english):
            continue
        translated[doc["slug"]] = (source.copy_for_translation(english), doc)
    # Pages first, so that "related" blocks can point at English pages.
    english_pages = {
        slug: page.get_translation_or_none(english) or page
        for slug, page in guidance.items()
    }
    english_pages.update({slug: page for slug, (page, _doc) in translated.items()})
    for page, doc in translated.values():
        page.title = doc["title"]
        page.summary = doc["summary"]
        page.in_short = _in_short(doc)
        page.body = [_block(block, english_pages) for block in doc["body"]]
        page.topics.set([topics[slug] for slug in doc["topics"]])
        page.behaviour_cards.set(
            [cards[slug] for slug in doc.get("behaviour_cards", []) if slug in cards]
        )
        page.save_revision().publish()
        made.append(page)

    training_index = TrainingIndexPage.objects.child_of(home).first()
    for path in sorted((CONTENT / "en" / "trainings").glob("*.json")):
        doc = read(f"en/trainings/{path.name}")
        source = (
            TrainingPage.objects.child_of(training_index)
            .filter(slug=doc["slug"])
            .first()
        )
        if source is not None:
            translate(source, **_training_fields(doc, topics))
    return len(made)
