"""City onboarding pages under /<lang>/cities/."""

from django.urls import path

from . import views

app_name = "territories"

urlpatterns = [
    path("", views.city_list, name="city_list"),
    path("new/", views.city_create, name="city_create"),
    path("setup/", views.city_setup, name="setup"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation"),
    path("<slug:slug>/", views.city_detail, name="city"),
    path("<slug:slug>/districts/", views.districts_import, name="districts_import"),
    path("<slug:slug>/coordinators/", views.coordinator_invite, name="coordinator_invite"),
]
