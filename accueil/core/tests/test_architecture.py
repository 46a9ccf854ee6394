"""The architecture rules fail the build when broken: shown by breaking them on purpose in temporary modules."""

from __future__ import annotations

import io
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from accueil.core.architecture import (
    is_endpoint_module,
    sensitive_access_violations,
    sensitive_models,
    undeclared_text_fields,
)

ROOT = Path(settings.BASE_DIR)


def test_an_encrypted_field_makes_a_model_sensitive() -> None:
    assert "Beneficiary" in sensitive_models()["mentoring"]


def test_endpoint_modules_are_views_and_api_modules() -> None:
    assert [is_endpoint_module(Path(p)) for p in ("a/views.py", "a/api_x.py", "a/views/b.py", "a/selectors.py")] == [
        True,
        True,
        True,
        False,
    ]


def test_a_view_querying_a_sensitive_model_directly_is_reported(tmp_path: Path) -> None:
    (tmp_path / "views.py").write_text(
        "from accueil.mentoring.models import Beneficiary as B\n"
        "from accueil.mentoring import models\n"
        "from django.shortcuts import get_object_or_404\n"
        "def a(request):\n    return B.objects.all()\n"
        "def b(request):\n    return get_object_or_404(models.Beneficiary, pk=1)\n"
        "def c(request):\n    return models.Mission.objects.all()\n",
        encoding="utf-8",
    )
    (tmp_path / "selectors.py").write_text(
        "from accueil.mentoring.models import Beneficiary\ndef s():\n    return Beneficiary.objects.all()\n",
        encoding="utf-8",
    )
    found = [(v.path.name, v.line, v.model) for v in sensitive_access_violations([tmp_path])]
    assert found == [("views.py", 5, "Beneficiary"), ("views.py", 7, "Beneficiary")]


def _lint_imports() -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_import_breaking_a_contract_fails_the_import_lint() -> None:
    module = ROOT / "accueil" / "core" / f"_broken_{uuid.uuid4().hex[:8]}.py"
    module.write_text("import accueil.volunteering.models  # noqa: F401\n", encoding="utf-8")
    try:
        result = _lint_imports()
    finally:
        module.unlink()
    assert result.returncode == 1
    assert f"accueil.core.{module.stem} -> accueil.volunteering.models" in result.stdout


def test_the_sensitive_apps_hold_no_free_text_neither_encrypted_nor_public() -> None:
    assert undeclared_text_fields() == []


def test_free_text_undeclared_in_a_sensitive_app_is_reported() -> None:
    from django.db import models
    from django.test.utils import isolate_apps

    from accueil.core.sensitive import EncryptedTextField

    with isolate_apps("accueil.mentoring"):

        class Visit(models.Model):  # noqa: DJ008
            remarks = models.TextField()  # free text about the person, forgotten
            address = models.CharField(max_length=200)  # long enough to hold anything
            notes = EncryptedTextField(blank=True)
            code = models.CharField(max_length=20)
            kind = models.CharField(max_length=80, choices=[("a", "A")])

            class Meta:
                app_label = "mentoring"

        class Page(models.Model):  # noqa: DJ008 (an app that is not sensitive)
            body = models.TextField()

            class Meta:
                app_label = "territories"

        assert [str(v).split(":")[0] for v in undeclared_text_fields([Visit, Page])] == [
            "mentoring.Visit.remarks",
            "mentoring.Visit.address",
        ]
        config = apps.get_app_config("mentoring")
        declared = config.public_text_fields
        try:
            config.public_text_fields = ("Visit.address",)  # type: ignore[attr-defined]
            assert [v.field for v in undeclared_text_fields([Visit])] == ["remarks"]
        finally:
            config.public_text_fields = declared  # type: ignore[attr-defined]


def test_the_check_command_fails_on_undeclared_free_text(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.management import CommandError, call_command

    from accueil.core import architecture
    from accueil.core.management.commands import architecture_check

    monkeypatch.setattr(
        architecture_check, "undeclared_text_fields", lambda: [architecture.UndeclaredText("mentoring.Visit", "x")]
    )
    monkeypatch.setattr(architecture_check, "lint_imports", lambda **kwargs: architecture_check.EXIT_STATUS_SUCCESS)
    with pytest.raises(CommandError, match="1 free-text fields of sensitive apps"):
        call_command("architecture_check", stderr=io.StringIO(), stdout=io.StringIO())
