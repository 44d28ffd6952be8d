"""Prepare and the five steps of the cycle: names, purposes and reflection questions for the
room.

Headless text: the help screen, the presenter view and the workbook read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Dimension, Domain


@dataclass(frozen=True)
class Step:
    """One step of the alignment-and-coherence cycle."""

    number: int
    name: str
    """Short name for the step bar."""
    title: str
    """Full title for headings."""
    purpose: str
    """What the step is for, in a sentence or two."""
    questions: tuple[str, ...]
    """Reflection questions the facilitator can put to the room."""


PREPARE = Step(
    0,
    "Prepare",
    "Prepare · Team, scope and readiness",
    "Before the cycle: form the team (who to include, the roles — facilitation too — and the "
    "voices each brings), identify the scope of the effort (Activity 1) and the question it "
    "answers, assess readiness on the seven conditions for collaboration (Activity 2) and "
    "improve the weakest, and plan the first meeting.",
    (
        "Whose voices are missing — young people, families, practitioners, community "
        "partners — and how will we bring them in?",
        "Who facilitates, who keeps time and notes, and who can make decisions for each partner?",
        "What is in the scope and what is deliberately left out, and does everyone agree?",
        "What question should this work answer by the end of the cycle?",
        "Which condition for collaboration is weakest, and what would improve it first?",
        "How much do we trust each other yet, and what would build that trust?",
        "Where did our readiness votes split, and what does each side of the room see?",
    ),
)
"""The stage before the cycle (key ``0``)."""

STEPS: tuple[Step, ...] = (
    Step(
        1,
        "Vision",
        "Step 1 · Shared vision",
        "Agree on the vision the initiatives pull toward, the goals under it, and a theory of "
        "change: if we do these things, then these outcomes follow, so that the vision is "
        "reached. Name the assumptions it rests on.",
        (
            "Did young people, families and community partners help shape this vision, or only hear about it?",
            "Would every department in the room recognise its own work in the vision?",
            "Is each goal specific enough that we will know when it is met?",
            "Which assumption, if it turned out false, would break the theory of change?",
            "Who is not in the room whose view the vision needs?",
        ),
    ),
    Step(
        2,
        "Inventory",
        "Step 2 · Inventory of initiatives",
        "List every initiative that touches the vision — programs, policies, funding streams, "
        "practices: who leads it, which sector and level, whom it serves, how it is funded, "
        "what outcomes it seeks, what data it collects and which goals it advances.",
        (
            "What are we doing that is not on this list yet — including informal practices?",
            "Which initiatives serve the same families or students?",
            "Which funding streams end soon, and what depends on them?",
            "Which initiatives collect data that another one needs?",
            "Which initiatives were started elsewhere (state, federal) and arrived without a local purpose?",
        ),
    ),
    Step(
        3,
        "Analysis",
        "Step 3 · Interrelationship analysis",
        "Rate how well each initiative aligns with the vision, with each goal and in each of the "
        "six domains (0 not aligned / working against, 1 weak, 2 partial, 3 strong); record how "
        "initiatives relate — reinforce, overlap, conflict, depend on — and read the findings.",
        (
            "Where do two initiatives ask the same families for the same information?",
            "Which goal has no initiative working strongly toward it?",
            "Which ratings did the room disagree on, and why?",
            "Is a weak rating a technical gap (process, data system) or an adaptive one (trust, mindset, power)?",
            "What would it take to stop an initiative that no longer serves the vision?",
        ),
    ),
    Step(
        4,
        "Action plan",
        "Step 4 · Action plan",
        "Turn the findings into concrete actions: an owner, partners, start and due dates, a "
        "status and priority, the domain and the findings it answers, and how success will be "
        "seen.",
        (
            "Does every important finding have an action that answers it?",
            "Does each action have one owner who agreed to it in the room?",
            "Is the due date realistic given the owner's other work?",
            "How will we know the action worked — what will we see or count?",
            "Which actions need an adaptive approach (relationships, trust) rather than a new process?",
        ),
    ),
    Step(
        5,
        "Monitoring",
        "Step 5 · Monitoring and reflection",
        "Check in on each action and indicator over time — what is done, late or blocked, how "
        "readings compare with baseline and target — then reflect on what worked and what to "
        "change, and start the next cycle.",
        (
            "What is blocked, and who in this room can unblock it?",
            "Which indicators moved, and can we connect that to our actions?",
            "What worked in how we worked together this cycle?",
            "What should the next cycle focus on?",
            "Whose voice was missing from this round of monitoring?",
            "Does the team still have the right people, roles and voices for the next cycle?",
            "Is the scope still right, or should the next cycle widen or narrow it?",
            "How has readiness changed since Prepare, and which condition needs work now?",
        ),
    ),
)


DOMAIN_QUESTIONS: dict[Domain, tuple[str, ...]] = {
    Domain.GOALS: (
        "Do the initiatives name the same goals, in words each partner would accept?",
        "Does any initiative pursue a goal that pulls against the shared vision?",
    ),
    Domain.FUNDING_POLICIES: (
        "Do resources follow the community's priorities, or the other way round?",
        "Which policy or funding rule keeps two initiatives apart that should work together?",
    ),
    Domain.COMMUNICATION: (
        "Do families hear one consistent story about how the pieces fit?",
        "Who carries the message between departments, and how often?",
    ),
    Domain.ENGAGEMENT: (
        "Are interest holders — families, young people, partners — shaping decisions or only informed of them?",
        "Whose voice is missing from how this initiative is run?",
    ),
    Domain.CAPACITY: (
        "Do staff have the time, skills and support to work across initiatives?",
        "Is training shared across departments or duplicated?",
    ),
    Domain.DATA_USE: (
        "Is data shared across initiatives, under agreements everyone trusts?",
        "Do we use the data to decide, or only to report?",
    ),
}

DIMENSION_QUESTIONS: dict[Dimension, tuple[str, ...]] = {
    Dimension.TECHNICAL: (
        "Is the gap in a structure, a process, a regulation or a data system?",
        "Could a clear procedure or agreement fix it within a few months?",
    ),
    Dimension.ADAPTIVE: (
        "Is the gap in mindsets, relationships, trust or power?",
        "Who would have to see their work differently for this to change?",
    ),
}


STAGES: tuple[Step, ...] = (PREPARE, *STEPS)
"""Prepare, then the five steps: what the step bar shows."""


def step(number: int) -> Step:
    """The step with this number (1–5), or Prepare (0)."""
    return STAGES[number]
