"""Attach the city (tenant) to every request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from accueil.core.http import CityRequest

from .selectors import city_for_host


class CityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: CityRequest) -> HttpResponse:
        request.city = city_for_host(request.get_host())
        return self.get_response(request)
