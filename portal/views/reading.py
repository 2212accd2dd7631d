"""Switch easy language on or off, and go back to the page."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..http import return_address
from ..reading import remember_easy_read


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
