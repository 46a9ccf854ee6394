"""URLs of the HSDS 3.0 API, mounted at /api/hsds/ outside the language prefix."""

from django.urls import path

from . import hsds_views

app_name = "hsds"

urlpatterns = [
    path("", hsds_views.root, name="root"),
    path("services", hsds_views.services, name="services"),
    path("services/<str:pk>", hsds_views.service, name="service"),
    path("organizations", hsds_views.organizations, name="organizations"),
    path("organizations/<str:pk>", hsds_views.organization, name="organization"),
    path("taxonomies", hsds_views.taxonomies, name="taxonomies"),
    path("taxonomy_terms", hsds_views.taxonomy_terms, name="taxonomy_terms"),
    path("export.zip", hsds_views.export_csv, name="export"),
]
