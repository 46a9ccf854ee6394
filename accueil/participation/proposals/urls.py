"""Proposals, under the events URLs (/<lang>/events/proposals/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/new/", views.proposal_submit, name="proposal_submit"),
    path("proposals/moderation/", views.proposal_moderation, name="proposal_moderation"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/publish/", views.proposal_publish, name="proposal_publish"),
    path("proposals/<int:pk>/reject/", views.proposal_reject, name="proposal_reject"),
    path("proposals/<int:pk>/answer/", views.proposal_answer, name="proposal_answer"),
    path("proposals/<int:pk>/measures/", views.proposal_link_measures, name="proposal_link_measures"),
]
