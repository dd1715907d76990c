"""Claims about organisations as institutions: who belongs to them, and what happens to missions.

A country joins, is suspended from, is reinstated in, leaves or is expelled from an
organisation or alliance (:class:`Membership`); an operation or mission is launched,
has its mandate extended or changed, or ends (:class:`Mission`). Operations and
missions are themselves organisations (categories ``military_operation`` and
``international_mission``), so that other claims can name them as forces.
"""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from .base import Name
from .claims import ClaimBase
from .dates import EDTF
from .ids import ActorRef, CountryRef, OrgRef
from .quantity import Quantity

#: What happened to a country's membership on the claim's date.
MembershipAction = Literal["joined", "suspended", "reinstated", "left", "expelled"]
#: What happened to a mission on the claim's date.
MissionAction = Literal["launched", "mandate_extended", "mandate_changed", "ended"]


class Membership(ClaimBase):
    """A country joining, suspended from, reinstated in, leaving or expelled from an organisation or alliance."""

    subject_fields = ("member", "organisation")
    conflict_key = ("member", "organisation", "action", "stage")
    categories = {"organisation": ("international_organisation", "alliance")}

    kind: Literal["membership"]
    member: CountryRef
    """The member country."""
    organisation: OrgRef
    """The organisation or alliance (G5 Sahel, ECOWAS, the Alliance of Sahel States)."""
    action: MembershipAction
    """What happened to the membership: joined, suspended (by the organisation), reinstated (after a
    suspension), left (the member's own decision) or expelled (by the organisation)."""
    stage: Literal["announced", "effective"]
    """Which step the date marks: announced (the decision made public) or effective (the change took effect)."""


class Mission(ClaimBase):
    """An operation or mission launched, its mandate extended or changed, or ended."""

    subject_fields = ("mission", "countries", "authority")
    conflict_key = ("mission", "action")
    categories = {"mission": ("military_operation", "international_mission")}

    kind: Literal["mission"]
    mission: OrgRef
    """The operation or mission (an organisation of category military_operation or international_mission)."""
    action: MissionAction
    """What happened on the claim's date: launched, mandate_extended (its end date pushed back),
    mandate_changed (its tasks or size changed) or ended."""
    countries: tuple[CountryRef, ...] = ()
    """The countries it operates in, as the act or the source says."""
    authority: ActorRef | None = None
    """Who authorised or decided it: the UN Security Council, the Council of the EU, a head of state."""
    instrument: Name | None = None
    """The act that did it, as it is cited ("Resolution 2100 (2013)", "Council Decision 2013/34/CFSP")."""
    until: EDTF | None = None
    """The end of the mandate it sets, where it sets one."""
    strength: Quantity | None = None
    """The authorised or stated size (personnel), as stated."""

    @model_validator(mode="after")
    def _mandate_ends_after(self) -> Mission:
        if self.until is not None and self.date is not None:
            start, end = self.date.earliest, self.until.latest
            if start is not None and end is not None and end < start:
                raise ValueError(f"until {self.until} is before the claim's date {self.date}")
        return self
