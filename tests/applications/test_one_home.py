"""Where a vocabulary has to be written twice (a model's choices beside the report's edition),
these tests prove the copies agree, so that neither can drift."""

from __future__ import annotations

import pytest

from gongkai.applications import fees
from gongkai.applications.event_kinds import CONSULTED_PARTIES
from gongkai.applications.forms.actions import SendFeeNoticeForm
from gongkai.applications.models import ApplicantKind, Application, OrgKind
from gongkai.applications.notices import kinds
from gongkai.applications.services.handling import CONSULTATION_KINDS
from gongkai.reports.engine.editions import EDITION_2019, EDITION_2021, TOTAL


@pytest.mark.parametrize("edition", [EDITION_2019, EDITION_2021], ids=lambda e: e.key)
def test_the_applicant_columns_are_the_editions_table_3_columns(edition):
    # The model needs static choices for its migrations; the edition is the official source.
    official = {c.key: c.short for c in edition.table3_columns if c.short != TOTAL}
    ours = {OrgKind(k).value: str(OrgKind(k).label) for k in OrgKind.values}
    ours["natural_person"] = str(ApplicantKind.PERSON.label)
    assert ours == official


def test_every_applicant_falls_in_a_column_of_the_edition():
    keys = {c.key for c in EDITION_2021.table3_columns}
    assert Application.column_for(ApplicantKind.PERSON, "") in keys
    for org_kind in [*OrgKind.values, ""]:
        assert Application.column_for(ApplicantKind.ORGANISATION, org_kind) in keys


def test_a_consultation_kind_is_one_the_notices_have_a_letter_for():
    assert set(CONSULTATION_KINDS) == set(CONSULTED_PARTIES)
    assert {party.letter for party in CONSULTED_PARTIES.values()} <= set(kinds.KINDS)


def test_the_fee_form_offers_exactly_the_schedules():
    field = SendFeeNoticeForm.base_fields["basis"]
    assert [key for key, _ in field.choices] == [fees.BY_COUNT, fees.BY_VOLUME]
