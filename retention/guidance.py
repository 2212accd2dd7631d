"""Links from adjustment categories to the guidance that helps choose them."""

from typing import NamedTuple

from cms.cache import kept_per_version
from cms.locales import localized, reading_language
from cms.models import GuidancePage

from .models import Adjustment

Category = Adjustment.Category

CATEGORY_GUIDANCE = {
    Category.WORKING_HOURS: ["aanpassingen-kiezen", "energie-verdelen"],
    Category.TASKS: ["aanpassingen-kiezen", "over-en-onderschatten"],
    Category.WORKPLACE: ["aanpassingen-kiezen", "regelingen-voor-werkgevers"],
    Category.INSTRUCTIONS: ["werkleider-sw-bedrijf", "aanpassingen-kiezen"],
    Category.SUPERVISION: ["gesprek-beginnen", "halfjaarlijkse-evaluatie"],
    Category.APPOINTMENTS: ["samenwerken-met-zorg", "privacy-wat-mag-wel"],
    Category.ENERGY: ["energie-verdelen", "grenzen-aangeven"],
    Category.SOCIAL: ["pesten-en-sociale-veiligheid", "openheid-op-het-werk"],
    Category.COACHING: ["regelingen-voor-werkgevers", "samenwerken-met-zorg"],
    Category.TRAVEL: ["aanpassingen-kiezen"],
    Category.TRAINING: ["over-en-onderschatten", "twijfel-over-werk"],
    Category.PHASED_RETURN: ["terugkeer-na-verzuim", "contact-tijdens-verzuim"],
}


def guidance_by_category(categories=None):
    """{category: [(title, url)]} for live guidance: one query while the
    published content stays as it is, none after (kept per language under
    the content version, which every publish moves on)."""
    every = kept_per_version(
        f"guidance-by-category:{reading_language()}", _every_category
    )
    categories = list(categories) if categories is not None else list(CATEGORY_GUIDANCE)
    return {category: every.get(category, []) for category in categories}


def _every_category():
    slugs = {slug for slugs in CATEGORY_GUIDANCE.values() for slug in slugs}
    pages = {
        page.slug: page
        for page in localized(GuidancePage.objects.live().filter(slug__in=slugs))
    }
    return {
        category: [
            (pages[slug].title, pages[slug].url) for slug in slugs if slug in pages
        ]
        for category, slugs in CATEGORY_GUIDANCE.items()
    }


def unique_links(by_category):
    """All links of {category: [(title, url)]} once each, in order."""
    seen = {}
    for links in by_category.values():
        for title, url in links:
            seen.setdefault(url, title)
    return [(title, url) for url, title in seen.items()]


SICK_CALL_PAGE = "de-ziekmelding"
FREQUENT_ABSENCE_PAGE = "vaak-kort-verzuim"


def guidance_page(slug):
    """A live guidance page by slug, or None when editors removed it."""
    return localized(GuidancePage.objects.live().filter(slug=slug)).first()


class Link(NamedTuple):
    title: str
    url: str


def guidance_link(slug):
    """Title and address of a live guidance page, or None when editors
    removed it; kept as guidance_by_category() keeps its links."""

    def read():
        page = guidance_page(slug)
        # A removed page is kept too (as False), so it costs no query either.
        return Link(page.title, page.url) if page else False

    return kept_per_version(f"guidance-link:{reading_language()}:{slug}", read) or None
