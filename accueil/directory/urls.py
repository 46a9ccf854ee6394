from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.service_detail, name="service_detail"),
    path("<int:pk>/report/", views.service_report, name="service_report"),
    path("manage/<slug:slug>/", views.manage, name="manage"),
    path("manage/<slug:slug>/new/", views.service_create, name="service_create"),
    path("manage/<slug:slug>/places/new/", views.place_create, name="place_create"),
    path("edit/<int:pk>/", views.service_edit, name="service_edit"),
    path("edit/<int:pk>/hours/", views.service_hours, name="service_hours"),
    path("edit/<int:pk>/closures/", views.service_closure_add, name="service_closure_add"),
    path(
        "edit/<int:pk>/closures/<int:closure_pk>/remove/", views.service_closure_remove, name="service_closure_remove"
    ),
    path("edit/<int:pk>/verify/", views.service_verify, name="service_verify"),
    path("reports/<int:pk>/resolve/", views.report_resolve, name="report_resolve"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/<int:pk>/publish/", views.service_publish, name="service_publish"),
    path("gaps/", views.gaps, name="gaps"),
]
