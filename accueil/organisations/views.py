from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import organisation_list as select_organisations


def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = select_organisations(city=request.city)  # type: ignore[attr-defined]
    return render(request, "organisations/organisation_list.html", {"organisations": organisations})
