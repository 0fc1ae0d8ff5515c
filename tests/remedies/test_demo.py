"""The demo's cases: every stream with every result, open ones, a correction, a free case, all
through the services (each with its history) and tied to the agency's closed applications."""

from __future__ import annotations

import random
from datetime import date

import pytest

from gongkai.remedies.demo import demo_cases
from gongkai.remedies.models import Case, EventKind, Result, Stream
from tests.applications.factories import Office
from tests.remedies.factories import closed_application

pytestmark = pytest.mark.django_db


def test_the_demo_makes_every_stream_and_result_and_open_cases(office: Office) -> None:
    apps = [
        closed_application(office.agency, date(2025, 1, 5), date(2025, m, 10)) for m in range(2, 12)
    ]
    theirs = closed_application(office.other_agency)
    made = demo_cases(
        office.agency,
        [*apps, theirs],
        actor=office.clerk,
        rng=random.Random(7),
        today=date(2026, 12, 3),
    )
    assert len(made) == Case.objects.filter(agency=office.agency).count()
    decided = {(c.stream, c.result) for c in Case.objects.filter(decided_on__isnull=False)}
    assert decided >= {(s.value, r.value) for s in Stream for r in Result}
    open_streams = {c.stream for c in Case.objects.filter(decided_on__isnull=True)}
    assert open_streams == set(Stream.values)
    linked = Case.objects.exclude(application=None)
    assert linked.count() == len(apps)  # every closed application used once, theirs never
    for case in linked:
        assert case.filed_on > case.application.closed_on
    assert Case.objects.filter(application=None).exclude(application_reference="").exists()
    assert Case.objects.filter(events__kind=EventKind.REOPENED).count() == 1
    assert all(c.events.filter(kind=EventKind.REGISTERED).exists() for c in made)
    assert all(c.decided_on is None or c.decided_on >= c.filed_on for c in Case.objects.all())
