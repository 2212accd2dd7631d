"""Telling the access log that a page showed employees' personal data.

The access log itself lives in the retention app; the portal's own pages
(the HR dashboard, an employee's record, invitations) report what they
showed through this signal, so the portal imports nothing of retention.
"""

from django.dispatch import Signal

# Sent with: actor (the user), employees (Employee objects or ids),
# subject (an AccessLogEntry.Subject value), action ("view" or another).
personal_data_shown = Signal()

OVERVIEW = "overview"
EMPLOYMENT = "employment"


def shown(actor, employees, subject, action="view"):
    personal_data_shown.send(
        sender=None, actor=actor, employees=employees, subject=subject, action=action
    )
