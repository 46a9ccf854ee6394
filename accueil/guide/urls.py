from django.urls import path

app_name = "guide"

urlpatterns: list = []
