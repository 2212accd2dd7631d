"""Impossible dates get a clear message on every form that takes a date."""

import datetime
import importlib
import inspect

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from portal.forms import PlausibleDates

pytestmark = pytest.mark.django_db

FORM_MODULES = ["portal.forms", "retention.forms", "chat.forms", "cms.forms"]


def forms_with_dates():
    found = []
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, forms.BaseForm) or cls.__module__ != name:
                continue
            if any(isinstance(f, forms.DateField) for f in cls.base_fields.values()):
                found.append(cls)
    return found


def test_every_form_with_a_date_checks_it():
    classes = forms_with_dates()
    assert len(classes) >= 8
    unchecked = [cls.__name__ for cls in classes if not issubclass(cls, PlausibleDates)]
    assert unchecked == []


def test_hr_cannot_start_an_employment_in_2099(client, team):
    employee = team["employee"]
    client.force_login(team["hr"])
    response = client.post(
        reverse("portal:employee_edit", args=[employee.pk]),
        {
            "first_name": employee.first_name,
            "last_name": employee.last_name,
            "supervisor": team["supervisor"].pk,
            "employment_start": "2099-01-01",
            "part_time_factor": "1.00",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    year = timezone.localdate().year
    assert (
        f"Klopt deze datum? Kies een datum tussen 1 januari {year - 70} en 31 december {year + 5}."
        in html
    )
    employee.refresh_from_db()
    assert employee.employment_start != datetime.date(2099, 1, 1)


def test_a_contact_moment_in_2099_is_refused(client, team, sick_report):
    client.force_login(team["supervisor"])
    response = client.post(
        reverse("retention:contact", args=[team["employee"].pk]),
        {
            "contact_on": timezone.localdate().isoformat(),
            "kind": "phone",
            "agreements": "We bellen volgende week.",
            "next_contact_on": "2099-01-01",
        },
    )
    assert response.status_code == 200
    assert "Klopt deze datum?" in response.content.decode()
