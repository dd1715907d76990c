"""Claims: single assertions, each of a kind, each with its evidence.

A claim says one thing at one time: an event on a ``date``, a state over a ``valid``
interval, or an observation ``as_of`` a day, all in EDTF. Where the date was worked out
from a phrase ("on Wednesday"), the phrase is kept in ``date_text`` and the working in
``date_basis``. Claims are never deleted: a wrong one is deprecated (``rank``) or
retracted (``status``), and claims that disagree point at each other with
``conflicts_with``.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from .base import Known, Name, RecordBase, Text, shown
from .dates import EDTF, Interval
from .evidence import Evidence
from .ids import (
    ActorRef,
    ClaimRef,
    CountryRef,
    EntityRef,
    FacilityRef,
    ForceRef,
    IdOf,
    LocationRef,
    OrgRef,
    PersonRef,
    PlaceRef,
    RefTo,
)
from .quantity import Quantity

#: The time fields of a claim: ``date`` dates an event, ``valid`` bounds a state, ``as_of`` is the day a
#: state or figure was observed.
TimeField = Literal["date", "valid", "as_of"]
TIME_FIELDS: tuple[TimeField, ...] = ("date", "valid", "as_of")
#: Events about the same thing further apart than this are two events, not one event dated two ways.
EVENT_WINDOW_DAYS = 31

#: Preferred: the best-supported of conflicting claims; deprecated: known to be wrong.
Rank = Literal["preferred", "normal", "deprecated"]
#: Active: in use; retracted: withdrawn by us; merged: folded into another claim.
Status = Literal["active", "retracted", "merged"]


class ClaimBase(RecordBase):
    """What every claim has: an ID, a summary, its time, its evidence and its standing.

    Each kind says what its claims mean in class attributes, which the checks, the
    fact base's queries and the timeline all read: which time fields it uses
    (``times``), which fields name what it is about (``subject_fields``), which make
    two claims about the same thing (``conflict_key``), what such claims are compared
    on (``compared``), and, for kinds that place an actor somewhere, which fields say
    who is where (``presence_fields``).
    """

    times: ClassVar[tuple[TimeField, ...]] = ("date",)
    """The time fields a claim of this kind may carry, one at a time: ``date`` for an event, ``valid`` for a
    state over an interval, ``as_of`` for a state or figure observed on a day; none for a timeless claim."""
    subject_fields: ClassVar[tuple[str, ...]] = ()
    """The fields that name what a claim is about, the actor first (it names the claim's timeline lane)."""
    conflict_key: ClassVar[tuple[str, ...]] = ()
    """The fields whose values make two claims of this kind about the same thing, so that they can disagree;
    none: claims of the kind are never compared by the conflict check."""
    compared: ClassVar[str] = "date"
    """What two claims about the same thing are compared on: ``date``, or the name of a quantity field."""
    presence_fields: ClassVar[tuple[str, str, str] | None] = None
    """For kinds that place an actor in a country: the fields naming the actor, the country and the facility
    (which may be empty). A later claim of a kind that ends presence ends such a claim (:meth:`ends`)."""
    ending_fields: ClassVar[tuple[str, str, str] | None] = None
    """For kinds that end a presence (a completed withdrawal, a handover): the fields naming the actor that
    leaves, the country it leaves and the facility it leaves (which may be empty: the whole country). Which
    presence claims such a claim ends is :meth:`ends`; a kind may narrow which of its claims end one
    (:attr:`ending`)."""

    categories: ClassVar[dict[str, tuple[str, ...]]] = {}
    """For fields that must name an organisation of set categories: the field, and the categories its
    organisation may have (a mission names an operation or a mission). The check X306 holds claims to it."""

    id: Annotated[str, IdOf("claim")]
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
    evidence: Annotated[tuple[Evidence, ...], Field(min_length=1)]
    """The sources that support the claim, with their quotes and claimants."""
    rank: Rank = "normal"
    """How this claim stands against claims that conflict with it."""
    rank_reason: Text | None = None
    """Why the rank is not normal."""
    conflicts_with: tuple[ClaimRef, ...] = ()
    """Claims that say otherwise about the same thing: that cannot both hold."""
    conflict_reason: Text | None = None
    """What this claim and those in ``conflicts_with`` disagree on, when the conflict check cannot see it
    (their kinds are not compared, or their dates and figures could both hold)."""
    supersedes: tuple[ClaimRef, ...] = ()
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
        if self.conflict_reason is not None and not self.conflicts_with:
            raise ValueError("conflict_reason explains conflicts_with, which is empty")
        if self.id in self.conflicts_with or self.id in self.supersedes or self.merged_into == self.id:
            raise ValueError("a claim cannot conflict with, supersede or merge into itself")
        given = [name for name in TIME_FIELDS if getattr(self, name) is not None]
        wrong = [name for name in given if name not in self.times]
        if wrong:
            allowed = " or ".join(self.times) if self.times else "no time field"
            raise ValueError(f"{wrong[0]} is not used by a {self.kind} claim, which takes {allowed}")
        if len(given) > 1:
            raise ValueError(f"give one of {' and '.join(given)}: a claim has one time")
        return self

    @property
    def time_field(self) -> TimeField | None:
        """The name of the time field this claim carries, if any."""
        return next((name for name in TIME_FIELDS if getattr(self, name) is not None), None)

    @property
    def when(self) -> EDTF | None:
        """The claim's time: its date, validity or observation day, whichever it carries."""
        name = self.time_field
        return getattr(self, name) if name else None

    @property
    def subject(self) -> tuple[str, ...]:
        """The IDs of what the claim is about, in the order of ``subject_fields``."""
        found: list[str] = []
        for name in self.subject_fields:
            value = getattr(self, name)
            found.extend(value if isinstance(value, tuple) else () if value is None else (value,))
        return tuple(found)

    @property
    def presence(self) -> tuple[str, str, str | None] | None:
        """Who the claim places where, as (actor, country, facility); None for kinds that place no one."""
        if self.presence_fields is None:
            return None
        actor, country, facility = (getattr(self, name) for name in self.presence_fields)
        return actor, country, facility

    @property
    def ending(self) -> tuple[str, str, str | None] | None:
        """The presence this claim ends, as (actor, country, facility); None when its kind ends none, or undated."""
        if self.ending_fields is None or self.date is None:
            return None
        actor, country, facility = (getattr(self, name) for name in self.ending_fields)
        return actor, country, facility

    def ends(self, claim: ClaimBase, force_country: str | None = None) -> bool:
        """True when this claim ends the presence ``claim`` places (:attr:`presence`).

        It does when it ends a presence at all (:attr:`ending`: a completed withdrawal of
        the whole force, a handover); the actor leaving is the claim's actor (or is a
        country's armed forces, ``force_country``, and the claim's actor is that
        country); it leaves the claim's country and, when it names a facility, the
        claim's facility; and it cannot have been over before the claim's time began.
        """
        gone, where = self.ending, claim.presence
        if gone is None or where is None:
            return False
        (leaving, country, facility), (actor, there, at) = gone, where
        if actor not in (leaving, force_country) or there != country:
            return False
        if facility is not None and at != facility:
            return False
        began, done = claim.when.earliest if claim.when else None, self.date.latest if self.date else None
        return began is None or done is None or done >= began

    @property
    def lane(self) -> str | None:
        """The entity whose timeline lane the claim is drawn in: the first it is about."""
        return self.subject[0] if self.subject else None

    def conflict_group(self) -> tuple[object, ...] | None:
        """What makes this claim about the same thing as another; None for kinds never compared."""
        if not self.conflict_key:
            return None
        return (self.kind, *(getattr(self, name) for name in self.conflict_key))

    def disagreement(self, other: ClaimBase) -> str | None:
        """What this claim and ``other`` (of the same conflict group) disagree on, or None when both can hold.

        Times disagree when no day can satisfy both and they are near enough
        (:data:`EVENT_WINDOW_DAYS`) to be one event; figures disagree when their
        ranges do not meet at a time both can have (an unknown time can be any).
        """
        mine, theirs = self.when, other.when
        if self.compared == "date":
            if mine is None or theirs is None:
                return None
            near = (mine.apart(theirs) or 0) <= EVENT_WINDOW_DAYS  # None: an open end, which is never far
            return f"dates {mine} and {theirs}" if near and mine.disjoint(theirs) else None
        if mine is not None and theirs is not None and mine.disjoint(theirs):
            return None
        a, b = _quantities(getattr(self, self.compared)), _quantities(getattr(other, self.compared))
        pair = next(((x, y) for x in a for y in b if x.disjoint(y)), None)
        return f"{self.compared} {shown(pair[0].text)} and {shown(pair[1].text)}" if pair else None


def _quantities(value: object) -> tuple[Quantity, ...]:
    """The quantities a compared field holds (none when it is unknown)."""
    if isinstance(value, Quantity):
        return (value,)
    return tuple(q for q in value if isinstance(q, Quantity)) if isinstance(value, tuple) else ()


class Deployment(ClaimBase):
    """A force sent to, or present in, a country, place or facility."""

    times = ("date", "valid", "as_of")
    subject_fields = ("force", "country", "place", "facility")
    presence_fields = ("force", "country", "facility")

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

    subject_fields = ("force", "country", "facility")
    conflict_key = ("force", "country", "facility", "stage")
    ending_fields = ("force", "country", "facility")

    kind: Literal["withdrawal"]
    force: OrgRef
    """The force leaving."""
    country: CountryRef
    """The country it leaves."""
    facility: FacilityRef | None = None
    """The facility it leaves, when the claim is about one site."""
    stage: Literal["announced", "began", "completed"]
    """Which step the date marks."""
    extent: Known[Literal["all", "part"]] = "unknown"
    """Whether all of the force was to leave, or left, the country (or the facility), or only part of it."""
    size: Quantity | None = None
    """How many left, as stated."""
    destination: Annotated[str, RefTo("country", "place", "facility")] | None = None
    """Where the force went: a country, a place or a facility, as the source says."""
    deadline: EDTF | None = None
    """The date set for the withdrawal to be complete (by the order or agreement behind it), as stated."""

    @property
    def ending(self) -> tuple[str, str, str | None] | None:
        """The presence this withdrawal ends: only a completed one of the whole force (``extent: all``) ends one.

        A withdrawal that was announced or had only begun, a partial one, or one whose
        extent is unknown, ends nothing.
        """
        return super().ending if self.stage == "completed" and self.extent == "all" else None


class ExpulsionOrder(ClaimBase):
    """An order by a government for a foreign force to leave."""

    subject_fields = ("issuer", "target", "country")
    conflict_key = ("target", "country")

    kind: Literal["expulsion_order"]
    issuer: ActorRef
    """Who gave the order."""
    target: ActorRef
    """Who must leave: a force, a country (its forces, or its whole presence), or a person (an ambassador)."""
    country: CountryRef
    """The country they must leave."""
    scope: Text | None = None
    """What the order covers, in our own words ("all US troops")."""
    deadline: EDTF | None = None
    """The date the order sets for leaving, as stated (``2023-09-01``; ``2023-09-01/..`` is not a deadline)."""


class Agreement(ClaimBase):
    """An agreement between parties: concluded, in force, or ended."""

    times = ("date", "as_of")
    subject_fields = ("parties",)

    kind: Literal["agreement"]
    parties: Annotated[tuple[ActorRef, ...], Field(min_length=2)]
    """The parties to it."""
    name: Name
    """What the agreement is ("status of forces agreement")."""
    action: Literal["negotiating", "concluded", "in_force", "terminated"]
    """What happened to it on the claim's date: talks under way, concluded, in force, or ended."""
    participants: tuple[ActorRef, ...] = ()
    """People or bodies who took part for the parties."""
    terms: Text | None = None
    """What it provides, in our own words."""


class FacilityUse(ClaimBase):
    """Who operates, holds or is stationed at a facility, and when."""

    times = ("valid", "as_of")
    subject_fields = ("user", "facility", "country")
    presence_fields = ("user", "country", "facility")

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

    @property
    def presence(self) -> tuple[str, str, str | None] | None:
        """Who the claim places where; None when the user only ``built`` the facility, which no withdrawal undoes."""
        return None if self.relation == "built" else super().presence


class TroopCount(ClaimBase):
    """How many personnel of a force were in a country or facility."""

    times = ("as_of",)
    subject_fields = ("force", "country", "facility")
    presence_fields = ("force", "country", "facility")
    conflict_key = ("force", "country", "facility")
    compared = "count"

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

    times = ()
    subject_fields = ("origin", "destination")
    conflict_key = ("origin", "destination")
    compared = "measures"

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
    measures: Annotated[tuple[Quantity, ...], Field(min_length=1)]
    """The distance in each unit the source gives (km, mi)."""
    direction: Text | None = None
    """The stated direction from origin to destination ("northeast")."""

    def conflict_group(self) -> tuple[object, ...]:
        """A distance is the same either way round."""
        return (self.kind, *sorted((self.origin, self.destination)))

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

    subject_fields = ("speaker",)

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

    subject_fields = ("country", "perpetrators", "ousted")

    kind: Literal["coup"]
    country: CountryRef
    """Where."""
    perpetrators: tuple[OrgRef, ...] = ()
    """Who seized power."""
    ousted: tuple[PersonRef, ...] = ()
    """Who was removed."""


class Election(ClaimBase):
    """An election held or scheduled."""

    subject_fields = ("country",)

    kind: Literal["election"]
    country: CountryRef
    """Where."""
    office: Text
    """What is elected ("President")."""


class Protest(ClaimBase):
    """A public protest."""

    subject_fields = ("country", "place")

    kind: Literal["protest"]
    country: CountryRef
    """Where."""
    place: PlaceRef | None = None
    """The city or area, where known."""
    against: Text | None = None
    """What it opposed, in our own words."""


class Invasion(ClaimBase):
    """An armed invasion of one country by another."""

    subject_fields = ("aggressor", "target")

    kind: Literal["invasion"]
    aggressor: CountryRef
    """The invading country."""
    target: CountryRef
    """The country invaded."""


class Relations(ClaimBase):
    """A change in relations between actors: ties strengthened or weakened, help sought, a condemnation."""

    times = ("date", "valid")
    subject_fields = ("actors", "counterpart")

    kind: Literal["relations"]
    actors: tuple[ActorRef, ...] = ()
    """The actors whose relations changed, where the source names them."""
    actors_text: Text | None = None
    """The source's words for the actors, when it does not name them ("several military-led countries")."""
    counterpart: ActorRef
    """The other side."""
    change: Literal["strengthened", "weakened", "sought_assistance", "supported", "condemned", "objected"]
    """What the actors did towards the counterpart."""
    about: tuple[ClaimRef, ...] = ()
    """Claims about what the change concerns (the coup that was condemned)."""

    @model_validator(mode="after")
    def _someone_acts(self) -> Relations:
        if not self.actors and self.actors_text is None:
            raise ValueError("name the actors, or give actors_text in the source's words")
        return self


class Assessment(ClaimBase):
    """A judgement a source makes or reports: an interpretation, not an event."""

    times = ("as_of",)
    subject_fields = ("subjects",)

    kind: Literal["assessment"]
    subjects: Annotated[tuple[EntityRef, ...], Field(min_length=1)]
    """The entities the judgement is about."""
    about: tuple[ClaimRef, ...] = ()
    """Claims the judgement interprets."""


class Expenditure(ClaimBase):
    """Money approved for, or spent on, a facility."""

    subject_fields = ("payer", "facility")
    conflict_key = ("payer", "facility", "stage")
    compared = "amount"

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


class Handover(ClaimBase):
    """Control of a facility passing from one force or country to another on a day.

    A handover ends the presence of ``from_force`` at the facility (a deployment there, its
    use of it, a count of its troops there), as a completed withdrawal from the facility
    does (:meth:`ClaimBase.ends`); it leaves a presence in the rest of the country standing.
    """

    subject_fields = ("from_force", "to", "facility", "country")
    conflict_key = ("facility", "from_force", "to")
    ending_fields = ("from_force", "country", "facility")

    kind: Literal["handover"]
    facility: FacilityRef
    """The facility handed over."""
    country: CountryRef
    """The country the facility lies in."""
    from_force: ForceRef
    """The force (or the country whose forces) handing the facility over: its presence there ends."""
    to: ActorRef
    """Who takes control: a force, a country, or a government or other organisation."""

    @model_validator(mode="after")
    def _between_two(self) -> Handover:
        if self.from_force == self.to:
            raise ValueError("a handover passes a facility from one actor to another: from_force and to are the same")
        return self


class Attack(ClaimBase):
    """An armed attack that bears on a foreign deployment, with casualties as stated."""

    subject_fields = ("targets", "perpetrators", "country", "place", "facility")
    conflict_key = ("country", "place", "facility")
    compared = "killed"

    kind: Literal["attack"]
    country: CountryRef
    """The country it happened in."""
    place: PlaceRef | None = None
    """The town or area, where known."""
    facility: FacilityRef | None = None
    """The facility attacked or attacked near, where known."""
    perpetrators: tuple[OrgRef, ...] = ()
    """Who attacked, where the source names them as entities."""
    perpetrators_text: Text | None = None
    """The source's words for the attackers when it names no entity ("armed men", "jihadists")."""
    targets: tuple[ForceRef, ...] = ()
    """The forces attacked (or the countries whose forces were)."""
    killed: Known[Quantity] | None = None
    """How many people were killed, as stated (unit ``people``); unknown when the source says it is not known."""
    wounded: Known[Quantity] | None = None
    """How many people were wounded, as stated (unit ``people``); unknown when the source says it is not known."""

    @model_validator(mode="after")
    def _casualties_in_people(self) -> Attack:
        for name in ("killed", "wounded"):
            value = getattr(self, name)
            if isinstance(value, Quantity) and value.unit != "people":
                raise ValueError(f"{name} counts people (unit people), not {value.unit}")
        return self
