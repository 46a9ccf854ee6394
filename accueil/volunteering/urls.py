from django.urls import path

from . import urls_coordination, views

app_name = "volunteering"

urlpatterns = [
    path("", views.mission_list, name="mission_list"),
    path("missions/<int:pk>/", views.mission_detail, name="mission_detail"),
    path("shifts/<int:pk>/sign-up/", views.shift_sign_up, name="shift_sign_up"),
    path("me/shifts/", views.my_shifts, name="my_shifts"),
    path("me/profile/", views.profile, name="profile"),
    path("me/hours/", views.my_hours, name="my_hours"),
    path("me/hours/certificate.pdf", views.hours_certificate, name="hours_certificate"),
    path("me/calendar/", views.calendar_subscribe, name="calendar_subscribe"),
    path("signups/<int:pk>/cancel/", views.signup_cancel, name="signup_cancel"),
    path("manage/", views.manage_home, name="manage_home"),
    path("manage/organisations/<int:org_pk>/", views.manage_organisation, name="manage_organisation"),
    path("manage/organisations/<int:org_pk>/new/", views.mission_create, name="mission_create"),
    path("manage/missions/<int:pk>/", views.mission_manage, name="mission_manage"),
    path("manage/missions/<int:pk>/edit/", views.mission_edit, name="mission_edit"),
    path("manage/missions/<int:pk>/status/", views.mission_status, name="mission_status"),
    path("manage/missions/<int:pk>/duplicate/", views.mission_duplicate, name="mission_duplicate"),
    path("manage/missions/<int:pk>/shifts/", views.shift_add, name="shift_add"),
    path("manage/shifts/<int:pk>/", views.shift_manage, name="shift_manage"),
    path("manage/shifts/<int:pk>/message/", views.shift_message, name="shift_message"),
    path("manage/signups/<int:pk>/decide/", views.signup_decide, name="signup_decide"),
    path("manage/signups/<int:pk>/attendance/", views.signup_attendance, name="signup_attendance"),
    *urls_coordination.urlpatterns,
]
