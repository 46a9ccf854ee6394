"""Public proposals: residents submit, coordinators moderate and answer, and link the plan measures they feed."""
