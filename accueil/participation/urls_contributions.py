"""Proposals and the resource library, under the events URLs (/<lang>/events/proposals/, /<lang>/events/resources/)."""

from django.urls import path

from . import views_proposals, views_resources

urlpatterns = [
    path("proposals/", views_proposals.proposal_list, name="proposal_list"),
    path("proposals/new/", views_proposals.proposal_submit, name="proposal_submit"),
    path("proposals/moderation/", views_proposals.proposal_moderation, name="proposal_moderation"),
    path("proposals/<int:pk>/", views_proposals.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/publish/", views_proposals.proposal_publish, name="proposal_publish"),
    path("proposals/<int:pk>/reject/", views_proposals.proposal_reject, name="proposal_reject"),
    path("proposals/<int:pk>/answer/", views_proposals.proposal_answer, name="proposal_answer"),
    path("proposals/<int:pk>/measures/", views_proposals.proposal_link_measures, name="proposal_link_measures"),
    path("resources/", views_resources.resource_list, name="resource_list"),
    path("resources/new/", views_resources.resource_create, name="resource_create"),
    path("resources/<int:pk>/", views_resources.resource_detail, name="resource_detail"),
    path("resources/<int:pk>/edit/", views_resources.resource_edit, name="resource_edit"),
    path("resources/<int:pk>/file/", views_resources.resource_file, name="resource_file"),
    path(
        "resources/<int:pk>/versions/<int:number>/file/",
        views_resources.resource_version_file,
        name="resource_version_file",
    ),
]
