"""Plan pages under /<lang>/plan/."""

from django.urls import path

from . import views, views_manage

app_name = "plan"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("how-progress-is-computed/", views.rules, name="rules"),
    path("commitments/<int:number>/", views.commitment_detail, name="commitment"),
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
    path("measures/<int:pk>/status/", views.measure_status, name="measure_status"),
    path("who-does-what/", views.who_does_what, name="who_does_what"),
    path("pledges/", views.pledges, name="pledges"),
    path("export/<slug:dataset>.<slug:fmt>", views.export, name="export"),
    path("reviews/", views.review_list, name="reviews"),
    path("reviews/new/", views.review_create, name="review_create"),
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path("reviews/<int:pk>/freeze/", views.review_freeze, name="review_freeze"),
    path("reviews/<int:pk>/decisions/", views.decision_add, name="decision_add"),
    path("reviews/<int:pk>/actions/", views.action_item_add, name="action_item_add"),
    path("actions/<int:pk>/status/", views.action_item_status, name="action_item_status"),
    path("reviews/<int:pk>/report/", views.review_report, name="report"),
    path("reviews/<int:pk>/report.pdf", views.review_report_pdf, name="report_pdf"),
    path("mine/", views.mine, name="mine"),
    path("manage/tree/", views.tree_manage, name="tree_manage"),
    path("manage/commitments/new/", views.commitment_add, name="commitment_add"),
    path("manage/commitments/<int:number>/measures/new/", views.measure_create, name="measure_create"),
    path("manage/measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("manage/measures/<int:pk>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("manage/indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/values/", views.indicator_values, name="indicator_values"),
    path("manage/measures/<int:pk>/budget/", views_manage.budget_lines, name="budget_lines"),
    path("manage/budget/<int:pk>/edit/", views_manage.budget_line_edit, name="budget_line_edit"),
    path("manage/budget/<int:pk>/delete/", views_manage.budget_line_delete, name="budget_line_delete"),
    path("manage/measures/<int:pk>/partners/", views_manage.partners, name="partners"),
    path("manage/partners/<int:pk>/edit/", views_manage.partner_edit, name="partner_edit"),
    path("manage/partners/<int:pk>/delete/", views_manage.partner_delete, name="partner_delete"),
    path("manage/pledges/", views_manage.pledges_manage, name="pledges_manage"),
    path("manage/pledges/<int:pk>/edit/", views_manage.pledge_edit, name="pledge_edit"),
    path("manage/projects/", views_manage.projects_manage, name="projects_manage"),
    path("manage/projects/<int:pk>/edit/", views_manage.project_edit, name="project_edit"),
    path("manage/officials/", views_manage.officials_manage, name="officials_manage"),
    path("manage/officials/<int:pk>/edit/", views_manage.official_edit, name="official_edit"),
]
