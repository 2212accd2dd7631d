"""Demo content: the page tree of the guidance site."""

from wagtail.models import Page, Site

from .models import HomePage

HOME_TITLE = "Samen werk behouden"
HOME_INTRO = (
    "<p>Praktische hulp om mensen met een psychische kwetsbaarheid aan het werk te "
    "houden. Voor werkgevers, werkleiders en medewerkers.</p>"
)


def load(stdout):
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's own migration leaves a "Welcome" page; the home page
        # replaces it (its site goes with it and is made again below).
        Page.objects.filter(depth=2).delete()
        home = Page.get_first_root_node().add_child(
            instance=HomePage(title=HOME_TITLE, slug="home", intro=HOME_INTRO)
        )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "root_page": home,
            "site_name": "Werkbehoud",
        },
    )
    stdout.write("Guidance site: home page ready.")
