"""URLs of the guidance site outside the page tree."""

from django.urls import path

from . import views

app_name = "cms"

urlpatterns = [
    path("zoeken/", views.search, name="search"),
    path("oefeningen/energie/", views.energy_exercise, name="energy_exercise"),
]
