"""Loads the skill reference list and, on PostgreSQL, adds the exclusion constraint that refuses overlapping
accepted or pending sign-ups of one volunteer (btree_gist)."""

from django.db import migrations

SKILLS = [
    ("teaching_fle", "Teaching French as a foreign language"),
    ("legal_advice", "Legal advice"),
    ("medical", "Medical or nursing"),
    ("translation", "Translation"),
    ("interpreting", "Interpreting"),
    ("driving_licence_b", "Driving licence (B)"),
    ("childcare", "Childcare"),
    ("digital_support", "Digital support"),
    ("sport_coaching", "Sport coaching"),
    ("logistics", "Logistics and handling"),
    ("admin_procedures", "Administrative procedures"),
    ("psychology", "Psychological support"),
    ("cooking", "Cooking"),
    ("social_work", "Social work"),
    ("housing_search", "Housing search"),
    ("job_search", "Job search support"),
    ("arts_crafts", "Arts and crafts"),
    ("music", "Music"),
    ("first_aid", "First aid"),
    ("event_organisation", "Event organisation"),
]

OVERLAP_SQL = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE volunteering_signup ADD CONSTRAINT signup_no_overlap_per_volunteer
    EXCLUDE USING gist (volunteer_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
    WHERE (status IN ('pending', 'accepted'));
"""


def load_skills(apps, schema_editor):
    Skill = apps.get_model("volunteering", "Skill")
    for code, name in SKILLS:
        Skill.objects.update_or_create(code=code, defaults={"name": name})


def add_overlap_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(OVERLAP_SQL)


def drop_overlap_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE volunteering_signup DROP CONSTRAINT IF EXISTS signup_no_overlap_per_volunteer"
        )


class Migration(migrations.Migration):
    dependencies = [("volunteering", "0001_initial")]
    operations = [
        migrations.RunPython(load_skills, migrations.RunPython.noop),
        migrations.RunPython(add_overlap_constraint, drop_overlap_constraint),
    ]
