"""An application for disclosure: who asked, for what, how it arrived, and where it stands.

The applicant is recorded on the application as they gave it at the time (a snapshot): that is
what the reply answers and what the report counts. ``report_column`` is the table 三 column the
applicant falls in, kept as a column so that the report is one grouped scan.

``due_on`` and its companions are a cache of the deadline derived from the clock events
(services.deadlines); nothing writes them by hand.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, GreaterThanOrEqual
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency, Department
from gongkai.applications.models.choices import (
    ApplicantKind,
    Channel,
    Delivery,
    FormWanted,
    IdType,
    OrgKind,
    State,
)


class CalendarYear(models.Func):
    """The year of a date as an integer, in the database's own SQL.

    Not ``ExtractYear``: on SQLite that calls a function Django registers on its own connections,
    and the constraint below must hold for any connection to the file (the sqlite3 shell, a
    restore). ``strftime`` is SQLite's own; ``EXTRACT(YEAR FROM date)`` is immutable on PostgreSQL.
    """

    template = "CAST(EXTRACT(YEAR FROM %(expressions)s) AS integer)"
    output_field = models.IntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # The format is a parameter: a "%" in the SQL text would be read as a placeholder.
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(strftime(%s, {sql}) AS integer)", ("%Y", *params)


# year_ends_open: at how many year ends (12-31) the application is open — received by the day,
# not closed by it — counted up to 2: NULL for none (closed in its receipt year, or not received),
# 1 for closed in the year after its receipt, 2 for closed later or not closed. Table 三 reads it
# to find the applications carried into a year without reading every earlier year's applications
# (reports/compute/predicates.py, ``relevant_parts``). NULL rather than 0, so that the partial
# index below holds only the few that cross a year end and any comparison on the field lets
# SQLite use that index. The same rule three times, held together: the SQL below (the database
# refuses a row that disagrees), ``year_ends_open`` (what a save writes) and a test of the two.
MANY_YEAR_ENDS = 2
_YEARS_APART = CalendarYear("closed_on") - CalendarYear("received_on")
YEAR_ENDS_OPEN_SQL = Case(
    When(Q(received_on__isnull=False, closed_on__isnull=True), then=Value(MANY_YEAR_ENDS)),
    When(GreaterThanOrEqual(_YEARS_APART, MANY_YEAR_ENDS), then=Value(MANY_YEAR_ENDS)),
    When(Exact(_YEARS_APART, 1), then=Value(1)),
    default=Value(None),
    output_field=models.PositiveSmallIntegerField(),
)


def year_ends_open(received_on: date | None, closed_on: date | None) -> int | None:
    """At how many year ends the application is open, up to 2, None for none: as the SQL."""
    if received_on is None:
        return None
    if closed_on is None:
        return MANY_YEAR_ENDS
    apart = closed_on.year - received_on.year
    return min(apart, MANY_YEAR_ENDS) if apart >= 1 else None


class YearEndsOpenField(models.PositiveSmallIntegerField):
    """``year_ends_open`` worked out from the instance's dates whenever the row is written by
    ``save()`` or ``bulk_create()`` (both call ``pre_save``), as ``auto_now`` works out a time.
    A write that bypasses both (``QuerySet.update()`` of a date, raw SQL) and leaves it wrong
    is refused by the constraint ``application_year_ends_open``."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("null", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance: models.Model, add: bool) -> int | None:
        value = year_ends_open(model_instance.received_on, model_instance.closed_on)
        setattr(model_instance, self.attname, value)
        return value


class Application(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="applications"
    )
    number = models.CharField(_("申请编号"), max_length=30)
    # Shown once to the applicant; with their phone or ID number it opens the application.
    query_code = models.CharField(_("查询码"), max_length=20, unique=True)
    # Set by the submitting form; a second submission with the same key returns the first.
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    channel = models.CharField(_("申请方式"), max_length=20, choices=Channel.choices)

    applicant_kind = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("姓名或名称"), max_length=200)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices, blank=True)
    id_number = models.CharField(_("证件号码"), max_length=40, blank=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    org_kind = models.CharField(_("组织类型"), max_length=20, choices=OrgKind.choices, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=300, blank=True)
    report_column = models.CharField(max_length=20, editable=False)

    info_name = models.CharField(_("所需信息名称"), max_length=300)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    description = models.TextField(_("所需信息的特征性描述"), blank=True)
    form_wanted = models.CharField(_("获取信息的形式"), max_length=20, choices=FormWanted.choices)
    delivery = models.CharField(_("获取信息的方式"), max_length=20, choices=Delivery.choices)

    state = models.CharField(_("状态"), max_length=20, choices=State.choices)
    submitted_at = models.DateTimeField(_("提交时间"))
    # Art. 31: the day the agency counts as having received it, and who confirmed that day.
    received_on = models.DateField(_("收到申请日期"), null=True, blank=True)
    received_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("承办处室"), null=True, blank=True, on_delete=models.PROTECT
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(_("答复结果"), max_length=40, blank=True)
    reply_text = models.TextField(_("答复内容"), blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("拟稿人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    # Derived from the two dates above on every write; see YEAR_ENDS_OPEN_SQL.
    year_ends_open = YearEndsOpenField()

    due_on = models.DateField(_("答复期限"), null=True, blank=True, editable=False)
    due_provisional = models.BooleanField(_("期限为暂定"), default=False, editable=False)
    due_explanation = models.TextField(_("期限说明"), blank=True, editable=False)

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="application_unique_number"),
            # The report counts every closed application in its outcome's row, in its closing
            # year, and as open from its receipt: both dates and the outcome must agree.
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | (
                    models.Q(received_on__isnull=False, closed_on__gte=models.F("received_on"))
                    & ~models.Q(outcome="")
                ),
                name="application_closed_after_receipt_with_outcome",
                violation_error_message="办结的申请须有收到日期和答复结果，且办结日期不早于收到日期",
            ),
            # The stored count of year ends is the one its dates give (never NULL = NULL).
            models.CheckConstraint(
                condition=Exact(Coalesce(F("year_ends_open"), 0), Coalesce(YEAR_ENDS_OPEN_SQL, 0)),
                name="application_year_ends_open",
                violation_error_message="year_ends_open 与收到日期、办结日期不符",
            ),
        ]
        indexes = [
            # Table 三 for one agency-year: the applications received in the year are one range
            # of this index, read alone (covering); the id after the date so that a cell's list
            # walks it in its order (reports/drilldown.py). Those carried into the year are two
            # ranges of the next (reports/compute/predicates.py, ``relevant_parts``).
            models.Index(
                fields=["agency", "received_on", "id", "closed_on", "report_column", "outcome"],
                name="application_report_idx",
            ),
            models.Index(
                fields=[
                    "agency",
                    "year_ends_open",
                    "received_on",
                    "id",
                    "closed_on",
                    "report_column",
                    "outcome",
                ],
                name="application_carried_idx",
                condition=Q(year_ends_open__isnull=False),
            ),
            models.Index(fields=["agency", "state", "due_on"], name="application_workload_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.info_name}"

    def save(self, *args, **kwargs) -> None:
        self.report_column = self.column_for(self.applicant_kind, self.org_kind)
        super().save(*args, **kwargs)

    @staticmethod
    def column_for(applicant_kind: str, org_kind: str) -> str:
        """The table 三 column key: 自然人, or the organisation's kind."""
        if applicant_kind == ApplicantKind.PERSON:
            return "natural_person"
        return org_kind or OrgKind.OTHER

    @property
    def is_pending(self) -> bool:
        """Not yet answered: no reply served and not otherwise ended; the clock runs."""
        return self.closed_on is None
