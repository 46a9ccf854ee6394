from django.urls import path

from . import views

app_name = "hosting"

urlpatterns = [
    path("", views.home, name="home"),
    path("offer/", views.offer_create, name="offer_create"),
    path("offers/<int:pk>/", views.offer_detail, name="offer_detail"),
    path("offers/<int:pk>/edit/", views.offer_edit, name="offer_edit"),
    path("offers/<int:pk>/status/", views.offer_status, name="offer_status"),
    path("proposals/<int:pk>/answer/", views.proposal_answer, name="proposal_answer"),
    path("association/", views.association, name="association"),
    path("matching/", views.matching_run, name="matching_run"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<int:pk>/", views.household_detail, name="household_detail"),
    path("stays/<int:pk>/", views.stay_detail, name="stay_detail"),
    path("stays/<int:pk>/followups/<int:item>/", views.stay_action, {"action": "followup"}, name="followup_record"),
    path("stays/<int:pk>/cases/<int:item>/close/", views.stay_action, {"action": "close"}, name="incident_close"),
    path("stays/<int:pk>/<str:action>/", views.stay_action, name="stay_action"),
    path("overview/", views.overview, name="overview"),
]
