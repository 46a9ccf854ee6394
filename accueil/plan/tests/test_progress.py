"""The published roll-up rules (accueil.plan.progress), without the database."""

from __future__ import annotations

import pytest

from accueil.plan import progress
from accueil.plan.progress import Progress


@pytest.mark.smoke
def test_indicator_progress_is_the_share_of_the_way_from_baseline_to_target() -> None:
    assert progress.indicator_progress(value=30, baseline=10, target=50) == 0.5


def test_indicator_progress_is_clamped_to_0_and_1() -> None:
    assert progress.indicator_progress(value=80, baseline=10, target=50) == 1.0
    assert progress.indicator_progress(value=0, baseline=10, target=50) == 0.0


def test_decrease_direction_counts_a_fall_as_progress() -> None:
    assert progress.directed_indicator_progress(value=60, baseline=100, target=20, direction="decrease") == 0.5
    assert progress.directed_indicator_progress(value=120, baseline=100, target=20, direction="decrease") == 0.0
    assert progress.directed_indicator_progress(value=10, baseline=100, target=20, direction="decrease") == 1.0


def test_target_contradicting_its_direction_is_unmeasured() -> None:
    assert progress.directed_indicator_progress(value=60, baseline=100, target=20, direction="increase") is None


def test_indicator_without_value_or_target_is_unmeasured() -> None:
    assert progress.indicator_progress(value=None, baseline=0, target=10) is None
    assert progress.indicator_progress(value=5, baseline=0, target=None) is None
    assert progress.indicator_progress(value=5, baseline=5, target=5) is None


@pytest.mark.smoke
def test_measure_without_measured_indicator_is_unmeasured_not_zero() -> None:
    result = progress.measure_progress(status="in_progress", indicators=[None, None])
    assert result.value is None
    assert result.percent is None
    assert result.unmeasured == 2


def test_measure_is_the_mean_of_its_measured_indicators() -> None:
    result = progress.measure_progress(status="planned", indicators=[0.2, 0.6, None])
    assert result.value == pytest.approx(0.4)
    assert (result.measured, result.unmeasured) == (2, 1)


def test_done_measure_without_indicators_is_complete_and_other_statuses_unmeasured() -> None:
    assert progress.measure_progress(status="done").value == 1.0
    assert progress.measure_progress(status="planned").value is None
    assert progress.measure_progress(status="in_progress").value is None


def test_indicators_take_precedence_over_a_done_status() -> None:
    assert progress.measure_progress(status="done", indicators=[0.5]).value == 0.5


def test_dropped_measure_is_excluded_even_with_indicators() -> None:
    result = progress.measure_progress(status="dropped", indicators=[1.0])
    assert result.excluded is True
    assert result.value is None


@pytest.mark.smoke
def test_parent_is_the_weighted_mean_of_measured_children_with_unmeasured_counted() -> None:
    children = [(3, Progress(1.0)), (1, Progress(0.0)), (2, progress.UNMEASURED), (5, progress.EXCLUDED)]
    result = progress.weighted_mean(children)
    assert result.value == pytest.approx(0.75)
    assert (result.measured, result.unmeasured, result.dropped) == (2, 1, 1)


def test_parent_with_no_measured_child_is_unmeasured() -> None:
    result = progress.weighted_mean([(1, progress.UNMEASURED), (1, progress.EXCLUDED)])
    assert result.value is None
    assert (result.unmeasured, result.dropped) == (1, 1)


def test_measure_with_sub_results_rolls_them_up_by_weight() -> None:
    result = progress.measure_progress(status="in_progress", children=[(1, Progress(0.2)), (3, Progress(0.6))])
    assert result.value == pytest.approx(0.5)


def test_done_parent_whose_sub_results_are_unmeasured_is_complete() -> None:
    result = progress.measure_progress(status="done", children=[(1, progress.UNMEASURED)])
    assert result.value == 1.0


def test_commitment_indicators_count_as_one_child_of_weight_one() -> None:
    result = progress.commitment_progress(measures=[(3, Progress(0.0))], indicators=[1.0, 0.0, None])
    # children: weight 3 at 0 %, weight 1 at mean(1.0, 0.0) = 50 %
    assert result.value == pytest.approx(0.125)
    assert result.measured == 2
