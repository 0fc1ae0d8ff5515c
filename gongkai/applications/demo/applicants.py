"""Made-up applicants with valid identity numbers, drawn from a seeded random generator.

Names are common given names and invented organisations; ID numbers and credit codes are built
with correct check characters (GB 11643, GB 32100) but belong to no one we know of.
"""

from __future__ import annotations

import random
from datetime import date

from gongkai.applications.intake import Intake
from gongkai.applications.models import ApplicantKind, Channel, Delivery, FormWanted, IdType
from gongkai.core.identity import resident_id_check_char, uscc_check_char

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN = ("伟", "芳", "娜", "敏", "静", "磊", "强", "军", "洋", "勇", "艳", "杰", "涛", "明", "超")
_GIVEN += ("秀英", "建华", "志强", "海燕", "晓东", "丽华", "雪梅", "国庆", "文博", "思远")
_DISTRICTS = ("南岗区", "道里区", "香坊区", "道外区", "松北区", "平房区")
_STREETS = ("中山路", "红旗大街", "学府路", "长江路", "西大直街", "和兴路")

# Per table 三 column: organisation names and the credit-code prefix (登记管理部门 + 机构类别).
_ORGANISATIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "business": (
        "91",
        ("哈尔滨某某科技有限公司", "黑龙江某某制药股份有限公司", "某某专利代理有限公司"),
    ),
    "research": ("12", ("黑龙江省某某研究院", "某某大学技术转移中心")),
    "public_interest": ("53", ("黑龙江省某某公益基金会", "某某助残服务中心")),
    "legal_services": ("31", ("黑龙江某某律师事务所", "某某知识产权法律服务所")),
    "other_org": ("51", ("某某行业协会", "某某村民委员会")),
}
_CONTACTS = ("刘经理", "陈主任", "孙律师", "周老师", "郑秘书长")


class ApplicantBook:
    """Hands out applicants; asking twice for the same name gives the same identity."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._known: dict[str, dict[str, str]] = {}
        self._serial = 0

    def intake(
        self, *, column: str, channel: str, info: str, applicant: str = "", description: str = ""
    ) -> Intake:
        who = self._known.get(applicant) if applicant else None
        if who is None:
            who = self._person() if column == "natural_person" else self._organisation(column)
            if applicant:
                self._known[applicant] = who
        form = self.rng.choice([FormWanted.ELECTRONIC, FormWanted.PAPER, FormWanted.INSPECT])
        delivery = self.rng.choice([Delivery.EMAIL, Delivery.POST, Delivery.COLLECT])
        if channel == Channel.ONLINE:
            delivery = Delivery.ONLINE
        return Intake(
            channel=channel,
            info_name=info,
            description=description,
            form_wanted=form,
            delivery=delivery,
            **who,
        )

    def _next(self) -> int:
        self._serial += 1
        return self._serial

    def _address(self) -> str:
        street = self.rng.choice(_STREETS)
        return f"黑龙江省哈尔滨市{self.rng.choice(_DISTRICTS)}{street}{self.rng.randint(1, 300)}号"

    def _phone(self) -> str:
        return f"13{self.rng.randint(0, 9)}{self.rng.randint(10_000_000, 99_999_999)}"

    def _person(self) -> dict[str, str]:
        n = self._next()
        name = self.rng.choice(_SURNAMES) + self.rng.choice(_GIVEN)
        birth = date(self.rng.randint(1955, 2003), self.rng.randint(1, 12), self.rng.randint(1, 28))
        first17 = f"230103{birth:%Y%m%d}{n % 1000:03d}"
        return {
            "applicant_kind": ApplicantKind.PERSON,
            "applicant_name": name,
            "id_type": IdType.RESIDENT_ID,
            "id_number": first17 + resident_id_check_char(first17),
            "phone": self._phone(),
            "email": f"applicant{n:03d}@example.com",
            "address": self._address(),
        }

    def _organisation(self, column: str) -> dict[str, str]:
        n = self._next()
        prefix, names = _ORGANISATIONS[column]
        first17 = f"{prefix}230100MA{n:07d}"
        return {
            "applicant_kind": ApplicantKind.ORGANISATION,
            "applicant_name": self.rng.choice(names),
            "uscc": first17 + uscc_check_char(first17),
            "org_kind": column,
            "contact_person": self.rng.choice(_CONTACTS),
            "phone": f"0451-8{self.rng.randint(1_000_000, 9_999_999)}",
            "email": f"office{n:03d}@example.com",
            "address": self._address(),
        }
