"""Cities (the tenant), their districts and the surrounding départements."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
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
    is_demo = models.BooleanField(default=False)
    local_names = models.JSONField(
        _("name in other scripts"),
        default=dict,
        blank=True,
        help_text='The city\'s name by language code where readers write it otherwise, e.g. {"ar": "باريس"}.',
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "cities"

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str | None) -> str:
        """The city's name as readers of `language` write it, or its own name."""
        names = self.local_names if isinstance(self.local_names, dict) else {}
        return str(names.get(language or "", "") or self.name)


class District(models.Model):
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="districts")
    number = models.PositiveSmallIntegerField(_("number"))
    code = models.CharField(_("official code"), max_length=10)
    name = models.CharField(_("name"), max_length=120)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5)
    longitude = models.DecimalField(max_digits=8, decimal_places=5)

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
