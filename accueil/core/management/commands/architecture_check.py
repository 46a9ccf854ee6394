"""Fail when a rule of the architecture is broken: import contracts, no direct query of a sensitive model in
views and endpoints, and no free text left neither encrypted nor public in a sensitive app
(`accueil.core.architecture`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

from accueil.core.architecture import sensitive_access_violations, undeclared_text_fields


class Command(BaseCommand):
    help = "Check the import contracts, the sensitive-model rule and the sensitive-app rule."

    def handle(self, *args: Any, **options: Any) -> None:
        failures = []
        violations = sensitive_access_violations()
        for violation in violations:
            self.stderr.write(str(violation))
        if violations:
            failures.append(f"{len(violations)} direct queries of sensitive models")
        undeclared = undeclared_text_fields()
        for field in undeclared:
            self.stderr.write(str(field))
        if undeclared:
            failures.append(f"{len(undeclared)} free-text fields of sensitive apps neither encrypted nor public")
        if lint_imports(config_filename=str(settings.BASE_DIR / "pyproject.toml"), no_cache=True, no_logo=True) != (
            EXIT_STATUS_SUCCESS
        ):
            failures.append("import contracts broken")
        if failures:
            raise CommandError("; ".join(failures))
        self.stdout.write("Architecture rules hold.")
