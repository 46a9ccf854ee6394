"""Cities (the tenant), their districts and the surrounding départements."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class City(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    country = models.CharField(_("country"), max_length=2, default="FR")
    timezone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris")
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    latitude = models.DecimalField(
        max_digits=8, decimal_places=5, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.DecimalField(
        max_digits=8, decimal_places=5, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    domain = models.CharField(
        max_length=200, blank=True, help_text="Host name that serves this city; empty for the default city."
    )
    # The city's name as written in each language (and script) it is known by: {"ar": "ليون", "am": "ሊዮን"}.
    names = models.JSONField(_("name in other languages"), default=dict, blank=True)
    # The site languages the city offers, in the order it lists them; empty: every language of the site.
    languages = models.JSONField(_("languages offered"), default=list, blank=True)
    # A region of `country` with its own public holidays, as the holidays library names it ("BY", "CAT"); empty:
    # the country's national holidays only.
    holiday_subdivision = models.CharField(_("holiday region"), max_length=10, blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(null=True, blank=True, auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "cities"
        constraints = [
            models.UniqueConstraint(fields=["domain"], condition=~models.Q(domain=""), name="city_unique_domain")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def shown_name(self) -> str:
        """The city's name in the active language, else its own name."""
        return self.name_in((translation.get_language() or settings.LANGUAGE_CODE).split("-")[0])

    @property
    def offered_languages(self) -> list[str]:
        """The site languages this city offers (all of them when it has not chosen)."""
        site = [code for code, _name in settings.LANGUAGES]
        chosen = [code for code in (self.languages or []) if code in site]
        return chosen or site

    def name_in(self, language: str | None) -> str:
        """The city's name as readers of `language` write it, or its own name."""
        names = self.names if isinstance(self.names, dict) else {}
        return str(names.get(language or "", "") or self.name)


class District(models.Model):
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="districts")
    number = models.PositiveSmallIntegerField(_("number"))
    code = models.CharField(_("official code"), max_length=10)
    name = models.CharField(_("name"), max_length=120)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5)
    longitude = models.DecimalField(max_digits=8, decimal_places=5)
    # Postcodes that name this district, separated by spaces, for cities whose postcodes follow no rule that
    # `places.postcodes_of` knows ("10115 10117" in Berlin-Mitte).
    postcodes = models.CharField(_("postcodes"), max_length=200, blank=True)

    class Meta:
        ordering = ["city", "number"]
        constraints = [
            models.UniqueConstraint(fields=["city", "number"], name="district_unique_number"),
            models.UniqueConstraint(fields=["city", "code"], name="district_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class Departement(models.Model):
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="departements")
    code = models.CharField(_("code"), max_length=3)
    name = models.CharField(_("name"), max_length=120)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    reception_places = models.PositiveIntegerField(_("reception places"), null=True, blank=True)
    places_per_1000 = models.DecimalField(
        _("places per 1,000 inhabitants"), max_digits=6, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["city", "code"]
        constraints = [models.UniqueConstraint(fields=["city", "code"], name="departement_unique_code")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class CoordinatorInvitation(models.Model):
    """A platform operator invites a city's first (or next) coordinator by email; the link grants the role once."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="coordinator_invitations")
    email = models.EmailField(_("email address"))
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.city}"
