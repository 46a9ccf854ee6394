from django.urls import path

from . import catalogue_views, views
from .deliveries import views as delivery_views
from .fund import views as fund_views

app_name = "donations"

urlpatterns = [
    path("", views.index, name="index"),
    path("points/<slug:slug>/", views.point_detail, name="point"),
    path("points/<slug:slug>/pledge/", views.pledge_create, name="pledge"),
    path("pledges/<str:code>/", views.pledge_done, name="pledge_done"),
    path("fund/", fund_views.fund, name="fund"),
    path("staff/points/<slug:slug>/", views.staff_point, name="staff_point"),
    path("sites/<slug:org_slug>/needs/", views.site_needs, name="site_needs"),
    path("runs/", delivery_views.my_runs, name="my_runs"),
    path("runs/<int:pk>/confirm/", delivery_views.run_confirm, name="run_confirm"),
    path("coordination/", delivery_views.plan, name="plan"),
    path("coordination/catalogue/", catalogue_views.catalogue, name="catalogue"),
    path("coordination/catalogue/items/<int:pk>/", catalogue_views.catalogue_item, name="catalogue_item"),
    path("staff/points/<slug:slug>/rules/", catalogue_views.point_rules, name="point_rules"),
    path("fund/manage/", fund_views.fund_manage, name="fund_manage"),
    path("fund/calls/<int:pk>/", fund_views.fund_call, name="fund_call"),
    path("fund/calls/<int:pk>/score/", fund_views.fund_call_score, name="fund_call_score"),
    path("fund/calls/<int:pk>/publish/", fund_views.fund_call_publish, name="fund_call_publish"),
    path("fund/my-applications/", fund_views.fund_applications, name="fund_applications"),
    path("fund/sponsors/", fund_views.fund_sponsors, name="fund_sponsors"),
]
