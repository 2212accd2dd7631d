"""Invite someone from the command line: the first HR person of a new
employer, or helpdesk and editorial staff. The Wagtail admin has the same
under "Invite someone"; this is for a first installation with no superuser
yet, or for scripts.

    python manage.py invite pz@werkbedrijf.nl --role hr \\
        --organisation "Werkbedrijf Noord" --kind sw
    python manage.py invite adviseur@werkbehoud.nl --role helpdesk
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.models import Invitation, Organisation
from portal.services import invite


class Command(BaseCommand):
    help = "Invite someone by email; creates the organisation when --kind is given."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", required=True, choices=Invitation.Role.values)
        parser.add_argument("--organisation", help="Name of the employer.")
        parser.add_argument(
            "--kind",
            choices=Organisation.Kind.values,
            help="Create the organisation with this kind if it does not exist.",
        )

    @transaction.atomic
    def handle(self, email, role, organisation=None, kind=None, **options):
        if role in Invitation.GROUPS:
            if organisation:
                raise CommandError(
                    f"A {role} works for Werkbehoud: leave out --organisation."
                )
            employer = None
        else:
            if not organisation:
                raise CommandError(f"Say which --organisation the {role} works at.")
            employer = Organisation.objects.filter(name=organisation).first()
            if employer is None:
                if not kind:
                    raise CommandError(
                        f"There is no organisation {organisation!r}. Add --kind "
                        f"({' or '.join(Organisation.Kind.values)}) to create it."
                    )
                employer = Organisation.objects.create(name=organisation, kind=kind)
                self.stdout.write(f"Organisation created: {employer.name}")
        invitation = invite(
            organisation=employer, email=email, role=role, invited_by=None
        )
        self.stdout.write(
            f"Invitation queued for {invitation.email} ({invitation.get_role_display()}"
            f", {invitation.inviter_name}); the worker sends it."
        )
