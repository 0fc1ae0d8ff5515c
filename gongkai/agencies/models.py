"""Agencies (a tree), their departments, and who holds which role where.

Tenancy is by agency: staff see the records of the agencies they hold a role in. The provincial
office's role, held on an agency, reads that agency and every agency below it in the tree.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _


class Agency(models.Model):
    code = models.CharField(
        _("机关代码"),
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(r"^[a-z0-9][a-z0-9-]*$", _("机关代码只能含小写字母、数字和连字符"))
        ],
        help_text=_("命令行和网址中使用，例如 hlj-ipo"),
    )
    name = models.CharField(_("机关名称"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Shown on notices and the receipt: where applicants reach the office.
    office_name = models.CharField(_("公开工作机构"), max_length=200, blank=True)
    office_address = models.CharField(_("办公地址"), max_length=300, blank=True)
    office_phone = models.CharField(_("联系电话"), max_length=60, blank=True)
    # Art. 33: an extension needs the consent of the head of this office. Unset, any department
    # head of the agency may give it (the agency has not said which department is the office).
    disclosure_office = models.ForeignKey(
        "Department",
        verbose_name=_("政府信息公开工作机构（处室）"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("延期答复须经该处室负责人同意（《条例》第三十三条）"),
    )
    # Art. 33 names only the disclosure office's head; a leader approving too is local policy.
    leader_may_extend = models.BooleanField(
        _("本机关规定：分管领导也可批准延期答复"),
        default=False,
        help_text=_(
            "地方或本机关的规定，并非《条例》第三十三条的要求；法定批准人为公开工作机构负责人"
        ),
    )

    # The 文号 of this agency's notices; validated by applications.notices (which owns the names).
    notice_number_pattern = models.CharField(
        _("告知书文号格式"),
        max_length=100,
        default="{code}-{year}-{seq:04d}",
        help_text=_(
            "可用 {year}（年份）、{seq}（当年序号）、{code}（机关代码），"
            "例如 黑知公开〔{year}〕{seq}号"
        ),
    )

    # What the portal and the guide (Art. 12) show; all optional, a blank is left out.
    level = models.CharField(
        _("机关层级"),
        max_length=20,
        choices=[
            ("provincial", _("省级及以上")),
            ("city", _("设区的市级")),
            ("county", _("县级")),
            ("township", _("乡（镇）")),
        ],
        default="provincial",
        help_text=_("设区的市级、县级机关的目录另含《条例》第二十一条的类别"),
    )
    # Art. 49 sets the annual report's deadline by what the agency is: a department of a
    # government publishes by 1月31日, a local people's government (its 主管部门 for it) by 3月31日.
    report_kind = models.CharField(
        _("年度报告主体"),
        max_length=20,
        choices=[("department", _("人民政府部门")), ("government", _("人民政府"))],
        default="department",
        help_text=_(
            "《条例》第四十九条：部门于1月31日前、县级以上地方人民政府于3月31日前公布上一年度报告"
        ),
    )
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    office_fax = models.CharField(_("传真号码"), max_length=60, blank=True)
    office_email = models.EmailField(_("电子邮箱"), blank=True)
    office_postcode = models.CharField(_("邮政编码"), max_length=10, blank=True)
    # The guide's 获取方式: what the office says about applying, beside the platform's own form.
    apply_instructions = models.TextField(_("申请须知"), blank=True)
    site_sponsor = models.CharField(_("主办单位"), max_length=200, blank=True)
    site_code = models.CharField(_("网站标识码"), max_length=20, blank=True)
    icp_number = models.CharField(_("ICP备案号"), max_length=60, blank=True)
    police_number = models.CharField(_("公安机关备案号"), max_length=60, blank=True)
    # The 索引号 of published items; validated by agencies.numbering like the 文号.
    index_number_pattern = models.CharField(
        _("索引号格式"),
        max_length=100,
        default="{code}/{year}-{seq:05d}",
        help_text=_(
            "可用 {year}（年份）、{seq}（当年序号）、{code}（机关代码）、"
            "{统一社会信用代码}，例如 {统一社会信用代码}/{year}-{seq:05d}"
        ),
    )

    class Meta:
        verbose_name = _("机关")
        verbose_name_plural = _("机关")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.disclosure_office_id and self.disclosure_office.agency_id != self.pk:
            raise ValidationError({"disclosure_office": _("政府信息公开工作机构须是本机关的处室")})

    def descendant_ids(self) -> set[int]:
        """This agency and every agency below it, found by one recursive query in the database."""
        return set(
            Agency.objects.filter(pk__in=agencies_below(self.pk)).values_list("pk", flat=True)
        )


def agencies_below(*agency_ids: int) -> RawSQL:
    """The ids of these agencies and of every agency below them, as a subquery: the tree is
    walked by the database (a recursive query; SQLite and PostgreSQL both have it), never level
    by level in Python."""
    if not agency_ids:
        agency_ids = (-1,)  # an empty IN () is not SQL; no agency has a negative id
    table, pk = Agency._meta.db_table, Agency._meta.pk.column
    parent = Agency._meta.get_field("parent").column
    marks = ", ".join(["%s"] * len(agency_ids))
    sql = (
        f"WITH RECURSIVE below(id) AS (SELECT {pk} FROM {table} WHERE {pk} IN ({marks}) "
        f"UNION SELECT a.{pk} FROM {table} a JOIN below ON a.{parent} = below.id) "
        f"SELECT id FROM below"
    )
    return RawSQL(sql, tuple(agency_ids))


class Department(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("机关"), on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(_("处室名称"), max_length=200)

    class Meta:
        verbose_name = _("处室")
        verbose_name_plural = _("处室")
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="department_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CLERK = "clerk", _("承办人")
    HEAD = "head", _("处室负责人")
    LEADER = "leader", _("分管领导")
    REVIEWER = "reviewer", _("保密审查员")
    ADMIN = "admin", _("机关管理员")
    PROVINCE = "province", _("省级公开办")


# The role sets the rules ask about, declared once beside the roles.
# Roles that work on an agency's records (the provincial office only reads).
STAFF_ROLES = (Role.CLERK, Role.HEAD, Role.LEADER, Role.REVIEWER, Role.ADMIN)
# Who registers applications (any channel, a ledger import), takes the clerk's workflow steps and
# may be assigned to handle one.
HANDLING_ROLES = (Role.CLERK, Role.ADMIN)
# Who sees an applicant's identity number and phone whole: those who handle the application and
# may have to reach the applicant. The confidentiality reviewer and the provincial office read
# applications without needing them, and see them masked (PIPL Art. 6: no more than needed).
PERSONAL_DATA_ROLES = (Role.CLERK, Role.HEAD, Role.LEADER, Role.ADMIN)


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("机关"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    # A department head holds one membership per department headed; other roles leave it empty.
    # PROTECT: a department someone heads cannot be deleted from under them — emptied, the row
    # would read as a head of no department, who heads them all.
    department = models.ForeignKey(
        Department, verbose_name=_("处室"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"],
                condition=models.Q(department__isnull=True),
                name="membership_unique_role",
            ),
            # One person may head several departments: one row for each.
            models.UniqueConstraint(
                fields=["user", "agency", "role", "department"],
                condition=models.Q(department__isnull=False),
                name="membership_unique_role_department",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"
