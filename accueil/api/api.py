"""The `/api/v1/` router: each app contributes its own endpoints from `<app>/api.py`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI

from accueil.directory.api import router as directory_router
from accueil.donations.api import router as donations_router
from accueil.evaluation.api import router as evaluation_router
from accueil.guide.api import router as guide_router
from accueil.hosting.api import router as hosting_router
from accueil.learning.api import router as learning_router
from accueil.mentoring.api import router as mentoring_router
from accueil.organisations.api import router as organisations_router
from accueil.outreach.api import router as outreach_router
from accueil.participation.api import router as participation_router
from accueil.plan.api import router as plan_router
from accueil.shelters.api import router as shelters_router
from accueil.volunteering.api import router as volunteering_router

from .errors import install_error_handlers
from .openapi import document_the_edge


class AccueilAPI(NinjaAPI):
    """The API, whose document adds what its edge answers to every write (`accueil.api.openapi`)."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return document_the_edge(super().get_openapi_schema(**kwargs))


api = AccueilAPI(
    title="Accueil API",
    version="1",
    description=(
        "Open API of the Accueil platform. Public reads need no authentication; writes use the browser "
        "session (with its CSRF token) or an organisation's bearer token. Errors always have the shape "
        '{"error": {"code": "...", "message": "...", "details": ...}}.'
    ),
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api-v1",
)
install_error_handlers(api)
api.add_router("/organisations", organisations_router)
api.add_router("", volunteering_router)
api.add_router("/events", participation_router)
api.add_router("/mentoring", mentoring_router)
api.add_router("/plan", plan_router)
api.add_router("", donations_router)
api.add_router("/directory", directory_router)
api.add_router("/guide", guide_router)
api.add_router("/outreach", outreach_router)
api.add_router("/shelters", shelters_router)
api.add_router("/hosting", hosting_router)
api.add_router("/learning", learning_router)
api.add_router("", evaluation_router)


@api.get("/", summary="API index", tags=["meta"])
def index(request: HttpRequest) -> dict[str, str]:
    return {"name": "Accueil API", "version": "1", "openapi": "/api/v1/openapi.json"}
