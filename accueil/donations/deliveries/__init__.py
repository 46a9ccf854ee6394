"""Deliveries: stock moved from collection points to the partner sites' needs. The plan (`planning`, an
optimisation over stock, needs, vehicles and volunteer drivers) proposes runs; coordinators confirm them; drivers
pick up and deliver.

Its own layers: `planning` (framework-free), `services`, `selectors`, `views`.
"""
