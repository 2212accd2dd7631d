"""Logs an operator can use: one JSON line per event with time, level,
request id and user id, never names or typed text; client errors without a
traceback, server errors with one; error reports without form data."""

import json
import logging

import pytest
from django.test import RequestFactory
from django.urls import reverse

from portal.logs import (
    JsonFormatter,
    NoFormDataFilter,
    NoTracebackForClientErrors,
    RequestContextFilter,
)
from portal.settings.env import admins, start_error_tracking

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines():
    """What the console handler would write, as parsed JSON lines."""
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep()
    handler.addFilter(RequestContextFilter())
    handler.addFilter(NoTracebackForClientErrors())
    for name in ("", "django.request"):
        logging.getLogger(name).addHandler(handler)
    formatter = JsonFormatter()
    yield lambda: [json.loads(formatter.format(record)) for record in records]
    for name in ("", "django.request"):
        logging.getLogger(name).removeHandler(handler)


def request_lines(entries):
    return [e for e in entries if e["logger"] == "werkbehoud.requests"]


def test_each_request_writes_one_line_with_its_id_and_the_users_id(client, team, lines):
    client.force_login(team["supervisor"])
    response = client.get(reverse("retention:team"))
    [entry] = request_lines(lines())
    assert entry["request_id"] == response["X-Request-ID"]
    assert entry["user_id"] == team["supervisor"].pk
    assert (entry["method"], entry["path"], entry["status_code"]) == (
        "GET",
        "/werkleider/",
        200,
    )
    assert entry["level"] == "INFO" and entry["time"].endswith("Z")
    assert isinstance(entry["duration_ms"], float)


def test_no_names_or_typed_words_reach_the_log(client, team, lines):
    client.force_login(team["supervisor"])
    client.get("/zoeken/", {"q": "burn-out van Johan"})
    client.get(reverse("retention:absence", args=[team["employee"].pk]))
    text = json.dumps(lines())
    for private in ("burn-out", "Johan", "de Vries", team["supervisor"].email):
        assert private not in text


def test_a_request_id_from_the_load_balancer_is_kept_and_junk_is_replaced(
    client, lines
):
    kept = client.get("/healthz/", HTTP_X_REQUEST_ID="lb-2f6c1e0a9b")
    assert kept["X-Request-ID"] == "lb-2f6c1e0a9b"
    junk = client.get("/healthz/", HTTP_X_REQUEST_ID="<script>")
    assert junk["X-Request-ID"] != "<script>" and len(junk["X-Request-ID"]) == 32


def test_client_errors_have_no_traceback(client, team, lines):
    client.force_login(team["employee"].user)
    assert client.get(reverse("portal:hr_dashboard")).status_code == 403
    warnings = [e for e in lines() if e["logger"] == "django.request"]
    assert warnings and all("traceback" not in e for e in warnings)


def test_server_errors_have_one(client, lines, monkeypatch):
    from cms import views

    def broken(request):
        raise RuntimeError("kapot")

    monkeypatch.setattr(views, "clean_query", broken)
    client.raise_request_exception = False
    assert client.get("/zoeken/", {"q": "x"}).status_code == 500
    [error] = [e for e in lines() if e["logger"] == "django.request"]
    assert error["level"] == "ERROR"
    assert "RuntimeError: kapot" in error["traceback"]
    assert error["request_id"]


def test_error_reports_leave_out_form_data():
    request = RequestFactory().post(
        "/medewerkers/1/verzuim/contact/", {"agreements": "Johan heeft griep"}
    )
    report = NoFormDataFilter().get_post_parameters(request)
    assert "griep" not in json.dumps(report)
    assert list(report) == ["agreements"]


def test_admins_and_error_tracking_come_from_the_environment():
    assert admins("") == []
    assert admins("Beheer <beheer@werkbehoud.example>, ops@werkbehoud.example") == [
        ("Beheer", "beheer@werkbehoud.example"),
        ("ops@werkbehoud.example", "ops@werkbehoud.example"),
    ]
    assert start_error_tracking("") is False
