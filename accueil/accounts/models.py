"""People who sign in, and the city-wide roles they hold. Organisation roles live in `organisations`."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Signs in with an email address; no public username exists anywhere."""

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("name shown to others"), max_length=80, blank=True)
    phone = models.CharField(_("phone number"), max_length=32, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Bumped whenever the person's city roles change, so per-session caches of access checks expire.
    access_version = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.display_name or self.email.split("@", 1)[0]


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Platform coordinator")
    ELECTED_OFFICIAL = "elected_official", _("Elected official")
    VOLUNTEER = "volunteer", _("Volunteer")
    HOST = "host", _("Host")
    TRANSLATOR = "translator", _("Translator")
    OUTREACH_WORKER = "outreach_worker", _("Outreach worker")


# Roles that can see refugees' personal data: two-factor authentication is required.
SENSITIVE_ROLES = frozenset({Role.COORDINATOR, Role.OUTREACH_WORKER})

# Roles a person may give themselves; the others are granted by a coordinator of the city.
SELF_SERVICE_ROLES = frozenset({Role.VOLUNTEER, Role.HOST, Role.TRANSLATOR})


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["city", "role"]
        constraints = [models.UniqueConstraint(fields=["user", "city", "role"], name="role_unique_per_city")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.city})"
