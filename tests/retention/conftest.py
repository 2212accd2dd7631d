import datetime

from retention import services

ADJUSTMENT = {
    "category": "energy",
    "limitation": "energy",
    "agreement": "Vaste pauze om 11.00 uur, tien minuten buiten.",
    "responsibilities": "De werkleider plant de vervanging.",
    "start_date": datetime.date(2026, 3, 2),
    "end_date": None,
    "funding": "none",
    "status": "active",
    "refusal_reason": "",
}


def adjustment(**changes):
    return {**ADJUSTMENT, **changes}


def revision(employee):
    current = services.open_version(services.plan_for(employee))
    return current.revision if current else 0


def add(employee, user, **changes):
    return services.save_adjustment(
        employee, adjustment(**changes), revision(employee), user
    )


def proposed(employee, user, *changes_list):
    for changes in changes_list or ({},):
        add(employee, user, **changes)
    version = services.open_version(services.plan_for(employee))
    return services.propose(version, version.revision, user, notify=False)


def agreed(employee, user, *changes_list):
    version = proposed(employee, user, *changes_list)
    return services.agree(version, version.revision, employee.user, notify=False)
