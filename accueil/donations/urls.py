from django.urls import path

from . import views

app_name = "donations"

urlpatterns = [
    path("", views.index, name="index"),
    path("points/<slug:slug>/", views.point_detail, name="point"),
    path("points/<slug:slug>/pledge/", views.pledge_create, name="pledge"),
    path("pledges/<str:code>/", views.pledge_done, name="pledge_done"),
    path("fund/", views.fund, name="fund"),
    path("staff/points/<slug:slug>/", views.staff_point, name="staff_point"),
    path("sites/<slug:org_slug>/needs/", views.site_needs, name="site_needs"),
    path("runs/", views.my_runs, name="my_runs"),
    path("runs/<int:pk>/confirm/", views.run_confirm, name="run_confirm"),
    path("coordination/", views.plan, name="plan"),
]
