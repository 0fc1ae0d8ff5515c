"""Who may see and do what, by agency and role: the one home of these rules.

Platform admins are Django superusers. Staff act in an agency by holding a Membership there; the
provincial office's role reads (never writes) its agency and every agency below it.

A user's memberships are read once per request, into an ``Access`` that every predicate below
asks, so a page asks the database once however many checks it makes (``agencies.middleware`` opens
the request's scope; outside one, as in a command or a test calling a service, each check reads
them afresh, so a role granted a moment ago is never missed). The agencies a user reads are a
subquery (the tree is walked in the database), never a list of ids carried into Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from gongkai.agencies.models import STAFF_ROLES, Agency, Membership, Role

User = AbstractBaseUser | AnonymousUser

# The Access of each user seen in the current request, by user id; None outside a request.
_scope: ContextVar[dict[int, Access] | None] = ContextVar("gongkai_access_scope", default=None)


@dataclass(frozen=True)
class Grant:
    """One membership as the rules see it; ``department_id`` only for a department head."""

    agency_id: int
    role: str
    department_id: int | None
    agency_code: str = ""  # read in the same query: the menu links by code


def _agencies_below_province_roles(user_id: int) -> RawSQL:
    """The agencies a user's provincial-office roles read: each one's agency and every agency
    below it, walked in the database (a recursive query; SQLite and PostgreSQL both have it)."""
    agency, membership = Agency._meta, Membership._meta
    parent = agency.get_field("parent").column
    sql = (
        f"WITH RECURSIVE below(id) AS ("
        f"SELECT {membership.get_field('agency').column} FROM {membership.db_table} "
        f"WHERE {membership.get_field('user').column} = %s "
        f"AND {membership.get_field('role').column} = %s "
        f"UNION SELECT a.{agency.pk.column} FROM {agency.db_table} a "
        f"JOIN below ON a.{parent} = below.id"
        f") SELECT id FROM below"
    )
    return RawSQL(sql, (user_id, Role.PROVINCE.value))


class Access:
    """One user's standing: their memberships (one query, the first time it is asked), what
    follows from them, and the agencies they read as a subquery.

    Get it with ``access_of(user)``. In a request it lives as long as the request, so a
    membership granted or revoked shows from the next request (or after ``forget_access``).
    """

    def __init__(self, user: User) -> None:
        self.is_authenticated = bool(user.is_authenticated)
        # A deactivated account keeps its memberships but manages nothing (its sessions end too).
        self.is_active = self.is_authenticated and bool(user.is_active)
        self.is_superuser = self.is_authenticated and bool(user.is_superuser)
        self.user_id = user.pk if self.is_authenticated else None
        self._reads: dict[int, bool] = {}

    @cached_property
    def grants(self) -> tuple[Grant, ...]:
        if self.user_id is None:
            return ()
        rows = Membership.objects.filter(user_id=self.user_id).values_list(
            "agency_id", "role", "department_id", "agency__code"
        )
        return tuple(Grant(*row) for row in rows.order_by("agency_id", "role", "department_id"))

    @cached_property
    def _roles(self) -> dict[int, frozenset[str]]:
        by_agency: dict[int, set[str]] = defaultdict(set)
        for grant in self.grants:
            by_agency[grant.agency_id].add(grant.role)
        return {agency_id: frozenset(roles) for agency_id, roles in by_agency.items()}

    def roles_in(self, agency_id: int) -> frozenset[str]:
        return self._roles.get(agency_id, frozenset())

    def agencies_where(self, *roles: str) -> frozenset[int]:
        """The agencies where the user holds one of these roles (a few, from the memberships)."""
        return frozenset(g.agency_id for g in self.grants if g.role in roles)

    def holds_anywhere(self, *roles: str) -> bool:
        return any(grant.role in roles for grant in self.grants)

    def headed_departments(self, agency_id: int) -> frozenset[int | None]:
        """The departments the user heads in the agency; None among them: a head named for no
        department, who heads them all (a small office)."""
        return frozenset(
            g.department_id for g in self.grants if g.agency_id == agency_id and g.role == Role.HEAD
        )

    def works_in(self, agency_id: int) -> bool:
        """Staff of the agency (platform admins: of every agency; they still hold no role)."""
        return self.is_superuser or bool(self.roles_in(agency_id) & set(STAFF_ROLES))

    @property
    def is_staff_anywhere(self) -> bool:
        return self.is_superuser or self.holds_anywhere(*STAFF_ROLES, Role.PROVINCE)

    def readable_agencies(self) -> QuerySet[Agency]:
        """The agencies whose records the user reads, as one query (usable as a subquery)."""
        if not self.is_authenticated:
            return Agency.objects.none()
        if self.is_superuser:
            return Agency.objects.all()
        staff = Membership.objects.filter(user_id=self.user_id, role__in=STAFF_ROLES)
        readable = Q(pk__in=staff.values("agency_id"))
        if self.holds_anywhere(Role.PROVINCE):
            readable |= Q(pk__in=_agencies_below_province_roles(self.user_id))
        return Agency.objects.filter(readable)

    def reads(self, agency_id: int) -> bool:
        """Whether the user reads the agency's records; below a provincial office's agency, asked
        of the database once per agency."""
        if self.works_in(agency_id) or agency_id in self.agencies_where(Role.PROVINCE):
            return True
        if not self.holds_anywhere(Role.PROVINCE):
            return False
        if agency_id not in self._reads:
            self._reads[agency_id] = self.readable_agencies().filter(pk=agency_id).exists()
        return self._reads[agency_id]


def access_of(user: User) -> Access:
    """The user's ``Access``: in a request (``one_access_per_user``), the one made the first
    time it is asked; outside one, a new one."""
    scope = _scope.get()
    if scope is None or not user.is_authenticated:
        return Access(user)
    access = scope.get(user.pk)
    if access is None:
        access = scope[user.pk] = Access(user)
    return access


def forget_access(user: User) -> None:
    """Read the user's memberships again at the next check (after granting or revoking one)."""
    scope = _scope.get()
    if scope is not None:
        scope.pop(user.pk, None)


@contextmanager
def one_access_per_user() -> Iterator[None]:
    """Within this block each user's memberships are read once (a request, a batch job)."""
    token = _scope.set({})
    try:
        yield
    finally:
        _scope.reset(token)


def _agency_id(agency: Agency | int) -> int:
    return agency if isinstance(agency, int) else agency.pk


def roles_in(user: User, agency: Agency | int) -> set[str]:
    """The roles a user holds in one agency (empty for anonymous users)."""
    return set(access_of(user).roles_in(_agency_id(agency)))


def has_role(user: User, agency: Agency | int, *roles: str) -> bool:
    return bool(access_of(user).roles_in(_agency_id(agency)) & set(roles))


def can_approve_extension(user: User, agency: Agency) -> bool:
    """Art. 33: the head of the disclosure office consents; the leader in charge only where the
    agency's own policy allows it (``Agency.leader_may_extend``). Where the agency has not said
    which department is the office, any of its department heads may; a head named for no
    department heads every one, the office included (as in ``can_head_review``)."""
    access = access_of(user)
    if agency.leader_may_extend and Role.LEADER in access.roles_in(agency.pk):
        return True
    headed = access.headed_departments(agency.pk)
    if agency.disclosure_office_id is None or None in headed:
        return bool(headed)
    return agency.disclosure_office_id in headed


def can_read_agency(user: User, agency: Agency | int) -> bool:
    """Whether the user reads the agency's records: staff of it, its provincial office, admins."""
    return access_of(user).reads(_agency_id(agency))


def can_work_in_agency(user: User, agency: Agency | int) -> bool:
    """Whether the user works on the agency's records (the provincial office only reads)."""
    return access_of(user).works_in(_agency_id(agency))


def agencies_visible_to(user: User) -> QuerySet[Agency]:
    return access_of(user).readable_agencies()


def readable_agency_ids(user: User) -> set[int]:
    """The ids of ``agencies_visible_to`` (one query). To filter records, use that queryset as a
    subquery; to check one agency, ``can_read_agency``."""
    return set(agencies_visible_to(user).values_list("pk", flat=True))


def is_staff_anywhere(user: User) -> bool:
    return access_of(user).is_staff_anywhere


def administered_agency_ids(user: User) -> set[int] | None:
    """Agencies whose people, departments, settings and notice wording the user manages
    (Role.ADMIN there); None for platform admins, who manage every agency. From the request's
    ``Access``: no query of its own."""
    access = access_of(user)
    if not access.is_active:
        return set()
    if access.is_superuser:
        return None
    return set(access.agencies_where(Role.ADMIN))


def administers_any_agency(user: User) -> bool:
    """Whether the agency admin's pages have an agency for the user (the menu's entry)."""
    scope = administered_agency_ids(user)
    return scope is None or bool(scope)


def can_administer_agency(user: User, agency: Agency) -> bool:
    scope = administered_agency_ids(user)
    return scope is None or agency.pk in scope


def agencies_administered_by(user: User) -> QuerySet[Agency]:
    scope = administered_agency_ids(user)
    return Agency.objects.all() if scope is None else Agency.objects.filter(pk__in=scope)
