"""The declared-workflow core: an action is refused for its state, its roles or the four-eyes rule,
in that order, in the words of the workflow that uses it."""

from __future__ import annotations

import pytest

from gongkai.core.errors import DomainError
from gongkai.core.workflow import Action, Vocabulary, check

REVIEW = Action(
    key="review",
    label="审核",
    sources=frozenset({"drafted"}),
    target="reviewed",
    roles=frozenset({"head", "leader"}),
    four_eyes=True,
)
DRAFT = Action(
    key="draft",
    label="拟稿",
    sources=frozenset({"open", "returned"}),
    target="drafted",
    roles=frozenset({"clerk"}),
)
WORDS = Vocabulary(
    state_label={"open": "待办", "drafted": "已拟稿"}.get,
    role_label={"head": "负责人", "leader": "领导", "clerk": "承办人"}.get,
    state_refusal="案件处于“%(state)s”，不能“%(action)s”",
    four_eyes_refusal="不能审核自己起草的稿件（%(action)s）",
)


def _refusal(act: Action, vocabulary: Vocabulary | None = None, **kwargs) -> str:
    given = {"state": "drafted", "roles": {"head"}, "is_drafter": False, **kwargs}
    with pytest.raises(DomainError) as refused:
        if vocabulary is None:
            check(act, **given)
        else:
            check(act, vocabulary=vocabulary, **given)
    return refused.value.message


def test_an_allowed_action_passes():
    check(REVIEW, state="drafted", roles={"head"}, is_drafter=False)
    check(DRAFT, state="returned", roles={"clerk", "head"}, is_drafter=True)


def test_an_action_from_another_state_is_refused_naming_the_state_by_its_label():
    assert _refusal(REVIEW, WORDS, state="open") == "案件处于“待办”，不能“审核”"


def test_without_a_vocabulary_states_and_roles_are_named_as_they_are():
    assert _refusal(REVIEW, state="open") == "当前状态为“open”，不能执行“审核”"
    assert _refusal(REVIEW, roles={"clerk"}) == "“审核”需要以下角色之一：head、leader"
    assert "审核" in _refusal(REVIEW, is_drafter=True)


def test_an_actor_without_any_of_the_roles_is_refused_with_the_roles_needed():
    assert _refusal(REVIEW, WORDS, roles={"clerk"}) == "“审核”需要以下角色之一：负责人、领导"
    assert _refusal(REVIEW, WORDS, roles=set()) == "“审核”需要以下角色之一：负责人、领导"


def test_whoever_drafted_may_not_take_a_four_eyes_step():
    assert _refusal(REVIEW, WORDS, is_drafter=True) == "不能审核自己起草的稿件（审核）"


def test_an_action_without_the_four_eyes_flag_is_open_to_the_drafter():
    check(DRAFT, state="open", roles={"clerk"}, is_drafter=True, vocabulary=WORDS)


def test_the_state_is_checked_before_the_roles_and_the_roles_before_the_drafter():
    assert _refusal(REVIEW, WORDS, state="open", roles=set(), is_drafter=True).startswith("案件")
    assert _refusal(REVIEW, WORDS, roles=set(), is_drafter=True).startswith("“审核”需要")


def test_an_action_that_keeps_the_state_has_no_target():
    extend = Action("extend", "延期", frozenset({"drafted"}), None, frozenset({"head"}))
    check(extend, state="drafted", roles={"head"}, is_drafter=True)
    assert extend.target is None and not extend.four_eyes


def test_the_handling_workflow_uses_the_core_with_its_own_words():
    from gongkai.applications import workflow

    assert isinstance(workflow.ACTIONS["head_review"], Action)
    reviews = {k for k, a in workflow.ACTIONS.items() if a.four_eyes}
    assert reviews == {"head_review", "leader_approve", "clear"}
    with pytest.raises(
        DomainError, match="拟稿人不能审核或批准自己拟写的答复（处室负责人审核通过）"
    ):
        workflow.check(
            workflow.ACTIONS["head_review"], state="drafted", roles={"head"}, is_drafter=True
        )
    with pytest.raises(DomainError, match="申请当前状态为“待确认收到”"):
        workflow.check(
            workflow.ACTIONS["head_review"], state="submitted", roles={"head"}, is_drafter=False
        )
