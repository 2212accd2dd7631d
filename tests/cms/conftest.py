import pytest

from tests.cms.factories import build_site


@pytest.fixture
def site_tree(db):
    home, hub, cards = build_site()
    return {"home": home, "hub": hub, "cards": cards}


@pytest.fixture
def hub(site_tree):
    return site_tree["hub"]
