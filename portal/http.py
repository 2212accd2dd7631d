"""HTTP helpers the apps share: the client's address, personal responses."""

from functools import wraps

from allauth.account.adapter import get_adapter
from django.utils.http import url_has_allowed_host_and_scheme


def client_ip(request):
    """The visitor's address as allauth sees it.

    With TRUSTED_PROXY_COUNT > 0 it is the entry that many places from the
    right of X-Forwarded-For (the one the outermost trusted proxy added),
    otherwise REMOTE_ADDR. The portal's own limits and allauth's login
    lockout therefore count the same address.
    """
    return get_adapter(request).get_client_ip(request)


def return_address(request, name, default=""):
    """The address in the request's `name` parameter (POST, then GET) when it
    stays on this site, otherwise `default`: a form may send people back
    where they came from, never to another site."""
    url = request.POST.get(name) or request.GET.get(name) or ""
    if url_has_allowed_host_and_scheme(
        url, {request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


def personal(view):
    """Mark a view's responses as meant for one person.

    SecurityHeadersMiddleware then forbids caching them, as it does for every
    response to a logged-in user. For pages opened with a token by people
    without an account.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.personal = True
        return response

    return wrapped
