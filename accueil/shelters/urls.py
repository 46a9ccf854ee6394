from django.urls import path

from . import views

app_name = "shelters"

urlpatterns = [
    path("places/", views.places, name="places"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/reserve/", views.reserve, name="reserve"),
    path("reservations/<int:pk>/cancel/", views.reservation_cancel, name="reservation_cancel"),
    path("sites/", views.site_list, name="site_list"),
    path("sites/<int:pk>/", views.site_detail, name="site_detail"),
    path("sites/<int:pk>/confirm/", views.site_confirm, name="site_confirm"),
    path("sites/<int:pk>/units/", views.unit_create, name="unit_create"),
    path("sites/<int:pk>/units/<int:unit_pk>/edit/", views.unit_edit, name="unit_edit"),
    path("sites/<int:pk>/beds/<int:bed_pk>/arrival/", views.bed_arrival, name="bed_arrival"),
    path("sites/<int:pk>/beds/<int:bed_pk>/departure/", views.bed_departure, name="bed_departure"),
    path("sites/<int:pk>/beds/<int:bed_pk>/status/", views.bed_status, name="bed_status"),
    path("buildings/", views.building_list, name="building_list"),
    path("buildings/<int:pk>/", views.building_detail, name="building_detail"),
    path("departements/", views.departements, name="departements"),
]
