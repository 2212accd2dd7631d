"""Demo agreements in every state, an own plan with shared parts, a consent,
and two years of absence history.

Only what is missing is made, so a second run changes nothing.
"""

import datetime
import random

from django.utils import timezone

from portal.models import Employee

from . import absence, services
from .models import (
    Adjustment,
    ContactMoment,
    OwnPlan,
    PlanVersion,
    SickReport,
    ThirdPartyConsent,
)

C, L, F, S = (
    Adjustment.Category,
    Adjustment.Limitation,
    Adjustment.Funding,
    Adjustment.Status,
)

START = datetime.date(2026, 3, 2)

ADJUSTMENTS = {
    "quiet_start": dict(
        category=C.WORKING_HOURS,
        limitation=L.ENERGY,
        agreement="Begint om 9.00 uur in plaats van 7.30 uur, en werkt tot 16.30 uur.",
        responsibilities="De werkleider past het rooster aan; Johan meldt het als het niet past.",
        start_date=START,
        funding=F.NONE,
        status=S.ACTIVE,
    ),
    "fixed_breaks": dict(
        category=C.ENERGY,
        limitation=L.ENERGY,
        agreement="Vaste korte pauze van tien minuten om 11.00 en om 14.30 uur, buiten de hal.",
        responsibilities="Johan neemt de pauze zelf; collega's nemen dan de band over.",
        start_date=START,
        funding=F.NONE,
        status=S.ACTIVE,
    ),
    "one_task": dict(
        category=C.INSTRUCTIONS,
        limitation=L.CONCENTRATION,
        agreement="Eén opdracht tegelijk, op een kaart bij de werkplek, met een voorbeeld erbij.",
        responsibilities="De werkleider legt nieuwe taken uit aan het begin van de dienst.",
        start_date=START,
        funding=F.NONE,
        status=S.ACTIVE,
    ),
    "check_in": dict(
        category=C.SUPERVISION,
        limitation=L.STRESS,
        agreement="Elke maandag om 9.15 uur een kort gesprek van tien minuten over de week.",
        responsibilities="De werkleider plant het gesprek; bij vakantie schuift het een dag.",
        start_date=START,
        funding=F.NONE,
        status=S.ACTIVE,
    ),
    "job_coach": dict(
        category=C.COACHING,
        limitation=L.CHANGE,
        agreement="Een jobcoach komt de eerste drie maanden elke twee weken langs.",
        responsibilities="P&O vraagt de jobcoach aan; de jobcoach plant de afspraken.",
        start_date=START,
        end_date=datetime.date(2026, 6, 1),
        funding=F.JOB_COACH,
        status=S.ENDED,
    ),
    "quiet_room": dict(
        category=C.WORKPLACE,
        limitation=L.CONCENTRATION,
        agreement="Een eigen ruimte met een deur om administratie te doen.",
        responsibilities="",
        start_date=START,
        funding=F.NONE,
        status=S.REFUSED,
        refusal_reason="Er is geen ruimte vrij. In plaats daarvan een vaste plek aan de "
        "stille kant van het kantoor met een koptelefoon.",
    ),
    "buddy": dict(
        category=C.SOCIAL,
        limitation=L.SOCIAL,
        agreement="Een vaste collega als maatje voor vragen, de eerste twee maanden.",
        responsibilities="De werkleider vraagt een collega en stelt ze aan elkaar voor.",
        start_date=START,
        funding=F.NONE,
        status=S.ACTIVE,
    ),
    "phased": dict(
        category=C.PHASED_RETURN,
        limitation=L.ATTENDANCE,
        agreement="Opbouw van 4 naar 6 uur per dag in vier weken, met een gesprek per week.",
        responsibilities="De werkleider en de medewerker kijken elke vrijdag samen terug.",
        start_date=START,
        funding=F.NO_RISK,
        status=S.ACTIVE,
    ),
}

# employee, [(state, [adjustments], days ago agreed or None)], own plan?
PLANS = [
    (
        "Johan",
        "de Vries",
        [
            ("agreed", ["quiet_start", "fixed_breaks", "job_coach"], 230),
            ("proposed", ["quiet_start", "fixed_breaks", "one_task"], None),
        ],
    ),
    ("Fatima", "Bouali", [("draft", ["one_task", "buddy"], None)]),
    ("Dennis", "Kok", [("agreed", ["check_in", "quiet_room"], 170)]),
    ("Anouk", "Peters", [("proposed", ["phased", "check_in"], None)]),
    ("Henk", "Mulder", [("changes_requested", ["quiet_start", "check_in"], None)]),
    ("Bas", "Willems", [("agreed", ["fixed_breaks"], 40)]),
    ("Yara", "Schouten", [("agreed", ["quiet_room", "one_task"], 200)]),
    ("Lisa", "Verbeek", [("agreed", ["check_in", "buddy", "fixed_breaks"], 60)]),
    ("Jeroen", "Dekker", [("draft", ["phased"], None)]),
]


def load(stdout):
    made = 0
    for first, last, steps in PLANS:
        employee = Employee.objects.filter(first_name=first, last_name=last).first()
        if employee is None or services.plan_for(employee).versions.exists():
            continue
        for state, keys, days_ago in steps:
            _version(employee, state, keys, days_ago)
        made += 1
    _own_plan()
    _consent()
    stdout.write(f"Agreements: {made} demo plans made.")
    load_absence(stdout)


def _version(employee, state, keys, days_ago):
    """Make the open version hold exactly these adjustments, then move it to
    the state: what stays keeps its key, so the change shows per adjustment."""
    actor = employee.supervisor
    wanted = {ADJUSTMENTS[key]["agreement"]: ADJUSTMENTS[key] for key in keys}
    agreed = services.latest_agreed(services.plan_for(employee))
    carried = (
        {item.agreement: item.key for item in agreed.adjustments.all()}
        if agreed
        else {}
    )
    for text, key in carried.items():
        if text not in wanted:
            services.delete_adjustment(employee, key, _revision(employee), actor)
    for text, data in wanted.items():
        if text not in carried:
            data = {"end_date": None, "refusal_reason": "", **data}
            services.save_adjustment(employee, data, _revision(employee), actor)
    version = services.open_version(services.plan_for(employee))
    if state == "draft":
        return
    version = services.propose(version, version.revision, actor, notify=False)
    if state == "changes_requested":
        services.request_changes(
            version,
            version.revision,
            employee.user or actor,
            "Kan het maandaggesprek ook op dinsdag? Op maandag is het altijd erg druk.",
            notify=False,
        )
    elif state == "agreed":
        version = services.agree(
            version, version.revision, employee.user or actor, notify=False
        )
        agreed_at = timezone.now() - datetime.timedelta(days=days_ago)
        PlanVersion.objects.filter(pk=version.pk).update(agreed_at=agreed_at)
        plan = version.plan
        plan.next_review_due = services.review_due_after(employee, agreed_at.date())
        plan.save(update_fields=["next_review_due"])


def _revision(employee):
    current = services.open_version(services.plan_for(employee))
    return current.revision if current else 0


def _own_plan():
    employee = Employee.objects.filter(first_name="Johan", last_name="de Vries").first()
    if employee is None or OwnPlan.objects.filter(employee=employee).exists():
        return
    OwnPlan.objects.create(
        employee=employee,
        what_helps="Een vast rooster, weten wat ik die dag ga doen, en rustig uitleg krijgen.",
        triggers="Veel lawaai tegelijk, onverwachte veranderingen in de planning, haast.",
        green_signs="Ik maak grapjes, ik eet mee in de kantine, ik werk in mijn eigen tempo.",
        green_i_do="Op tijd naar bed, op vrijdag wandelen met mijn hond.",
        green_supervisor="Gewoon zoals nu: even vragen hoe het gaat.",
        orange_signs="Ik ben stil, ik eet alleen, ik vergeet dingen en kom later binnen.",
        orange_i_do="Ik zeg het tegen mijn werkleider en neem mijn pauzes echt.",
        orange_supervisor="Vraag rustig hoe het gaat. Geef mij even ander werk, liefst buiten.",
        red_signs="Ik reageer boos of ik meld me vaak ziek.",
        red_i_do="Ik bel mijn vaste contactpersoon buiten het werk.",
        red_supervisor="Bel mij op de dag zelf terug en spreek af wanneer we weer praten. "
        "Geen druk om te komen.",
        rather_not="Niet waar anderen bij zijn aanspreken op fouten.",
        share_what_helps=True,
        share_orange=True,
        share_red=True,
    )


def _consent():
    employee = Employee.objects.filter(first_name="Lisa", last_name="Verbeek").first()
    if employee is None or employee.consents.exists():
        return
    ThirdPartyConsent.objects.create(
        employee=employee,
        name="Mirjam de Haan",
        email="jobcoach@voorbeeld.example",
        role=ThirdPartyConsent.Role.JOB_COACH,
        valid_until=timezone.localdate() + datetime.timedelta(days=90),
        token_hash=ThirdPartyConsent.hash_token(ThirdPartyConsent.new_token()),
    )


# Absence ------------------------------------------------------------------------

REPORT = {
    "expected_duration": "unknown",
    "phone": "",
    "care_address": "",
    "ongoing_work": "",
    "safety_net": False,
    "work_accident": False,
    "third_party_liable": False,
}


def load_absence(stdout):
    """Two years of absence history. Short reports come from a seeded random
    generator, so every machine gets the same figures."""
    if SickReport.objects.exists():
        return
    today = timezone.localdate()
    employees = list(Employee.objects.select_related("supervisor").order_by("pk"))
    chance = random.Random(2026)
    special = {"Henk", "Dennis", "Yara", "Jeroen"}
    for employee in employees:
        if employee.first_name in special:
            continue
        day = today - datetime.timedelta(days=730)
        while True:
            day += datetime.timedelta(days=chance.randint(60, 260))
            length = chance.choice([1, 2, 2, 3, 3, 4, 5, 7, 9, 12, 16, 24])
            if day + datetime.timedelta(days=length) >= today:
                break
            _sick(employee, day, length)
    by_name = {employee.first_name: employee for employee in employees}
    if "Henk" in by_name:
        _long_case(by_name["Henk"], today)
    if "Dennis" in by_name:
        for days_ago, length in ((320, 3), (170, 2), (40, 4)):
            _sick(by_name["Dennis"], today - datetime.timedelta(days=days_ago), length)
    if "Yara" in by_name:
        yara = by_name["Yara"]
        report = absence.report_sick(
            yara,
            {
                **REPORT,
                "first_sick_day": today - datetime.timedelta(days=36),
                "expected_duration": "longer",
            },
            yara.supervisor,
        )
        absence.record_partial_recovery(
            report, today - datetime.timedelta(days=14), 50, yara.supervisor
        )
        _done_until(report.case, today)
    if "Jeroen" in by_name:
        _sick(by_name["Jeroen"], today - datetime.timedelta(days=420), 130)
    stdout.write(f"Absence: {SickReport.objects.count()} demo sick reports.")


def _sick(employee, first_day, length):
    report = absence.report_sick(
        employee, {**REPORT, "first_sick_day": first_day}, employee.supervisor
    )
    absence.record_recovery(
        report, first_day + datetime.timedelta(days=length), employee.supervisor
    )
    _done_until(report.case, report.recovered_on)
    return report


def _long_case(employee, today):
    start = today - datetime.timedelta(weeks=40, days=3)
    report = absence.report_sick(
        employee,
        {
            **REPORT,
            "first_sick_day": start,
            "expected_duration": "longer",
            "phone": "06 12345678",
            "ongoing_work": "Planning van de groendienst overdragen aan Priya.",
        },
        employee.supervisor,
    )
    _done_until(report.case, today - datetime.timedelta(days=10))
    for weeks_ago, kind, text in (
        (
            40,
            ContactMoment.Kind.PHONE,
            "Gebeld op de eerste dag. Afgesproken: elke week "
            "even bellen, op dinsdagochtend.",
        ),
        (
            30,
            ContactMoment.Kind.VISIT,
            "Thuis op bezoek geweest. Het gaat langzaam beter. "
            "Afgesproken: over twee weken samen koffie op het werk.",
        ),
        (
            12,
            ContactMoment.Kind.VIDEO,
            "Plan van aanpak doorgenomen. Henk wil graag twee "
            "ochtenden per week licht werk in de kas proberen.",
        ),
        (
            2,
            ContactMoment.Kind.PHONE,
            "De ochtenden in de kas gaan goed. Volgende stap "
            "bespreken met de bedrijfsarts.",
        ),
    ):
        ContactMoment.objects.create(
            case=report.case,
            contact_on=today - datetime.timedelta(weeks=weeks_ago),
            kind=kind,
            agreements=text,
            recorded_by=employee.supervisor,
            next_contact_on=today
            - datetime.timedelta(weeks=weeks_ago)
            + datetime.timedelta(weeks=1),
        )


def _done_until(case, until):
    """Tick off the steps that were due before a day, on their due date."""
    for step in case.milestones.filter(due_on__lt=until, done_on__isnull=True):
        absence.tick_off(step, step.due_on, case.employee.supervisor)
