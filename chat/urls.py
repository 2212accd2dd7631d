"""URLs of the chat (namespace "chat")."""

from django.urls import path

from . import views

app_name = "chat"

urlpatterns = [
    path("vraag/", views.start, name="start"),
    path("vraag/<int:pk>/", views.conversation, name="conversation"),
    path("vraag/<int:pk>/sluiten/", views.asker_close, name="asker_close"),
    path("vraag/<int:pk>/beoordelen/", views.rate, name="rate"),
    path("vraagbaak/", views.helpdesk, name="helpdesk"),
    path("vraagbaak/volgende/", views.claim_next, name="claim_next"),
    path("vraagbaak/gesprekken/<int:pk>/", views.agent_view, name="agent_conversation"),
    path("vraagbaak/gesprekken/<int:pk>/aannemen/", views.claim, name="claim"),
    path("vraagbaak/gesprekken/<int:pk>/overdragen/", views.transfer, name="transfer"),
    path(
        "vraagbaak/gesprekken/<int:pk>/sluiten/", views.agent_close, name="agent_close"
    ),
    path("vraagbaak/gesprekken/<int:pk>/verwijderen/", views.delete, name="delete"),
]
