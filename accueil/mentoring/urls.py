from django.urls import path

from . import views

app_name = "mentoring"

urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/<int:org_pk>/", views.beneficiary_list, name="beneficiary_list"),
    path("organisations/<int:org_pk>/new/", views.beneficiary_create, name="beneficiary_create"),
    path("organisations/<int:org_pk>/propose/", views.propose, name="propose"),
    path("beneficiaries/<int:pk>/", views.beneficiary_detail, name="beneficiary_detail"),
    path("beneficiaries/<int:pk>/edit/", views.beneficiary_edit, name="beneficiary_edit"),
    path("beneficiaries/<int:pk>/close/", views.beneficiary_close, name="beneficiary_close"),
    path("mentorships/<int:pk>/", views.mentorship_detail, name="mentorship_detail"),
    path(
        "mentorships/<int:pk>/<str:action>/",
        views.mentorship_action,
        name="mentorship_action",
    ),
]
