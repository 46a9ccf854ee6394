from django.urls import path

app_name = "plan"

urlpatterns: list = []
