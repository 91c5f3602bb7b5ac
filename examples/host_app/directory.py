"""Who may sign in to the reference application.

A real host takes its users from its own single sign-on and maps each to a
:class:`duban_core.Actor` (name, role, unit): that mapping, not anything the browser sends,
is what the library's rules check (who may urge, approve, sign feedback).
"""

from __future__ import annotations

from duban_core import Actor, LeaderRank, Role

__all__ = ["DIRECTORY"]

#: Who may sign in. A real host takes these from its own single sign-on; the keys are what
#: the session stores.
DIRECTORY: dict[str, Actor] = {
    "office": Actor(name="李明", role=Role.OFFICE),
    "leader": Actor(name="王强", role=Role.LEADER),
    # A 主要领导: whose own 批示交办 only a 主要领导 extends under the 大安区委 rules (S4-20(三)).
    "secretary": Actor(name="陈书记", role=Role.LEADER, rank=LeaderRank.PRINCIPAL),
    "jtj-head": Actor(name="张伟", role=Role.UNIT_HEAD, unit="区交通局"),
    "jtj-staff": Actor(name="赵敏", role=Role.UNIT_STAFF, unit="区交通局"),
    "zjj-staff": Actor(name="刘洋", role=Role.UNIT_STAFF, unit="区住建局"),
}
