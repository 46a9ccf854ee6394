"""Coordination and proposal pages; included by ``accueil.volunteering.urls`` (namespace "volunteering")."""

from django.urls import path

from . import views_coordination as views

urlpatterns = [
    path("coordination/", views.dashboard, name="coordination"),
    path("coordination/fill/", views.fill, name="coordination_fill"),
    path("coordination/proposals/", views.coordination_proposals, name="coordination_proposals"),
    path("proposals/", views.my_proposals, name="proposals"),
    path("proposals/<int:pk>/answer/", views.proposal_answer, name="proposal_answer"),
    path("recommended/", views.recommended, name="recommended"),
]
