"""The portal's pages in the Wagtail admin, for superusers: organisations,
invitations and the mail queue."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_viewset")
def register_organisations():
    return admin_views.OrganisationViewSet("organisations")


@hooks.register("register_admin_urls")
def register_operations_urls():
    onboarding = [path("", admin_views.invite_view, name="invite")]
    outgoing_mail = [
        path("", admin_views.mail_queue, name="index"),
        path("<int:pk>/retry/", admin_views.mail_retry, name="retry"),
    ]
    return [
        path("invitations/", include((onboarding, "onboarding"))),
        path("outgoing-mail/", include((outgoing_mail, "outgoing_mail"))),
    ]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_admin_menu_item")
def invite_menu_item():
    return SuperuserMenuItem(
        _("Invite someone"), reverse("onboarding:invite"), icon_name="mail", order=810
    )


@hooks.register("register_admin_menu_item")
def mail_menu_item():
    return SuperuserMenuItem(
        _("Outgoing mail"),
        reverse("outgoing_mail:index"),
        icon_name="warning",
        order=820,
    )
