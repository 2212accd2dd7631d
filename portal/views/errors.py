"""Error pages the portal renders itself."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    """The form's security check failed (CSRF_FAILURE_VIEW).

    Mostly a form left open past the session, or cookies switched off; the
    page says what to do in plain words. The technical reason is logged by
    Django (django.security.csrf), not shown.
    """
    return render(request, "403_csrf.html", status=403)
