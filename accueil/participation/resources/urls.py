"""The resource library, under the events URLs (/<lang>/events/resources/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("resources/", views.resource_list, name="resource_list"),
    path("resources/new/", views.resource_create, name="resource_create"),
    path("resources/<int:pk>/", views.resource_detail, name="resource_detail"),
    path("resources/<int:pk>/edit/", views.resource_edit, name="resource_edit"),
    path("resources/<int:pk>/file/", views.resource_file, name="resource_file"),
    path(
        "resources/<int:pk>/versions/<int:number>/file/",
        views.resource_version_file,
        name="resource_version_file",
    ),
]
