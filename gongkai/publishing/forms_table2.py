"""The form that enters one input cell of table 二 (``table2_inputs.table2_input_set`` checks it).

The form only reads what was typed; the value's kind, the cell and the source are the service's
to check, so a refusal reads the same from the page, a command or a test.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.forms import NamedErrorsMixin
from gongkai.publishing.table2_inputs import SOURCE_MAX, VALUE_MAX
from gongkai.reports.compute.table2_predicates import input_cells
from gongkai.reports.engine.editions import CellKey, Edition

# Between the parts of a cell's key in the form's choice values: no official label holds it.
SEPARATOR = "|"


def cell_choice(key: CellKey) -> str:
    """The value that names an input cell in the form (and in the page's ``?cell=`` links)."""
    return SEPARATOR.join((key.block, key.row, key.column))


class Table2InputForm(NamedErrorsMixin, forms.Form):
    cell = forms.ChoiceField(label=_("单元格"))
    value = forms.CharField(
        label=_("数值"),
        max_length=VALUE_MAX,
        help_text=_("整数或金额，可带单位（如 251000元）；不适用的填“/”"),
    )
    source = forms.CharField(
        label=_("数据来源"),
        max_length=SOURCE_MAX,
        help_text=_("如：行政审批系统 2025 年度统计表；财务处提供的收费台账"),
    )

    def __init__(self, *args, edition: Edition, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cell"].choices = [
            (cell_choice(key), edition.cell_name(key)) for key in input_cells(edition)
        ]

    def clean_cell(self) -> CellKey:
        block, row, column = self.cleaned_data["cell"].split(SEPARATOR)
        return CellKey("二", block, row, column)
