from django.urls import include, path

from . import views

app_name = "participation"

urlpatterns = [
    path("", include("accueil.participation.proposals.urls")),
    path("", include("accueil.participation.resources.urls")),
    path("", views.event_list, name="event_list"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/register/", views.event_register, name="event_register"),
    path("<int:pk>/calendar.ics", views.event_ics, name="event_ics"),
    path("registrations/<int:pk>/cancel/", views.registration_cancel, name="registration_cancel"),
    path("mine/", views.my_registrations, name="my_registrations"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("manage/", views.manage_list, name="manage_list"),
    path("manage/new/", views.event_create, name="event_create"),
    path("manage/<int:pk>/", views.event_edit, name="event_edit"),
    path("manage/<int:pk>/publish/", views.event_publish, name="event_publish"),
    path("manage/<int:pk>/cancel/", views.event_cancel, name="event_cancel"),
    path("manage/<int:pk>/registrants/", views.event_registrants, name="event_registrants"),
]
