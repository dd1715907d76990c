"""Claims: single assertions, each of a kind, each with its evidence.

A claim says one thing at one time: an event on a ``date``, a state over a ``valid``
interval, or an observation ``as_of`` a day, all in EDTF. Where the date was worked out
from a phrase ("on Wednesday"), the phrase is kept in ``date_text`` and the working in
``date_basis``. Claims are never deleted: a wrong one is deprecated (``rank``) or
retracted (``status``), and claims that disagree point at each other with
``conflicts_with``.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field, model_validator

from .base import Frozen, Known, Text
from .dates import EDTF, Interval
from .evidence import Evidence
from .ids import (
    ActorRef,
    ClaimRef,
    CountryRef,
    EntityRef,
    FacilityRef,
    Id,
    LocationRef,
    OrgRef,
    PersonRef,
    PlaceRef,
    Ref,
)
from .quantity import Quantity

#: Preferred: the best-supported of conflicting claims; deprecated: known to be wrong.
Rank = Literal["preferred", "normal", "deprecated"]
#: Active: in use; retracted: withdrawn by us; merged: folded into another claim.
Status = Literal["active", "retracted", "merged"]


class ClaimBase(Frozen):
    """What every claim has: an ID, a summary, its time, its evidence and its standing."""

    id: Id("claim")
    summary: Text
    """The claim in one sentence, in our own words."""
    date: EDTF | None = None
    """When the event happened (may be an interval for an event over several days)."""
    valid: Interval | None = None
    """When the state held: START/END, with '..' while it goes on."""
    as_of: EDTF | None = None
    """The day an observation (a count, a presence) refers to."""
    date_text: Text | None = None
    """The date as the source words it, when it is not a plain date ("on Wednesday")."""
    date_basis: Text | None = None
    """How the date was worked out (from ``date_text``, or from another source), and against what."""
    evidence: Annotated[list[Evidence], Field(min_length=1)]
    """The sources that support the claim, with their quotes and claimants."""
    rank: Rank = "normal"
    """How this claim stands against claims that conflict with it."""
    rank_reason: Text | None = None
    """Why the rank is not normal."""
    conflicts_with: list[ClaimRef] = []
    """Claims that say otherwise about the same thing."""
    supersedes: list[ClaimRef] = []
    """Claims this one replaces (a later count, a corrected date)."""
    status: Status = "active"
    """Whether the claim is in use."""
    status_reason: Text | None = None
    """Why the claim was retracted or merged."""
    merged_into: ClaimRef | None = None
    """The claim that replaced this one, when merged."""
    notes: Text | None = None
    """Anything a curator should know, in our own words."""

    @model_validator(mode="after")
    def _standing_explained(self) -> ClaimBase:
        if self.rank != "normal" and self.rank_reason is None:
            raise ValueError(f"rank '{self.rank}' needs a rank_reason")
        if self.status != "active" and self.status_reason is None:
            raise ValueError(f"status '{self.status}' needs a status_reason")
        if (self.status == "merged") != (self.merged_into is not None):
            raise ValueError("merged_into is given exactly when status is 'merged'")
        if self.id in self.conflicts_with or self.id in self.supersedes or self.merged_into == self.id:
            raise ValueError("a claim cannot conflict with, supersede or merge into itself")
        return self


class Deployment(ClaimBase):
    """A force sent to, or present in, a country, place or facility."""

    kind: Literal["deployment"]
    force: OrgRef
    """The force deployed."""
    country: CountryRef
    """The host country."""
    place: PlaceRef | None = None
    """The place, where known."""
    facility: FacilityRef | None = None
    """The facility, where known."""
    role: Text | None = None
    """What the force is described as or there to do ("military trainers")."""


class Withdrawal(ClaimBase):
    """A force leaving a country or facility: announced, begun or completed."""

    kind: Literal["withdrawal"]
    force: OrgRef
    """The force leaving."""
    country: CountryRef
    """The country it leaves."""
    facility: FacilityRef | None = None
    """The facility it leaves, when the claim is about one site."""
    stage: Literal["announced", "began", "completed"]
    """Which step the date marks."""
    size: Quantity | None = None
    """How many left, as stated."""


class ExpulsionOrder(ClaimBase):
    """An order by a government for a foreign force to leave."""

    kind: Literal["expulsion_order"]
    issuer: ActorRef
    """Who gave the order."""
    target: Ref("org", "country")  # type: ignore[valid-type]
    """The force, or the country whose forces, must leave."""
    country: CountryRef
    """The country they must leave."""
    scope: Text | None = None
    """What the order covers, in our own words ("all US troops")."""


class Agreement(ClaimBase):
    """An agreement between parties: concluded, in force, or ended."""

    kind: Literal["agreement"]
    parties: Annotated[list[ActorRef], Field(min_length=2)]
    """The parties to it."""
    name: Text
    """What the agreement is ("status of forces agreement")."""
    action: Literal["negotiating", "concluded", "in_force", "terminated"]
    """What happened to it on the claim's date: talks under way, concluded, in force, or ended."""
    participants: list[ActorRef] = []
    """People or bodies who took part for the parties."""
    terms: Text | None = None
    """What it provides, in our own words."""


class FacilityUse(ClaimBase):
    """Who operates, holds or is stationed at a facility, and when."""

    kind: Literal["facility_use"]
    facility: FacilityRef | None = None
    """The facility, where the source names or locates it."""
    user: ActorRef
    """The force, organisation or country using it."""
    country: CountryRef
    """The country the facility lies in."""
    relation: Literal["operates", "stationed_at", "controls", "built"]
    """How the user relates to the facility."""
    purpose: Text | None = None
    """What it is used for, in our own words."""
    count: Quantity | None = None
    """How many facilities, when the claim is about several unnamed ones."""


class TroopCount(ClaimBase):
    """How many personnel of a force were in a country or facility."""

    kind: Literal["troop_count"]
    force: OrgRef
    """The force counted."""
    country: CountryRef
    """Where."""
    facility: FacilityRef | None = None
    """The facility, when the count is for one site."""
    count: Known[Quantity]
    """The figure, as stated; unknown when the source says it is not known."""
    includes: Text | None = None
    """What the figure covers ("contractors included")."""


class Distance(ClaimBase):
    """A stated distance between two located entities, in one or more units."""

    kind: Literal["distance"]
    origin: LocationRef
    """Where the distance is measured from."""
    destination: LocationRef
    """Where it is measured to."""
    origin_text: Text | None = None
    """The source's words for the origin, when the entity was worked out from them."""
    destination_text: Text | None = None
    """The source's words for the destination, when the entity was worked out from them."""
    location_basis: Text | None = None
    """How origin and destination were worked out from the source's words."""
    measures: Annotated[list[Quantity], Field(min_length=1)]
    """The distance in each unit the source gives (km, mi)."""
    direction: Text | None = None
    """The stated direction from origin to destination ("northeast")."""

    @model_validator(mode="after")
    def _lengths(self) -> Distance:
        if self.origin == self.destination:
            raise ValueError("origin and destination are the same")
        bad = [m.unit for m in self.measures if m.unit not in ("km", "mi")]
        if bad:
            raise ValueError(f"a distance is measured in km or mi, not {bad[0]}")
        return self


class Statement(ClaimBase):
    """Words attributed to a speaker, and how faithfully the source renders them."""

    kind: Literal["statement"]
    speaker: ActorRef
    """Who spoke."""
    words: Text | None = None
    """The words the source puts in the speaker's mouth; none when it only describes what was said."""
    fidelity: Literal["verbatim", "as_reported", "summarised"]
    """verbatim: the speaker's exact words (a transcript); as_reported: words as this source renders
    them, which may paraphrase or translate; summarised: the source describes what was said, in its words."""
    occasion: Text | None = None
    """Where or to whom it was said ("a press briefing in Honolulu")."""

    @model_validator(mode="after")
    def _words_match_fidelity(self) -> Statement:
        if (self.words is None) != (self.fidelity == "summarised"):
            raise ValueError("give words for a verbatim or as_reported statement, and none with fidelity summarised")
        return self


class Coup(ClaimBase):
    """A seizure of power by the military."""

    kind: Literal["coup"]
    country: CountryRef
    """Where."""
    perpetrators: list[OrgRef] = []
    """Who seized power."""
    ousted: list[PersonRef] = []
    """Who was removed."""


class Election(ClaimBase):
    """An election held or scheduled."""

    kind: Literal["election"]
    country: CountryRef
    """Where."""
    office: Text
    """What is elected ("President")."""


class Protest(ClaimBase):
    """A public protest."""

    kind: Literal["protest"]
    country: CountryRef
    """Where."""
    place: PlaceRef | None = None
    """The city or area, where known."""
    against: Text | None = None
    """What it opposed, in our own words."""


class Invasion(ClaimBase):
    """An armed invasion of one country by another."""

    kind: Literal["invasion"]
    aggressor: CountryRef
    """The invading country."""
    target: CountryRef
    """The country invaded."""


class Relations(ClaimBase):
    """A change in relations between actors: ties strengthened or weakened, help sought, a condemnation."""

    kind: Literal["relations"]
    actors: list[ActorRef] = []
    """The actors whose relations changed, where the source names them."""
    actors_text: Text | None = None
    """The source's words for the actors, when it does not name them ("several military-led countries")."""
    counterpart: ActorRef
    """The other side."""
    change: Literal["strengthened", "weakened", "sought_assistance", "supported", "condemned", "objected"]
    """What the actors did towards the counterpart."""
    about: list[ClaimRef] = []
    """Claims about what the change concerns (the coup that was condemned)."""

    @model_validator(mode="after")
    def _someone_acts(self) -> Relations:
        if not self.actors and self.actors_text is None:
            raise ValueError("name the actors, or give actors_text in the source's words")
        return self


class Assessment(ClaimBase):
    """A judgement a source makes or reports: an interpretation, not an event."""

    kind: Literal["assessment"]
    subjects: Annotated[list[EntityRef], Field(min_length=1)]
    """The entities the judgement is about."""
    about: list[ClaimRef] = []
    """Claims the judgement interprets."""


class Expenditure(ClaimBase):
    """Money approved for, or spent on, a facility."""

    kind: Literal["expenditure"]
    payer: ActorRef
    """Who pays."""
    facility: FacilityRef
    """What the money is for."""
    stage: Literal["approved", "spent"]
    """Approved (a budget) or spent (a cost)."""
    amount: Quantity
    """The sum, as stated."""

    @model_validator(mode="after")
    def _in_money(self) -> Expenditure:
        if self.amount.unit != "usd":
            raise ValueError(f"an amount is in usd, not {self.amount.unit}")
        return self


CLAIM_TYPES: tuple[type[ClaimBase], ...] = (
    Deployment,
    Withdrawal,
    ExpulsionOrder,
    Agreement,
    FacilityUse,
    TroopCount,
    Distance,
    Statement,
    Coup,
    Election,
    Protest,
    Invasion,
    Relations,
    Assessment,
    Expenditure,
)
#: Any claim, told apart by ``kind``.
Claim = Annotated[Union[CLAIM_TYPES], Field(discriminator="kind")]  # noqa: UP007 - built from the tuple
