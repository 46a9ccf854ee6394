from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "accueil.learning"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Learning"
    # Learners, their applications, places, tests and attendance are read only through `selectors.py`,
    # which applies visibility and writes the audit row.
    sensitive_models = (
        "Learner",
        "LearnerApplication",
        "Enrolment",
        "PlacementTest",
        "Attendance",
        "PlacementProposal",
    )
    # Every free-text field of this app is encrypted or declared public (`manage.py architecture_check`).
    sensitive = True
    # What partners publish about a class: public catalogue text, no personal data.
    public_text_fields = (
        "Course.title",
        "Course.description",
        "Course.address",
        "Course.contact_phone",
        "Course.requirements",
        "Learner.reference",
        "CourseSession.topic",
    )

    def ready(self) -> None:
        from accueil.core.readers import register_sensitive_reader
        from accueil.plan.sources import register
        from accueil.translations import registry

        from .indicators import INDICATOR_SOURCES
        from .models import TRANSLATED, Course
        from .policies import reads_learners

        register_sensitive_reader("learning.learners", reads_learners)

        registry.register(Course, TRANSLATED)
        for key, (label, compute) in INDICATOR_SOURCES.items():
            register(key, label, compute)
