"""Evaluation pages under /<lang>/evaluation/."""

from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("", views.index, name="index"),
    path("frameworks/<slug:key>/<str:version>/", views.framework_detail, name="framework"),
    path("crosswalk/", views.crosswalk, name="crosswalk"),
    path("compare/", views.compare, name="compare"),
    path("compare.<str:fmt>", views.compare_export, name="compare_export"),
    path("profile/", views.profile, name="profile"),
    path("assessments/new/", views.assessment_create, name="assessment_create"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/questions/<str:code>/", views.question, name="question"),
    path("assessments/<int:pk>/questions/<str:code>/evidence/", views.evidence_add, name="evidence_add"),
    path("assessments/<int:pk>/questions/<str:code>/review/", views.review_comment, name="review_comment"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("assessments/<int:pk>/submit/", views.assessment_submit, name="submit"),
    path("assessments/<int:pk>/take-review/", views.review_take, name="review_take"),
    path("assessments/<int:pk>/close-review/", views.review_complete, name="review_complete"),
    path("assessments/<int:pk>/publish/", views.assessment_publish, name="publish"),
    path("practices/", views.practice_list, name="practices"),
    path("practices/new/", views.practice_create, name="practice_create"),
    path("practices/<int:pk>/", views.practice_detail, name="practice"),
    path("practices/<int:pk>/exchange/", views.exchange_request, name="exchange_request"),
    path("exchanges/<int:pk>/answer/", views.exchange_answer, name="exchange_answer"),
]
