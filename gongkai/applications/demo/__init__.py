"""Demo data for ``make run``: two provincial agencies, their people, two years of applications.

``gongkai demo`` builds it (management/commands/demo.py). The same declared-case machinery
(plan.py, replay.py) drives the end-to-end test of table 三.
"""
