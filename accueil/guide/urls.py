from django.urls import path

from . import views

app_name = "guide"

urlpatterns = [
    path("", views.index, name="index"),
    path("print/", views.print_pdf, name="print"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.article_edit, name="article_create"),
    path("manage/<int:pk>/", views.article_edit, name="article_edit"),
    path("manage/road-maps/new/", views.road_map_edit, name="road_map_create"),
    path("manage/road-maps/<int:pk>/", views.road_map_edit, name="road_map_edit"),
    path("road-map/<str:status>/", views.road_map, name="road_map"),
    path("<slug:slug>/", views.article_detail, name="article_detail"),
]
