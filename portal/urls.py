"""Root URL configuration."""

from django.conf import settings
from django.conf.urls.static import static
from django.shortcuts import redirect
from django.urls import include, path, reverse
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from .views import reading
from .views.health import healthz


def _to_allauth(name):
    def view(request, **kwargs):
        query = request.META.get("QUERY_STRING", "")
        return redirect(reverse(name) + (f"?{query}" if query else ""))

    return view


# One way in: Wagtail's own login and password reset views would log people
# in with a password alone, past allauth's rate limits and two-step
# verification, so their addresses lead to allauth's pages instead. And one
# way out: Wagtail's logout deletes the session cookie even on a GET it
# refuses, leaving the session alive on the server.
ONE_LOGIN = [
    path("cms-admin/login/", _to_allauth("account_login")),
    path("cms-admin/logout/", _to_allauth("account_logout")),
    path("cms-admin/password_reset/", _to_allauth("account_reset_password")),
    path("cms-admin/password_reset/<path:rest>", _to_allauth("account_reset_password")),
    path("_util/login/", _to_allauth("account_login")),
]

urlpatterns = [
    *ONE_LOGIN,
    path("healthz/", healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", reading.set_language, name="set_language"),
    path("cms-admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("portal.routes")),
    path("", include("cms.urls")),
    path("", include("retention.urls")),
    path("", include("chat.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every other path as a page, so it comes last.
urlpatterns.append(path("", include(wagtail_urls)))
