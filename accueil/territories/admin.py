from django.contrib import admin

from .models import City, Departement, District


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "country", "domain", "is_demo"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "number", "code", "city", "population"]
    list_filter = ["city"]


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "city", "population", "places_per_1000"]
    list_filter = ["city"]
