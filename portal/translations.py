"""Texts of Django's own apps that the portal shows, kept in the portal's
Dutch catalogue (read before the apps' own) so they say "je", as the rest
of the portal does, instead of "u". Never called: makemessages reads it."""

from django.utils.translation import gettext, ngettext


def _catalogue():  # pragma: no cover
    gettext("Your old password was entered incorrectly. Please enter it again.")
    ngettext(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        0,
    )
    gettext("Your password can’t be too similar to your other personal information.")
    gettext("Your password can’t be a commonly used password.")
    gettext("Your password can’t be entirely numeric.")
