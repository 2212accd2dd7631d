"""URL patterns of the portal's own pages (namespace "portal")."""

from django.urls import path

from .views import dashboards, invitations, organisation

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
        "werkgever/uitnodigingen/", organisation.invitation_list, name="invitation_list"
    ),
    path(
        "werkgever/uitnodigingen/<int:pk>/intrekken/",
        organisation.invitation_revoke,
        name="invitation_revoke",
    ),
    path("werkleider/", dashboards.supervisor_dashboard, name="supervisor_dashboard"),
    path("medewerker/", dashboards.employee_dashboard, name="employee_dashboard"),
    path("vraagbaak/", dashboards.helpdesk_dashboard, name="helpdesk_dashboard"),
    path("uitnodiging/<str:token>/", invitations.invitation, name="invitation"),
]
