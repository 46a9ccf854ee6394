"""Reference list of languages that people speak, shared by every app (ISO 639-1/-3 codes)."""

from django.db import models


class Language(models.Model):
    code = models.CharField(max_length=8, primary_key=True)
    name_en = models.CharField(max_length=60)
    native_name = models.CharField(max_length=60)
    rtl = models.BooleanField(default=False)

    class Meta:
        ordering = ["name_en"]

    def __str__(self) -> str:
        return f"{self.native_name} ({self.name_en})"
