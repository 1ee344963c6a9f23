"""The words ttx uses in every layer, each list written once.

The loader, the engine's checks, the consoles' forms, the report's tables and
its JSON all take their words from here. Adding a hot-wash field, a rating, a
note kind, a channel or a cell kind is a change to this file only: the
session log, the fold, the hot-wash form and list, the report (HTML,
Markdown, DOCX, JSON) and the improvement plan follow it. A workspace
template copied by an older `ttx init` keeps working, but shows only the
fields it names.

It sits in ttx.scenario, the lowest layer, so that every layer may import it;
it imports nothing of ttx.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

# ---------------------------------------------------------------- ids

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
SCENARIO_ID_PATTERN = r"^[a-z0-9-]+$"
CELL_ID_PATTERN = r"^[A-Z0-9-]+$"
# What an error message tells the author to write, by pattern.
ID_HINTS = {
    SCENARIO_ID_PATTERN: "lower-case letters, digits and -",
    CELL_ID_PATTERN: "upper-case letters, digits and - (e.g. JPN)",
}

# ---------------------------------------------------------------- scenario words

# How an inject reaches the cells (the MSEL's "method").
CHANNELS = ("news", "intel", "cable", "call", "email", "social", "sensor", "brief", "other")

# What a decision asks of a cell: an option, a written statement (a press line, a demarche), or both.
RESPONSES = ("option", "text", "both")

# The longest text a participant may type in one go (a request, an answer, a message,
# a statement, a log line): longer is a paste gone wrong, and no console shows it whole.
TEXT_LIMIT = 4_000

# What a cell is, and how the report's list of participants names it.
CELL_KINDS = {
    "player": "Player cell",
    "control": "Control (White) cell",
    "observer": "Observer",
}

# HSEEP's rating of an objective or capability: code -> its text.
RATINGS = {
    "P": "Performed without challenges",
    "S": "Performed with some challenges",
    "M": "Performed with major challenges",
    "U": "Unable to be performed",
}
NOT_RATED = "Not rated"

# HSEEP's capability elements (the improvement plan's "Capability element" column).
CAPABILITY_ELEMENTS = ("Planning", "Organization", "Equipment", "Training", "Exercise")


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of finding: an evaluator's note has one, a hot-wash item one of the last two."""

    name: str
    label: str    # one of them: "Strength"
    heading: str  # a list of them: "Strengths"


KINDS = (
    Kind("observation", "Observation", "Observations"),
    Kind("strength", "Strength", "Strengths"),
    Kind("improvement", "Area for improvement", "Areas for improvement"),
)
KIND_BY_NAME = {k.name: k for k in KINDS}
NOTE_KINDS = tuple(k.name for k in KINDS)
HOTWASH_KINDS = ("strength", "improvement")

# Where a finding came from, as the report tags it.
SOURCES = {"note": "note", "hotwash": "hot wash"}


@dataclass(frozen=True, slots=True)
class HotwashField:
    """One field of a hot-wash item beside its kind and text.

    `part` says where it shows: "link" ties the item to an objective or
    capability; "plan" is a column of the improvement plan (HSEEP's AAR/IP
    appendix); "afi" is written under an area for improvement in the report.
    """

    name: str
    label: str                     # its heading in the report
    prompt: str                    # the hot-wash form's placeholder
    short: str                     # its tag in the hot-wash list
    part: Literal["link", "plan", "afi"]
    needed: str = ""               # an area for improvement needs it: what the form asks for
    choices: tuple[str, ...] = ()  # a closed list (the form offers a choice)
    half: bool = False             # the form puts it beside the next half-width field


# In this order everywhere: the session log's data, the report's JSON and the plan's columns.
HOTWASH_FIELDS = (
    HotwashField("objective", "Objective", "(objective)", "objective", "link"),
    HotwashField("capability", "Core capability", "capability (if no objective)", "capability", "link"),
    HotwashField("corrective_action", "Corrective action", "corrective action", "action", "plan",
                 needed="a corrective action"),
    HotwashField("capability_element", "Capability element", "(capability element)", "element", "plan",
                 choices=CAPABILITY_ELEMENTS),
    HotwashField("responsible", "Primary responsible organization", "responsible cell or organization",
                 "responsible", "plan", needed="a responsible cell or organization"),
    HotwashField("point_of_contact", "Point of contact", "point of contact", "POC", "plan"),
    HotwashField("start", "Start date", "start (YYYY-MM-DD)", "start", "plan", half=True),
    HotwashField("due", "Completion date", "due (YYYY-MM-DD)", "due", "plan", needed="a due date", half=True),
    # HSEEP's write-up of an area for improvement: what it concerns, and why it fell short
    HotwashField("reference", "Reference", "reference (plan, policy or procedure)", "ref", "afi"),
    HotwashField("analysis", "Analysis", "analysis: why it fell short (root cause)", "analysis", "afi"),
)
HOTWASH_FIELD_NAMES = tuple(f.name for f in HOTWASH_FIELDS)
FIELD_BY_NAME = {f.name: f for f in HOTWASH_FIELDS}
# The fields that describe the finding itself (not what it is tied to): what a
# report's observation carries besides its objective and capability.
DETAIL_FIELDS = tuple(f for f in HOTWASH_FIELDS if f.part != "link")
DETAIL_FIELD_NAMES = tuple(f.name for f in DETAIL_FIELDS)
PLAN_FIELDS = tuple(f for f in HOTWASH_FIELDS if f.part == "plan")
PLAN_FIELD_NAMES = tuple(f.name for f in PLAN_FIELDS)
AFI_FIELDS = tuple(f for f in HOTWASH_FIELDS if f.part == "afi")


# The pydantic model's types, built from the lists above (a type checker sees plain str).
if TYPE_CHECKING:
    Channel = str
    CellKind = str
    Response = str
else:
    Channel = Literal[CHANNELS]
    CellKind = Literal[tuple(CELL_KINDS)]
    Response = Literal[RESPONSES]
