from django.urls import path

from . import views

app_name = "guide"

urlpatterns = [
    path("", views.index, name="index"),
    path("print/", views.print_pdf, name="print"),
    path("road-map/<str:status>/", views.road_map, name="road_map"),
    path("<slug:slug>/", views.article_detail, name="article_detail"),
]
