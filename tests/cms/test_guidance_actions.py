"""Buttons inside guidance lead each reader to a page they may open: the
role that takes a step gets the button, everyone else reads who does it.
Nobody lands on "no access" from a guidance button."""

import re

import pytest
from django.test import Client

from cms.models import GuidancePage, TrainingPage
from portal.access import HELPDESK_GROUP
from tests.factories import UserFactory

BUTTON = re.compile(r'<div class="block action">.*?</div>', re.S)
HREF = re.compile(r'<a class="button" href="([^"]+)"')


@pytest.fixture
def readers(team):
    readers = {"anonymous": Client()}
    for role, user in (
        ("hr", team["hr"]),
        ("supervisor", team["supervisor"]),
        ("employee", team["user"]),
        ("helpdesk", UserFactory(groups=[HELPDESK_GROUP])),
    ):
        client = Client()
        client.force_login(user)
        readers[role] = client
    return readers


def pages_with_actions():
    urls = []
    for page in GuidancePage.objects.live().filter(locale__language_code="nl"):
        if any(block.block_type == "action" for block in page.body):
            urls.append(page.url)
    for training in TrainingPage.objects.live().filter(locale__language_code="nl"):
        for number, step in enumerate(training.steps, start=1):
            if any(child.block_type == "action" for child in step.value["content"]):
                urls.append(f"{training.url}stap/{number}/")
    return urls


def test_no_guidance_button_leads_anyone_to_a_refusal(loaded, readers):
    urls = pages_with_actions()
    assert len(urls) >= 8
    shown = dict.fromkeys(readers, 0)
    explained = dict.fromkeys(readers, 0)
    for url in urls:
        for role, client in readers.items():
            html = client.get(url).content.decode()
            for block in BUTTON.findall(html):
                targets = HREF.findall(block)
                if targets:
                    shown[role] += 1
                    response = client.get(targets[0])
                    assert response.status_code == 200, (role, url, targets[0])
                else:
                    explained[role] += 1
                    assert 'class="action-elsewhere"' in block, (role, url)
    # Each role that takes steps sees buttons; the others read who does it.
    assert shown["supervisor"] and shown["employee"] and shown["hr"]
    assert explained["anonymous"] and explained["helpdesk"]


def test_a_supervisors_step_explains_itself_to_an_employee(loaded, readers):
    page = GuidancePage.objects.get(locale__language_code="nl", slug="de-ziekmelding")
    as_employee = readers["employee"].get(page.url).content.decode()
    as_supervisor = readers["supervisor"].get(page.url).content.decode()
    anonymous = readers["anonymous"].get(page.url).content.decode()
    assert 'href="/werkleider/"' in as_supervisor
    assert 'href="/werkleider/"' not in as_employee
    assert "Dit doet de werkleider in het portaal" in as_employee
    # Not logged in: what the step is, and a way to log in.
    assert "Dit doet de werkleider in het portaal" in anonymous
    assert 'href="/accounts/login/"' in anonymous
