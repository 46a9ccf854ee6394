from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def mission_list(request: HttpRequest) -> HttpResponse:
    return render(request, "volunteering/mission_list.html", {"missions": []})
