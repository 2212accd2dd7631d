"""Every kind of adjustment links to guidance that exists."""

import io

import pytest
from django.core.management import call_command

from retention.guidance import CATEGORY_GUIDANCE, guidance_by_category
from retention.models import Adjustment

pytestmark = pytest.mark.django_db


def test_every_category_links_to_live_guidance():
    call_command("load_initial_data", stdout=io.StringIO())
    links = guidance_by_category()
    assert set(CATEGORY_GUIDANCE) == set(Adjustment.Category.values)
    for category in Adjustment.Category.values:
        assert len(links[category]) == len(CATEGORY_GUIDANCE[category]), category
        for _title, url in links[category]:
            assert url.startswith("/informatie/")
