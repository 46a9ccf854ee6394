"""Rules that hold themselves: views and API endpoints never query a sensitive model directly.

A model is sensitive when it has a field encrypted at rest, or when its app lists it in its `AppConfig` as
`sensitive_models = ("Beneficiary", ...)`. Views (`views.py`, `views_*.py`, a `views/` package) and API endpoints
(`api.py`, `api_*.py`, an `api/` package) must read such records through the app's access functions
(`<noun>_get_visible(*, user, city, pk)`, selectors that apply visibility and write the audit row), never through
`Model.objects`, `Model._default_manager` or `get_object_or_404(Model, ...)`. `manage.py architecture_check`
runs this rule, the sensitive-app rule below and the import contracts (`[tool.importlinter]` in
`pyproject.toml`); `make test` runs it.

A sensitive app (an `AppConfig` with `sensitive = True`) holds what is known of people in need: each free-text
field of its models (a `TextField`, or a `CharField` longer than `FREE_TEXT_LENGTH` without choices) is either
encrypted (`accueil.core.sensitive.EncryptedTextField`) or named public in the config's `public_text_fields`
(`"Model.field"`); `undeclared_text_fields()` lists the others.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import models

from accueil.core.sensitive import FREE_TEXT_LENGTH, is_encrypted, is_free_text

MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})


@dataclass(frozen=True)
class Violation:
    path: Path
    line: int
    model: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.model} queried directly; use its access function or selector"


def sensitive_models() -> dict[str, set[str]]:
    """Sensitive model class names by app label."""
    found: dict[str, set[str]] = {}
    for config in apps.get_app_configs():
        declared = set(getattr(config, "sensitive_models", ()))
        for model in config.get_models():
            fields = [field for field in model._meta.get_fields() if isinstance(field, models.Field)]
            if model.__name__ in declared or any(is_encrypted(field) for field in fields):
                found.setdefault(config.label, set()).add(model.__name__)
    return found


def is_endpoint_module(path: Path) -> bool:
    """A module that answers requests: views and API endpoints."""
    names = {path.stem, path.parent.name}
    return any(name == kind or name.startswith(f"{kind}_") for name in names for kind in ("views", "api"))


class _Finder(ast.NodeVisitor):
    def __init__(self, sensitive_names: set[str], sensitive_modules: set[str]) -> None:
        self.sensitive_names = sensitive_names
        self.sensitive_modules = sensitive_modules
        self.aliases: dict[str, str] = {}  # local name -> model class name
        self.module_aliases: set[str] = set()  # local names bound to a models module
        self.hits: list[tuple[int, str]] = []

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        for alias in node.names:
            local = alias.asname or alias.name
            if alias.name in self.sensitive_names:
                self.aliases[local] = alias.name
            if alias.name == "models" or f"{module}.{alias.name}".endswith(".models"):
                self.module_aliases.add(local)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name.endswith(".models") and alias.asname:
                self.module_aliases.add(alias.asname)

    def _model_named(self, node: ast.expr) -> str | None:
        if isinstance(node, ast.Name) and node.id in self.aliases:
            return self.aliases[node.id]
        if (
            isinstance(node, ast.Attribute)
            and node.attr in self.sensitive_names
            and isinstance(node.value, ast.Name)
            and node.value.id in self.module_aliases
        ):
            return node.attr
        return None

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in MANAGERS:
            model = self._model_named(node.value)
            if model:
                self.hits.append((node.lineno, model))
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name in SHORTCUTS and node.args:
            model = self._model_named(node.args[0])
            if model:
                self.hits.append((node.lineno, model))
        self.generic_visit(node)


def violations_in(path: Path, sensitive_names: set[str]) -> list[Violation]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    finder = _Finder(sensitive_names, set())
    finder.visit(tree)
    return [Violation(path, line, model) for line, model in finder.hits]


def endpoint_modules(roots: Iterable[Path]) -> Iterator[Path]:
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            if is_endpoint_module(path):
                yield path


def sensitive_access_violations(roots: Iterable[Path] | None = None) -> list[Violation]:
    """Every direct query of a sensitive model in a view or an endpoint of the project's apps."""
    names = {name for group in sensitive_models().values() for name in group}
    if roots is None:
        roots = [Path(config.path) for config in apps.get_app_configs() if config.name.startswith("accueil.")]
    return [v for path in endpoint_modules(roots) for v in violations_in(path, names)]


@dataclass(frozen=True)
class UndeclaredText:
    model: str
    field: str

    def __str__(self) -> str:
        return (
            f"{self.model}.{self.field}: free text in a sensitive app (TextField, or CharField over "
            f"{FREE_TEXT_LENGTH}) neither encrypted (EncryptedTextField) nor named in public_text_fields"
        )


def undeclared_text_fields(model_classes: Iterable[type[models.Model]] | None = None) -> list[UndeclaredText]:
    """Free-text fields of the models of sensitive apps that are neither encrypted nor declared public."""
    if model_classes is None:
        model_classes = apps.get_models()
    found = []
    for model in model_classes:
        config = apps.get_app_config(model._meta.app_label)
        if not getattr(config, "sensitive", False) or model._meta.proxy:
            continue
        public = set(getattr(config, "public_text_fields", ()))
        for field in model._meta.local_fields:
            if is_free_text(field) and not is_encrypted(field) and f"{model.__name__}.{field.name}" not in public:
                found.append(UndeclaredText(model._meta.label, field.name))
    return found
