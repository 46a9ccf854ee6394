"""Root URLs: language-prefixed pages, and language-neutral API, health check and admin."""

from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from accueil.api.api import api
from accueil.participation import views as participation_views
from accueil.portal import views as portal_views

# The admin signs in through allauth too: same throttling, same two-factor step.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("healthz", portal_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("api/hsds/", include("accueil.directory.hsds_urls")),
    # The person's one calendar feed (shifts, events, trainings); also answered at /<lang>/events/calendar/.
    path("volunteering/calendar/<str:token>.ics", participation_views.calendar_feed, name="volunteering_calendar_feed"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("accueil.portal.urls")),
    path("accounts/", include("accueil.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("organisations/", include("accueil.organisations.urls")),
    path("volunteering/", include("accueil.volunteering.urls")),
    path("events/", include("accueil.participation.urls")),
    path("mentoring/", include("accueil.mentoring.urls")),
    path("outreach/", include("accueil.outreach.urls")),
    path("plan/", include("accueil.plan.urls")),
    path("donations/", include("accueil.donations.urls")),
    path("services/", include("accueil.directory.urls")),
    path("guide/", include("accueil.guide.urls")),
    path("shelters/", include("accueil.shelters.urls")),
    path("hosting/", include("accueil.hosting.urls")),
    path("learning/", include("accueil.learning.urls")),
    path("evaluation/", include("accueil.evaluation.urls")),
    path("translations/", include("accueil.translations.urls")),
    path("notifications/", include("accueil.notifications.urls")),
    path("cities/", include("accueil.territories.urls")),
    prefix_default_language=True,
)

handler404 = "accueil.portal.views.not_found"
handler500 = "accueil.portal.views.server_error"
