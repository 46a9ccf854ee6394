from django.urls import path

from . import audit_views, views

app_name = "accounts"

urlpatterns = [
    path("me/", views.dashboard, name="dashboard"),
    path("me/profile/", views.profile, name="profile"),
    path("me/roles/take/", views.role_self_service, {"action": "take"}, name="role_take"),
    path("me/roles/drop/", views.role_self_service, {"action": "drop"}, name="role_drop"),
    path("roles/", views.roles, name="roles"),
    path("audit/", audit_views.audit_log, name="audit_log"),
]
