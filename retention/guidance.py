"""Links from adjustment categories to the guidance that helps choose them."""

from cms.locales import localized
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
    """{category: [(title, url)]} for live guidance, in one query."""
    categories = list(categories) if categories is not None else list(CATEGORY_GUIDANCE)
    slugs = {
        slug for category in categories for slug in CATEGORY_GUIDANCE.get(category, [])
    }
    pages = {
        page.slug: page
        for page in localized(GuidancePage.objects.live().filter(slug__in=slugs))
    }
    return {
        category: [
            (pages[slug].title, pages[slug].url)
            for slug in CATEGORY_GUIDANCE.get(category, [])
            if slug in pages
        ]
        for category in categories
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
