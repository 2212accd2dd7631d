"""URLs of the retention app (namespace "retention")."""

from django.urls import path

from .views import absence, consent, dashboards, employee, plans

app_name = "retention"

BASE = "medewerkers/<int:employee_id>/afspraken/"

urlpatterns = [
    path("werkleider/", dashboards.team, name="team"),
    path("medewerker/", dashboards.home, name="home"),
    path(
        "medewerker/werkgever-kiezen/",
        dashboards.choose_employment,
        name="choose_employment",
    ),
    path(BASE, plans.plan, name="plan"),
    path(BASE + "aanpassing/nieuw/", plans.adjustment_form, name="adjustment_create"),
    path(
        BASE + "aanpassing/<uuid:key>/", plans.adjustment_form, name="adjustment_edit"
    ),
    path(
        BASE + "aanpassing/<uuid:key>/verwijderen/",
        plans.adjustment_delete,
        name="adjustment_delete",
    ),
    path(BASE + "voorstellen/", plans.propose, name="propose"),
    path(BASE + "intrekken/", plans.withdraw, name="withdraw"),
    path(BASE + "versie/<int:number>/", plans.version_detail, name="version"),
    path(BASE + "evaluatie/", plans.review, name="review"),
    path("medewerkers/<int:employee_id>/verzuim/", absence.overview, name="absence"),
    path(
        "medewerkers/<int:employee_id>/verzuim/ziekmelding/",
        absence.sick_call,
        name="sick_call",
    ),
    path(
        "medewerkers/<int:employee_id>/verzuim/melding/<int:report_id>/",
        absence.correct,
        name="sick_report_edit",
    ),
    path(
        "medewerkers/<int:employee_id>/verzuim/melding/<int:report_id>/herstel/",
        absence.recovery,
        name="recovery",
    ),
    path(
        "medewerkers/<int:employee_id>/verzuim/melding/<int:report_id>/gedeeltelijk/",
        absence.partial_recovery,
        name="partial_recovery",
    ),
    path(
        "medewerkers/<int:employee_id>/verzuim/contact/",
        absence.contact,
        name="contact",
    ),
    path(
        "medewerkers/<int:employee_id>/verzuim/stap/<int:milestone_id>/",
        absence.milestone,
        name="milestone",
    ),
    path(
        "medewerkers/<int:employee_id>/verzuim/evaluaties/",
        absence.evaluation_weeks,
        name="evaluation_weeks",
    ),
    path(
        "medewerkers/<int:employee_id>/verzuim/dossier/<int:case_id>/",
        absence.case_file,
        name="case_file",
    ),
    path("werkgever/verzuimcijfers/", absence.figures_page, name="figures"),
    path("werkgever/verzuimcijfers/csv/", absence.figures_csv, name="figures_csv"),
    path("mijn-verzuim/", absence.my_absence, name="my_absence"),
    path("mijn-afspraken/", employee.my_plan, name="my_plan"),
    path("mijn-afspraken/akkoord/", employee.agree, name="agree"),
    path("mijn-afspraken/wijziging/", employee.request_changes, name="request_changes"),
    path("mijn-afspraken/versie/<int:number>/", employee.my_version, name="my_version"),
    path("mijn-afspraken/afdrukken/", employee.print_plan, name="print"),
    path("mijn-afspraken/inzage/", employee.consents, name="consents"),
    path(
        "mijn-afspraken/inzage/<int:pk>/stoppen/",
        employee.consent_revoke,
        name="consent_revoke",
    ),
    path("mijn-plan/", employee.own_plan, name="own_plan"),
    path("mijn-plan/toevoegen/", employee.own_plan_import, name="own_plan_import"),
    path("mijn-plan/vertellen/", employee.disclosure, name="disclosure"),
    path("mijn-plan/gesprek/", employee.conversation_prep, name="conversation_prep"),
    path("mijn-gegevens/", employee.my_data, name="my_data"),
    path("mijn-gegevens/download/", employee.my_data_download, name="my_data_download"),
    path("inzage/<str:token>/", consent.consent_view, name="consent_view"),
]
