"""Demo organisations, people and accounts for every role."""

from datetime import date

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from .access import HELPDESK_GROUP
from .models import Employee, Membership, Organisation, User

DEMO_PASSWORD = "werkbehoud-demo"

ORGANISATIONS = {
    "linde": ("Werkbedrijf De Linde", Organisation.Kind.SW_COMPANY),
    "vandam": ("Van Dam Installatietechniek", Organisation.Kind.REGULAR),
}

# email, first name, last name, organisation key or None, role or group
ACCOUNTS = [
    ("pz@delinde.example", "Petra", "Zijlstra", "linde", Membership.Role.HR),
    (
        "werkleider@delinde.example",
        "Sandra",
        "Bakker",
        "linde",
        Membership.Role.SUPERVISOR,
    ),
    (
        "werkleider2@delinde.example",
        "Karim",
        "El Amrani",
        "linde",
        Membership.Role.SUPERVISOR,
    ),
    (
        "medewerker@delinde.example",
        "Johan",
        "de Vries",
        "linde",
        Membership.Role.EMPLOYEE,
    ),
    ("pz@vandam.example", "Ingrid", "van Dam", "vandam", Membership.Role.HR),
    (
        "leidinggevende@vandam.example",
        "Marco",
        "Jansen",
        "vandam",
        Membership.Role.SUPERVISOR,
    ),
    (
        "medewerker@vandam.example",
        "Lisa",
        "Verbeek",
        "vandam",
        Membership.Role.EMPLOYEE,
    ),
    ("vraagbaak@werkbehoud.example", "Noor", "Hendriks", None, HELPDESK_GROUP),
    ("vraagbaak2@werkbehoud.example", "Ruben", "Smit", None, HELPDESK_GROUP),
    ("redacteur@werkbehoud.example", "Eva", "de Boer", None, "Editors"),
    ("eindredacteur@werkbehoud.example", "Tom", "Visser", None, "Moderators"),
]

# first name, last name, organisation key, supervisor email, employed since,
# account email (for the employees who log in)
EMPLOYEES = [
    (
        "Johan",
        "de Vries",
        "linde",
        "werkleider@delinde.example",
        date(2019, 3, 1),
        "medewerker@delinde.example",
    ),
    ("Fatima", "Bouali", "linde", "werkleider@delinde.example", date(2021, 9, 1), None),
    ("Dennis", "Kok", "linde", "werkleider@delinde.example", date(2017, 1, 16), None),
    ("Anouk", "Peters", "linde", "werkleider@delinde.example", date(2022, 5, 2), None),
    ("Henk", "Mulder", "linde", "werkleider@delinde.example", date(2015, 6, 1), None),
    ("Priya", "Ramdin", "linde", "werkleider@delinde.example", date(2023, 2, 13), None),
    ("Bas", "Willems", "linde", "werkleider2@delinde.example", date(2020, 11, 2), None),
    (
        "Yara",
        "Schouten",
        "linde",
        "werkleider2@delinde.example",
        date(2018, 4, 9),
        None,
    ),
    (
        "Kees",
        "Brouwer",
        "linde",
        "werkleider2@delinde.example",
        date(2016, 8, 22),
        None,
    ),
    ("Sevda", "Yilmaz", "linde", "werkleider2@delinde.example", date(2024, 1, 8), None),
    (
        "Wim",
        "de Graaf",
        "linde",
        "werkleider2@delinde.example",
        date(2012, 10, 1),
        None,
    ),
    (
        "Lisa",
        "Verbeek",
        "vandam",
        "leidinggevende@vandam.example",
        date(2020, 2, 3),
        "medewerker@vandam.example",
    ),
    (
        "Jeroen",
        "Dekker",
        "vandam",
        "leidinggevende@vandam.example",
        date(2014, 5, 19),
        None,
    ),
    (
        "Sanne",
        "Vos",
        "vandam",
        "leidinggevende@vandam.example",
        date(2022, 8, 29),
        None,
    ),
    (
        "Mohamed",
        "Amrani",
        "vandam",
        "leidinggevende@vandam.example",
        date(2019, 12, 2),
        None,
    ),
    (
        "Ilse",
        "Koster",
        "vandam",
        "leidinggevende@vandam.example",
        date(2021, 3, 15),
        None,
    ),
]


def load(stdout):
    organisations = {
        key: Organisation.objects.update_or_create(name=name, defaults={"kind": kind})[
            0
        ]
        for key, (name, kind) in ORGANISATIONS.items()
    }
    users = {}
    for email, first_name, last_name, org_key, role in ACCOUNTS:
        user = _account(email, first_name, last_name)
        users[email] = user
        if org_key:
            Membership.objects.get_or_create(
                user=user, organisation=organisations[org_key], role=role
            )
        else:
            user.groups.add(Group.objects.get_or_create(name=role)[0])
    superuser = _account("beheer@werkbehoud.example", "Beheer", "Werkbehoud")
    superuser.is_staff = superuser.is_superuser = True
    superuser.save(update_fields=["is_staff", "is_superuser"])

    for first, last, org_key, supervisor, since, account in EMPLOYEES:
        Employee.objects.update_or_create(
            organisation=organisations[org_key],
            first_name=first,
            last_name=last,
            defaults={
                "supervisor": users[supervisor],
                "employment_start": since,
                "user": users.get(account),
            },
        )

    stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
    for email, _first, _last, org_key, role in ACCOUNTS:
        where = ORGANISATIONS[org_key][0] if org_key else "Werkbehoud"
        stdout.write(f"  {email:36} {role:12} {where}")
    stdout.write(f"  {'beheer@werkbehoud.example':36} {'superuser':12} Werkbehoud")


def _account(email, first_name, last_name):
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name}
    )
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user
