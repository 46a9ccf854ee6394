"""The abstract base models declare the common fields once, exactly as the models declared them before."""

from __future__ import annotations

from django.db import models

from accueil.core.models import Authored, CityRecord, Timestamped


def test_base_models_are_abstract():
    assert CityRecord._meta.abstract and Authored._meta.abstract and Timestamped._meta.abstract


def test_city_record_fields():
    city = CityRecord._meta.get_field("city")
    assert city.remote_field.model == "territories.City"
    assert city.remote_field.on_delete is models.CASCADE
    assert city.remote_field.related_name == "+"
    is_demo = CityRecord._meta.get_field("is_demo")
    assert isinstance(is_demo, models.BooleanField) and is_demo.default is False
    created_at = CityRecord._meta.get_field("created_at")
    assert isinstance(created_at, models.DateTimeField) and created_at.auto_now_add


def test_authored_keeps_records_when_their_author_leaves():
    created_by = Authored._meta.get_field("created_by")
    assert created_by.null and created_by.remote_field.on_delete is models.SET_NULL
    assert created_by.remote_field.related_name == "+"


def test_timestamped_updates_on_every_save():
    updated_at = Timestamped._meta.get_field("updated_at")
    assert isinstance(updated_at, models.DateTimeField) and updated_at.auto_now
