from django.urls import path

from . import views

app_name = "translations"

urlpatterns = [
    path("", views.backlog, name="backlog"),
    path(
        "propose/<int:content_type_id>/<int:object_id>/<str:field>/<str:language>/",
        views.propose,
        name="propose",
    ),
    path("review/", views.review_list, name="review_list"),
    path("review/<int:pk>/", views.review, name="review"),
    path("coverage/", views.coverage, name="coverage"),
    path("mine/", views.mine, name="mine"),
    path("translators/", views.translators, name="translators"),
]
