"""Switch easy language on or off, and go back to the page."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from ..csrf import open_to_visitors
from ..http import return_address
from ..reading import remember_easy_read


@open_to_visitors
@require_POST
def easy_read(request):
    on = request.POST.get("eenvoudige_taal") == "aan"
    messages.success(
        request,
        _("Easy language is on: you see the short version first.")
        if on
        else _("Easy language is off."),
    )
    response = redirect(return_address(request, "next", default="/"))
    return remember_easy_read(request, response, on)


@open_to_visitors
def set_language(request):
    """Django's language switch, open to visitors without a CSRF token."""
    return django_set_language(request)
