from django.urls import include, path

from . import views

app_name = "volunteering"

urlpatterns = [
    path("", views.mission_list, name="mission_list"),
    path("", include("accueil.volunteering.urls_coordination")),
]
