import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("volunteering", "0002_skills_and_overlap_constraint"), ("notifications", "0001_initial")]
AFTER = [
    ("volunteering", "0003_notifications_moved_to_outbox"),
    ("notifications", "0002_from_volunteering_notifications"),
]


@pytest.mark.django_db(transaction=True)
def test_volunteering_notifications_move_into_the_outbox():
    executor = MigrationExecutor(connection)
    others = [leaf for leaf in executor.loader.graph.leaf_nodes() if leaf[0] not in ("volunteering", "notifications")]
    executor.migrate(BEFORE)
    old = executor.loader.project_state([*others, *BEFORE]).apps
    City, User = old.get_model("territories", "City"), old.get_model("accounts", "User")
    Notification = old.get_model("volunteering", "Notification")
    city = City.objects.create(slug="paris", name="Paris", latitude="48.85", longitude="2.35", timezone="Europe/Paris")
    ana = User.objects.create(email="ana@example.org", preferred_language="en", phone="+33600000000")
    now = timezone.now()
    common = {"city": city, "user": ana, "scheduled_for": now}
    payload = {"mission_title": "Soupe", "organisation": "Asso", "starts_at": now.isoformat(), "address": ""}
    Notification.objects.create(kind="confirmation", dedupe_key="confirmation:1", payload=payload, **common)
    Notification.objects.create(kind="reminder", dedupe_key="reminder:1:2h", sent_at=now, attempts=1, **common)
    Notification.objects.create(
        kind="reminder", channel="sms", dedupe_key="reminder:1:2h:sms", attempts=5, last_error="x", **common
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state([*others, *AFTER]).apps
    Message = new.get_model("notifications", "Message")
    rows = {m.key: m for m in Message.objects.all()}
    assert set(rows) == {"confirmation:1", "reminder:1:2h", "reminder:1:2h:sms"}
    waiting = rows["confirmation:1"]
    assert (waiting.status, waiting.kind, waiting.address, waiting.language) == (
        "pending",
        "volunteering.confirmation",
        "ana@example.org",
        "en",
    )
    assert waiting.subject == "Your place is confirmed: Soupe"
    assert rows["reminder:1:2h"].status == "sent" and rows["reminder:1:2h"].sent_at is not None
    failed = rows["reminder:1:2h:sms"]
    assert (failed.status, failed.channel, failed.address, failed.attempts) == ("failed", "sms", "+33600000000", 5)
    assert abs(waiting.next_attempt_at - now) < dt.timedelta(seconds=1)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
