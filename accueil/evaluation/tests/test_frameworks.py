"""Frameworks load from their files once; a changed file under the same version, or a broken one, is refused
and leaves nothing behind."""

from __future__ import annotations

import copy
import json

import pytest
from django.core.management import CommandError, call_command

from accueil.core.errors import Refused
from accueil.evaluation import services
from accueil.evaluation.errors import EvaluationError
from accueil.evaluation.models import AnswerOption, Crosswalk, Framework, FrameworkNode

from .conftest import SMALL

pytestmark = pytest.mark.django_db


def counts():
    return Framework.objects.count(), FrameworkNode.objects.count(), AnswerOption.objects.count()


def test_the_shipped_frameworks_load_once(capsys):
    call_command("load_framework")
    first = counts()
    call_command("load_framework")
    assert counts() == first == (2, 4 + 12 + 12 + 4 + 11 + 11, 12 * 4 + 11 * 3)
    assert Crosswalk.objects.count() == 17
    assert FrameworkNode.objects.filter(framework__key="oecd-checklist", kind="objective").count() == 12
    assert FrameworkNode.objects.filter(framework__key="oecd-checklist", kind="block").count() == 4
    assert list(
        FrameworkNode.objects.filter(framework__key="eurocities-charter", kind="block").values_list(
            "texts__en__short", flat=True
        )
    ) == [
        "Policy maker",
        "Service provider",
        "Employer",
        "Buyer",
    ]


def test_a_changed_file_under_the_same_version_is_refused(small_framework):
    changed = copy.deepcopy(SMALL)
    changed["blocks"][0]["weight"] = 5
    before = counts()
    with pytest.raises(Refused) as info:
        services.framework_load(raw=json.dumps(changed).encode(), acting_user=None)
    assert info.value.code == EvaluationError.FRAMEWORK_VERSION_EXISTS
    assert counts() == before


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["blocks"][1]["objectives"][0].update(questions=[]),
        lambda d: d["blocks"][0]["objectives"][0]["questions"][0].update(options="missing"),
        lambda d: d["blocks"][0].update(weight=0),
        lambda d: d["blocks"][0].update(weight="lots"),
        lambda d: d["blocks"][1]["objectives"][0].update(code="A1"),
        lambda d: d.update(texts={}),
    ],
)
def test_a_broken_file_leaves_nothing(mutate):
    data = copy.deepcopy(SMALL)
    mutate(data)
    with pytest.raises(Refused) as info:
        services.framework_load(raw=json.dumps(data).encode(), acting_user=None)
    assert info.value.code == EvaluationError.BAD_FRAMEWORK
    assert counts() == (0, 0, 0)


def test_the_command_reports_a_refusal(tmp_path):
    path = tmp_path / "bad.json"
    path.write_bytes(b"{not json")
    with pytest.raises(CommandError, match="pas un JSON valide"):
        call_command("load_framework", str(path))
    assert counts() == (0, 0, 0)
