"""The demo (DEBUG on) shows the portal's own Dutch 404 and 500 pages."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_a_missing_page_is_the_portals_own_404(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'lang="nl"' in html
    assert "Werkbehoud" in html
    assert "Using the URLconf" not in html  # Django's technical page


@override_settings(DEBUG=True)
def test_a_server_error_is_the_portals_own_500(client, monkeypatch, caplog):
    from cms import views

    def broken(request):
        raise RuntimeError("kapot")

    monkeypatch.setattr(views, "clean_query", lambda text: broken(None))
    client.raise_request_exception = False
    response = client.get("/zoeken/?q=energie")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Werkbehoud" in html and "Traceback" not in html
    assert "kapot" in caplog.text  # the developer finds it in the log


@override_settings(DEBUG=True, WERKBEHOUD_TECHNICAL_ERROR_PAGES=True)
def test_a_developer_can_ask_for_djangos_pages(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Request URL:" in response.content.decode()


def test_an_unknown_host_gets_the_portals_400_page(client):
    """Refused before anyone is logged in: the page renders without a user."""
    client.raise_request_exception = False
    response = client.get("/", HTTP_HOST="elders.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'lang="nl"' in html
    assert "Werkbehoud" in html
