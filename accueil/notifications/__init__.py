"""The one way out for every message: the outbox, its sender and the registry of periodic jobs."""
