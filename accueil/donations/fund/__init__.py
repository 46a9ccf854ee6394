"""The fund: gifts recorded by the partner foundation, calls for projects, applications scored by the committee,
the allocation by the published fairness rule, and sponsors put in contact with projects.

Its own layers: `models` (re-exported), `services`, `selectors`, `forms`, `views`.
"""
