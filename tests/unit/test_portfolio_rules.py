"""The findings of funding streams, populations and the "work smarter" rules: each holds
exactly when its condition holds; the sums behind them; the decision each suggests."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cohere_tui.analysis import (
    MAX_COMBINE_CANDIDATES,
    derive_findings,
    suggest_decision,
    sync_findings,
    use_key,
)
from cohere_tui.models import (
    DecisionChoice,
    Dimension,
    Domain,
    FindingKind,
    FundingSource,
    FundingStream,
    Goal,
    Initiative,
    InitiativeDecision,
    InitiativeStatus,
    Population,
    Session,
    StreamLink,
)
from cohere_tui.portfolio import (
    coverage,
    decision_mark,
    decision_summary,
    ending_share,
    funding,
    funding_horizon,
    money,
    one_year_after,
    stream_split,
)
from cohere_tui.store import dumps_session, session_from_data, session_to_data

MEETING = dt.date(2026, 11, 5)
HORIZON = dt.date(2027, 11, 5)


def ini(n: int, **kw: Any) -> Initiative:
    kw.setdefault("name", f"Initiative {n}")
    kw.setdefault("outcomes", "Children ready for school")
    kw.setdefault("data_collected", "Readiness assessment")
    return Initiative(id=f"I{n}", **kw)


def stream(n: int, **kw: Any) -> FundingStream:
    kw.setdefault("name", f"Stream {n}")
    return FundingStream(id=f"S{n}", **kw)


def link(n: int, share: float | None = None) -> StreamLink:
    return StreamLink(stream=f"S{n}", share=share)


def session(**kw: Any) -> Session:
    kw.setdefault("meeting_date", MEETING)
    kw.setdefault("created", dt.date(2026, 9, 1))
    kw.setdefault("goals", [Goal(id="G1", title="Ready for school")])
    return Session(title="t", **kw)


def keys(s: Session, prefix: str = "") -> list[str]:
    return [d.key for d in derive_findings(s) if d.key.startswith(prefix)]


def finding(s: Session, key: str) -> Any:
    return next(d for d in derive_findings(s) if d.key == key)


# ----- sustainability risk --------------------------------------------------------------------


def risk_session(end: dt.date | None, other_end: dt.date | None = None, **kw: Any) -> Session:
    """I1 funded 600 a year by S1 (ending ``end``) and 400 by S2 (ending ``other_end``)."""
    return session(
        streams=[
            stream(1, annual_amount=600, end=end, name="Federal grant"),
            stream(2, annual_amount=400, end=other_end),
        ],
        initiatives=[ini(1, goals=["G1"], streams=[link(1), link(2)], **kw)],
    )


def test_the_horizon_is_a_year_after_the_meeting_or_the_creation_never_today() -> None:
    assert funding_horizon(session()) == HORIZON
    assert funding_horizon(session(meeting_date=None)) == dt.date(2027, 9, 1)
    assert one_year_after(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)


def test_sustainability_risk_holds_when_most_money_ends_by_the_horizon() -> None:
    s = risk_session(HORIZON)  # the last day that counts
    assert keys(s, "sustainability") == ["sustainability_risk:I1"]
    found = finding(s, "sustainability_risk:I1")
    assert found.kind is FindingKind.SUSTAINABILITY_RISK
    assert (found.dimension, found.domain) == (Dimension.TECHNICAL, Domain.FUNDING_POLICIES)
    assert found.initiatives == ("I1",)
    assert found.summary == (
        "Most of the funding of I1 “Initiative 1” ends within a year of the meeting "
        "(60% of 1,000 a year): S1 “Federal grant” ends 2027-11-05."
    )


def test_sustainability_risk_does_not_hold_a_day_later_or_for_the_smaller_part() -> None:
    assert keys(risk_session(HORIZON + dt.timedelta(days=1)), "sustainability") == []
    # only the 400 ends: 40%, not most
    assert keys(risk_session(None, HORIZON), "sustainability") == []
    # both end: 100%
    assert keys(risk_session(HORIZON, MEETING), "sustainability") == ["sustainability_risk:I1"]


def test_a_stream_that_already_ended_counts_as_ending() -> None:
    assert keys(risk_session(dt.date(2020, 1, 1)), "sustainability") == ["sustainability_risk:I1"]


def test_exactly_half_is_not_most() -> None:
    s = risk_session(HORIZON)
    s.streams[1].annual_amount = 600
    assert keys(s, "sustainability") == []
    s.streams[1].annual_amount = 599
    assert keys(s, "sustainability") == ["sustainability_risk:I1"]


def test_sustainability_risk_counts_streams_when_an_amount_is_unknown() -> None:
    s = risk_session(HORIZON)
    s.streams[1].annual_amount = None  # 1 of 2 streams: half, not most
    assert keys(s, "sustainability") == []
    s.streams.append(stream(3, end=MEETING))
    s.initiatives[0].streams.append(link(3))  # 2 of 3 streams end
    assert keys(s, "sustainability") == ["sustainability_risk:I1"]
    assert "(2 of its 3 streams)" in finding(s, "sustainability_risk:I1").summary


def test_sustainability_risk_follows_the_meeting_date_not_the_clock() -> None:
    s = risk_session(dt.date(2028, 1, 31))
    assert keys(s, "sustainability") == []
    s.meeting_date = dt.date(2027, 2, 1)
    assert keys(s, "sustainability") == ["sustainability_risk:I1"]


def test_sustainability_risk_leaves_out_ending_and_unfunded_initiatives() -> None:
    assert keys(risk_session(HORIZON, status=InitiativeStatus.ENDING), "sustainability") == []
    assert keys(risk_session(HORIZON, status=InitiativeStatus.PLANNED), "sustainability") == [
        "sustainability_risk:I1"
    ]
    s = risk_session(HORIZON)
    s.initiatives[0].streams = []
    assert keys(s, "sustainability") == []


def test_shares_split_a_stream_and_the_rest_goes_evenly() -> None:
    s = session(
        streams=[stream(1, annual_amount=1000), stream(2)],
        initiatives=[
            ini(1, streams=[link(1, 50)]),
            ini(2, streams=[link(1)]),
            ini(3, streams=[link(1), link(2)]),
        ],
    )
    assert stream_split(s, s.streams[0]) == {"I1": 500, "I2": 250, "I3": 250}
    assert stream_split(s, s.streams[1]) == {"I3": None}
    money_of = funding(s)
    assert money_of.total("I1") == 500
    assert money_of.total("I3") is None  # S2's amount is unknown
    share = ending_share(money_of.of("I3"), HORIZON)
    assert share is not None and not share.by_amount
    assert (
        money(1234567) == "1,234,567"
        and money(12.5) == "12.50"
        and money(None) == ("amount unknown")
    )


# ----- unfunded ---------------------------------------------------------------------------


def test_unfunded_needs_streams_in_the_session_and_an_active_initiative() -> None:
    s = session(initiatives=[ini(1, goals=["G1"]), ini(2, goals=["G1"])])
    assert keys(s, "unfunded") == []  # no stream recorded yet: nothing to say
    s.streams = [stream(1)]
    assert keys(s, "unfunded") == ["unfunded:I1", "unfunded:I2"]
    s.initiatives[0].streams = [link(1)]
    s.initiatives[1].status = InitiativeStatus.PLANNED
    assert keys(s, "unfunded") == []
    s.initiatives[1].status = InitiativeStatus.ENDING
    assert keys(s, "unfunded") == []
    s.initiatives[1].status = InitiativeStatus.ACTIVE
    found = finding(s, "unfunded:I2")
    assert found.kind is FindingKind.UNFUNDED and found.initiatives == ("I2",)
    assert found.summary == "I2 “Initiative 2” is active, but no funding stream is recorded for it."


# ----- no outcome measure -------------------------------------------------------------------


def test_no_outcome_measure_when_neither_outcomes_nor_data_are_recorded() -> None:
    s = session(initiatives=[ini(1, goals=["G1"]), ini(2, goals=["G1"], outcomes=" ",
                                                       data_collected="")])  # fmt: skip
    assert keys(s, "no_outcome") == ["no_outcome_measure:I2"]
    found = finding(s, "no_outcome_measure:I2")
    assert (found.kind, found.domain) == (FindingKind.NO_OUTCOME_MEASURE, Domain.DATA_USE)
    assert found.summary.endswith("Review it, or stop it.")
    s.initiatives[1].data_collected = "Attendance"  # data alone is a measure
    assert keys(s, "no_outcome") == []
    s.initiatives[1].data_collected = ""
    s.initiatives[1].outcomes = "Fewer absences"  # so is an outcome
    assert keys(s, "no_outcome") == []


def test_no_outcome_measure_waits_until_the_room_records_some() -> None:
    blank = {"outcomes": "", "data_collected": ""}
    s = session(initiatives=[ini(1, goals=["G1"], **blank), ini(2, goals=["G1"], **blank)])
    assert keys(s, "no_outcome") == []


# ----- unserved population --------------------------------------------------------------------


def test_unserved_population_needs_a_goal_naming_it_and_no_initiative_serving_it() -> None:
    s = session(
        goals=[Goal(id="G1", title="Ready"), Goal(id="G2", title="Healthy")],
        populations=[Population(id="N1", name="Foster youth"), Population(id="N2", name="All")],
        initiatives=[ini(1, goals=["G1"])],
    )
    assert keys(s, "unserved_population") == []  # no goal names them
    s.goals[0].populations = ["N1"]
    s.goals[1].populations = ["N1", "N2"]
    assert keys(s, "unserved_population") == [
        "unserved_population:N1",
        "unserved_population:N2",
    ]
    found = finding(s, "unserved_population:N1")
    assert (found.kind, found.dimension) == (FindingKind.UNSERVED_POPULATION, Dimension.ADAPTIVE)
    assert found.goals == ("G1", "G2") and found.initiatives == ()
    assert found.summary == (
        "No initiative serves N1 “Foster youth”, though G1 “Ready” and G2 “Healthy” are about them."
    )
    s.initiatives[0].populations = ["N1"]
    s.initiatives[0].status = InitiativeStatus.PLANNED  # any status serves
    assert keys(s, "unserved_population") == ["unserved_population:N2"]


# ----- braiding candidate -------------------------------------------------------------------


def braid() -> Session:
    """I1 and I2 serve N1, from S1 and S2, which both allow home visiting."""
    return session(
        populations=[Population(id="N1", name="Families with infants")],
        streams=[
            stream(1, name="MIECHV", uses=["Home visiting", "screening"]),
            stream(2, name="Foundation", uses=["home  visitings", "navigation"]),
        ],
        initiatives=[
            ini(1, populations=["N1"], streams=[link(1)]),
            ini(2, populations=["N1"], streams=[link(2)]),
        ],
    )


def test_braiding_candidate() -> None:
    s = braid()
    assert keys(s, "braiding") == ["braiding_candidate:N1"]
    found = finding(s, "braiding_candidate:N1")
    assert found.kind is FindingKind.BRAIDING_CANDIDATE
    assert found.initiatives == ("I1", "I2") and found.domain is Domain.FUNDING_POLICIES
    assert found.summary == (
        "I1 “Initiative 1” and I2 “Initiative 2” serve N1 “Families with infants” from "
        "separate streams whose allowable uses overlap (S1 “MIECHV” and S2 “Foundation”: "
        "Home visiting): a candidate to braid funding."
    )
    assert use_key("Home  Visitings") == use_key("home visiting")


@pytest.mark.parametrize(
    "change",
    ["same stream", "no common use", "one population", "stream limited", "one initiative"],
)
def test_no_braiding_candidate_when_a_condition_fails(change: str) -> None:
    s = braid()
    if change == "same stream":
        s.initiatives[1].streams = [link(1)]
    elif change == "no common use":
        s.streams[1].uses = ["navigation"]
    elif change == "one population":
        s.initiatives[1].populations = []
    elif change == "stream limited":
        s.populations.append(Population(id="N2", name="Students"))
        s.streams[1].populations = ["N2"]  # S2 may not serve N1
    else:  # one initiative funded by both streams braids nothing with another
        s.initiatives[0].streams = [link(1), link(2)]
        s.initiatives[1].populations = []
    assert keys(s, "braiding") == []


def test_a_stream_that_may_serve_the_population_braids() -> None:
    s = braid()
    s.streams[1].populations = ["N1"]
    assert keys(s, "braiding") == ["braiding_candidate:N1"]


# ----- combine candidate (same outcomes, same population) ----------------------------------


def combine() -> Session:
    return session(
        populations=[Population(id="N1", name="Chronically absent students")],
        initiatives=[
            ini(1, outcomes="Fewer chronically absent students", populations=["N1"]),
            ini(2, outcomes="fewer students chronically absent", populations=["N1"]),
        ],
    )


def test_combine_candidate() -> None:
    s = combine()
    assert keys(s, "combine") == ["combine_candidate:I1+I2"]
    found = finding(s, "combine_candidate:I1+I2")
    assert found.kind is FindingKind.COMBINE_CANDIDATE and found.initiatives == ("I1", "I2")
    assert found.summary == (
        "I1 “Initiative 1” and I2 “Initiative 2” seek the same outcomes for the same people "
        "(N1 “Chronically absent students”): a candidate to combine."
    )


@pytest.mark.parametrize("change", ["other outcomes", "no common population", "blank"])
def test_no_combine_candidate_when_a_condition_fails(change: str) -> None:
    s = combine()
    if change == "other outcomes":
        s.initiatives[1].outcomes = "Compliance with attendance law"
    elif change == "no common population":
        s.populations.append(Population(id="N2", name="Parents"))
        s.initiatives[1].populations = ["N2"]
    else:
        s.initiatives[0].outcomes = s.initiatives[1].outcomes = ""
    assert keys(s, "combine") == []


def test_combine_candidates_are_capped() -> None:
    s = session(
        populations=[Population(id="N1", name="Everyone")],
        initiatives=[ini(n, outcomes="Same words", populations=["N1"]) for n in range(1, 13)],
    )
    found = keys(s, "combine")
    assert len(found) == MAX_COMBINE_CANDIDATES
    assert found[0] == "combine_candidate:I1+I2"


# ----- the stored findings and the decisions --------------------------------------------------


def test_a_finding_a_decision_answers_is_kept_resolved_when_its_condition_goes() -> None:
    s = braid()
    sync_findings(s)
    (fid,) = [f.id for f in s.findings if f.key == "braiding_candidate:N1"]
    s.initiatives[0].decision = InitiativeDecision(choice=DecisionChoice.KEEP, findings=[fid])
    s.streams[1].uses = []
    sync_findings(s)
    kept = s.finding(fid)
    assert kept is not None and kept.resolved
    s.initiatives[0].decision = None
    sync_findings(s)
    assert s.finding(fid) is None


def test_suggestions_follow_the_strongest_finding() -> None:
    s = session(
        goals=[Goal(id="G1", title="Ready"), Goal(id="G2", title="Attend")],
        populations=[Population(id="N1", name="Students")],
        initiatives=[
            ini(1, goals=["G1"], alignment={"vision": 3, "G1": 3}),
            ini(2, goals=[], alignment={"vision": 2}),  # tied to no goal
            ini(3, goals=["G1"], outcomes="Fewer absences", populations=["N1"]),
            ini(4, goals=["G2"], outcomes="fewer absences", populations=["N1"]),
            ini(5, goals=["G2"], outcomes="", data_collected="", alignment={"vision": 2}),
        ],
    )
    sync_findings(s)
    by_id = {i.id: suggest_decision(s, i) for i in s.initiatives}
    assert by_id["I1"].choice is DecisionChoice.SCALE_UP
    assert by_id["I2"].choice is DecisionChoice.SUNSET
    assert by_id["I2"].findings == tuple(f.id for f in s.findings if f.key == "no_goal:I2")
    assert (by_id["I3"].choice, by_id["I3"].combine_with) == (DecisionChoice.COMBINE, "I4")
    assert (by_id["I4"].choice, by_id["I4"].combine_with) == (DecisionChoice.COMBINE, "I3")
    assert by_id["I5"].choice is DecisionChoice.REDESIGN
    assert "no outcome measure" in by_id["I5"].reason
    for finding_ in s.findings:  # dismissed findings suggest nothing
        finding_.dismissed = True
    assert suggest_decision(s, s.initiatives[1]).choice is DecisionChoice.KEEP


def test_the_decision_summary_counts_every_choice() -> None:
    def with_choice(n: int, choice: DecisionChoice | None) -> Initiative:
        decision = None
        if choice is not None:
            partner = "I1" if choice is DecisionChoice.COMBINE else None
            decision = InitiativeDecision(choice=choice, combine_with=partner)
        return ini(n, decision=decision)

    choices = [DecisionChoice.KEEP] * 6 + [DecisionChoice.COMBINE] * 2
    choices += [DecisionChoice.SUNSET, None, None]
    initiatives = [with_choice(n, c) for n, c in enumerate(choices, start=1)]
    assert (
        decision_summary(initiatives) == "11 initiatives: 6 keep, 2 combine, 1 sunset, 2 undecided"
    )
    assert decision_summary(initiatives[:1]) == "1 initiative: 1 keep"
    assert decision_summary([]) == "No initiatives yet"
    assert decision_mark(initiatives[6]) == "⊕ with I1"
    assert decision_mark(initiatives[-1]) == "· undecided"


def test_coverage_the_equity_lens() -> None:
    s = session(
        goals=[Goal(id="G1", title="Ready", populations=["N1", "N2"])],
        populations=[Population(id="N1", name="Infants"), Population(id="N2", name="Foster")],
        streams=[stream(1), stream(2)],
        initiatives=[
            ini(1, populations=["N1"], streams=[link(1)], alignment={"G1": 3}),
            ini(2, populations=["N1"], streams=[link(1), link(2)], alignment={"G1": 1}),
        ],
    )
    infants, foster = coverage(s)
    assert [(c.initiative.id, c.strength) for c in infants.served] == [("I1", 3.0), ("I2", 1.0)]
    assert infants.streams == ("S1", "S2") and infants.goals == ("G1",)
    assert infants.state() == "◆ served by 2 from 2 streams"
    assert foster.unserved and foster.state() == "✗ nobody serves"


# ----- files --------------------------------------------------------------------------------


def test_empty_new_fields_are_not_written_and_full_ones_round_trip() -> None:
    s = braid()
    s.populations[0].description = ""
    data = tomllib.loads(dumps_session(s).decode())
    assert data["populations"] == [{"id": "N1", "name": "Families with infants"}]
    assert "restrictions" not in data["streams"][0]
    assert data["initiatives"][0]["streams"] == [{"stream": "S1"}]
    assert "decision" not in data["initiatives"][0] and "history" not in data["initiatives"][0]
    assert "archived_initiatives" not in data and "populations" not in data["goals"][0]
    s.initiatives[0].decision = InitiativeDecision(choice=DecisionChoice.SUNSET)
    s.initiatives[0].streams = [link(1, 40.0)]
    s.streams[0].source = FundingSource.FEDERAL
    raw = dumps_session(s)
    assert b"rationale" not in raw
    again = session_from_data(session_to_data(s), Path("x.toml"))
    assert dumps_session(again) == raw


@settings(max_examples=40, deadline=None)
@given(
    ends=st.lists(st.one_of(st.none(), st.dates(dt.date(2025, 1, 1), dt.date(2029, 1, 1))),
                  min_size=1, max_size=4),
    amounts=st.lists(st.one_of(st.none(), st.integers(0, 10_000)), min_size=4, max_size=4),
    meeting=st.dates(dt.date(2025, 1, 1), dt.date(2028, 1, 1)),
)  # fmt: skip
def test_sustainability_risk_is_exactly_more_than_half(
    ends: list[dt.date | None], amounts: list[int | None], meeting: dt.date
) -> None:
    s = session(
        meeting_date=meeting,
        streams=[stream(n, end=end, annual_amount=amounts[n - 1]) for n, end in
                 enumerate(ends, start=1)],
        initiatives=[ini(1, goals=["G1"], streams=[link(n) for n in range(1, len(ends) + 1)])],
    )  # fmt: skip
    horizon = one_year_after(meeting)
    ending = [e is not None and e <= horizon for e in ends]
    known = [a for a in amounts[: len(ends)] if a is not None]
    if len(known) == len(ends) and sum(known) > 0:
        share = sum(a for a, e in zip(known, ending, strict=True) if e) / sum(known)
    else:
        share = sum(ending) / len(ends)
    assert (keys(s, "sustainability") == ["sustainability_risk:I1"]) == (share > 0.5)
    sync_findings(s)
    assert not sync_findings(s).changed
