from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("courses/<int:pk>/", views.course_detail, name="course"),
    path("apply/", views.apply, name="apply"),
    path("my/", views.my_path, name="my_path"),
    path("my/sharing/", views.sharing, name="sharing"),
    path("my/applications/<int:pk>/withdraw/", views.application_withdraw, name="withdraw"),
    path("places/<int:pk>/accept/", views.offer_accept, name="accept"),
    path("places/<int:pk>/decline/", views.offer_decline, name="decline"),
    path("places/<int:pk>/certificate/", views.certificate, name="certificate"),
    path("partner/", views.partner_home, name="partner"),
    path("partner/courses/new/", views.course_new, name="course_new"),
    path("partner/courses/<int:pk>/", views.course_manage, name="course_manage"),
    path("learners/<int:pk>/", views.learner_detail, name="learner"),
    path("coordination/", views.coordination, name="coordination"),
    path("coordination/runs/<int:pk>/", views.run_detail, name="run"),
    path("open-data/courses.csv", views.export_csv, name="export_csv"),
    path("open-data/courses.json", views.export_json, name="export_json"),
]
