"""URL patterns of the portal's own pages (namespace "portal")."""

from django.urls import path

from .views import account, dashboards, invitations, organisation, reading

app_name = "portal"

urlpatterns = [
    path("dashboard/", dashboards.dashboard, name="dashboard"),
    path("werkgever/", dashboards.hr_dashboard, name="hr_dashboard"),
    path(
        "werkgever/medewerkers/nieuw/",
        organisation.employee_create,
        name="employee_create",
    ),
    path(
        "werkgever/medewerkers/<int:pk>/",
        organisation.employee_edit,
        name="employee_edit",
    ),
    path(
        "werkgever/medewerkers/<int:pk>/uit-dienst/",
        organisation.employee_end,
        name="employee_end",
    ),
    path(
        "werkgever/uitnodigingen/", organisation.invitation_list, name="invitation_list"
    ),
    path(
        "werkgever/uitnodigingen/<int:pk>/intrekken/",
        organisation.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "werkgever/organisatie/<int:pk>/",
        organisation.organisation_settings,
        name="organisation_settings",
    ),
    path("uitnodiging/<str:token>/", invitations.invitation, name="invitation"),
    path("voorkeur/eenvoudige-taal/", reading.easy_read, name="easy_read"),
    path("mijn-account/", account.account, name="account"),
]
