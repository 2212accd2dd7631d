"""'Did this help?': stored without personal data, bad input explained."""

import pytest

from cms.models import GuidanceFeedback
from cms.services import FEEDBACK_PER_HOUR, scrub
from tests.cms.factories import GuidancePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(hub):
    return GuidancePageFactory(parent=hub, title="Energie verdelen")


def feedback_url(page):
    return page.url + "feedback/"


def test_an_answer_is_stored_with_no_personal_data(client, page):
    response = client.post(
        feedback_url(page),
        {"helpful": "ja", "comment": "Duidelijk!"},
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302
    assert response.url.endswith("?feedback=bedankt#feedback")
    item = GuidanceFeedback.objects.get()
    assert (item.page_id, item.helpful, item.comment) == (page.pk, True, "Duidelijk!")
    fields = {field.name for field in GuidanceFeedback._meta.get_fields()}
    assert fields == {"id", "page", "helpful", "comment", "created_on"}
    assert "Bedankt!" in client.get(response.url).content.decode()


def test_no_answer_is_refused_with_a_clear_message(client, page):
    response = client.post(feedback_url(page), {"comment": "hoi"})
    assert response.status_code == 400
    assert "Kies ja of nee." in response.content.decode()
    assert not GuidanceFeedback.objects.exists()


def test_a_too_long_comment_is_refused(client, page):
    response = client.post(
        feedback_url(page), {"helpful": "nee", "comment": "x" * 1001}
    )
    assert response.status_code == 400
    assert "korter dan 1000 tekens" in response.content.decode()
    assert not GuidanceFeedback.objects.exists()


def test_a_strange_answer_is_refused(client, page):
    response = client.post(feedback_url(page), {"helpful": "misschien"})
    assert response.status_code == 400
    assert not GuidanceFeedback.objects.exists()


def test_contact_details_are_removed_from_comments():
    assert scrub("Mail me op jan@voorbeeld.nl of bel 06-12345678") == (
        "Mail me op [verwijderd] of bel [verwijderd]"
    )
    assert scrub("Bel +31 20 123 4567 aub") == "Bel [verwijderd] aub"
    assert scrub("Stap 3 van 10 was fijn") == "Stap 3 van 10 was fijn"


def test_flooding_is_limited(client, page):
    for _ in range(FEEDBACK_PER_HOUR):
        client.post(feedback_url(page), {"helpful": "ja"})
    response = client.post(feedback_url(page), {"helpful": "ja"})
    assert response.status_code == 400
    assert "al ontvangen" in response.content.decode()
    assert GuidanceFeedback.objects.count() == FEEDBACK_PER_HOUR


def test_behind_a_load_balancer_each_visitor_has_their_own_limit(
    client, page, settings
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1

    def post(forwarded_for):
        return client.post(
            feedback_url(page),
            {"helpful": "ja"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    for _ in range(FEEDBACK_PER_HOUR):
        assert post("203.0.113.7").status_code == 302
    assert post("203.0.113.7").status_code == 400
    # A made-up first entry does not give the same visitor a fresh limit.
    assert post("6.6.6.6, 203.0.113.7").status_code == 400
    assert post("203.0.113.8").status_code == 302


def test_a_get_of_the_feedback_address_goes_back_to_the_page(client, page):
    response = client.get(feedback_url(page))
    assert response.status_code == 302 and response.url == page.url
