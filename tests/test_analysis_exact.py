"""The exactness contract (sim.scenario.exact) against an independent brute force in ``fractions.Fraction``.

The oracle reads the scenario *dict* itself: weights normalised in rationals, every number read by the
contract's reading rule (``as_rational``), reservation values taken exactly, acceptance u >= r − 1/10^9;
then it enumerates every bundle in pure Python. Strategies force what breaks floating-point engines: values
such as 1/3 and 0.1 + 0.2, option columns copied so utility vectors repeat, actors sharing value tables so
that ties hold on subsets of actors, reservation values equal to some bundle's utility.
"""

import itertools
import json
import math
import os
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import sim
from sim.analysis import result
from sim.scenario.exact import as_rational

EXAMPLES = int(os.environ.get("ANALYSIS_EXAMPLES", 0))
SETTINGS = settings(max_examples=EXAMPLES or 50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DATA = Path(__file__).parent / "data"
VALUES = [0.0, 1 / 3, 2 / 3, 0.1, 0.2, 0.1 + 0.2, 0.3, 0.5, 0.7, 1.0]
WEIGHTS = [0, 1, 2, 3, 1 / 3, 0.25, 0.1 + 0.2]
TOL = Fraction(1, 10**9)


@st.composite
def scenario_dicts(draw):
    n_actors = draw(st.integers(2, 5))
    shape = [draw(st.integers(2, 4)) for _ in range(draw(st.integers(2, 5)))]
    while math.prod(shape) > 900:
        shape[int(np.argmax(shape))] -= 1
    issues = [{"key": f"i{i}", "options": [f"o{o}" for o in range(n)], "status_quo": "o0"}
              for i, n in enumerate(shape)]
    actors = []
    for a in range(n_actors):
        weights = {f"i{i}": draw(st.sampled_from(WEIGHTS)) for i in range(len(shape))}
        if not any(weights.values()):
            weights["i0"] = 1
        values = {}
        for i, n in enumerate(shape):
            if a and draw(st.integers(0, 3)) == 0:  # same table as the previous actor: ties on a subset
                values[f"i{i}"] = list(actors[-1]["values"][f"i{i}"])
                continue
            v = [draw(st.sampled_from(VALUES)) for _ in range(n)]
            if draw(st.booleans()):  # a copied option: equal utility vectors
                v[-1] = v[0]
            values[f"i{i}"] = v
        actor = {"key": f"a{a}", "capability": draw(st.sampled_from([0.0, 0.1, 0.25, 1.0, 2.0])),
                 "reservation": 0.0, "weights": weights, "values": values}
        if draw(st.integers(0, 3)) == 0:
            i = draw(st.integers(0, len(shape) - 1))
            actor["red_lines"] = {f"i{i}": [f"o{shape[i] - 1}"]}
        if draw(st.integers(0, 2)) == 0 and len(shape) >= 2:
            actor["interactions"] = [{"when": {"i0": "o0", f"i{len(shape) - 1}": "o1"},
                                      "value": draw(st.sampled_from([0.05, 0.1, 1 / 30, -0.1]))}]
        actors.append(actor)
    d = {"name": "exact", "issues": issues, "actors": actors, "signatories": [a["key"] for a in actors[:-1]]
         if n_actors > 2 else [a["key"] for a in actors],
         "proposals": {"p0": {"options": {}}}}
    oracle = Oracle(d)
    for a in range(n_actors):  # reservation = the utility of some bundle (an exact tie), or a quantile
        k = draw(st.integers(0, len(oracle.bundles) - 1))
        u = sorted(oracle.utility(b, a) for b in oracle.bundles)
        pick = oracle.utility(oracle.bundles[k], a) if draw(st.booleans()) else u[draw(st.integers(0, len(u) - 1))]
        d["actors"][a]["reservation"] = min(1.0, max(0.0, float(pick) * draw(st.sampled_from([1.0, 0.8]))))
    return d


class Oracle:
    """Exhaustive enumeration in rational arithmetic, straight from the scenario dict."""

    def __init__(self, d: dict):
        self.d = d
        self.keys = [i["key"] for i in d["issues"]]
        self.bundles = list(itertools.product(*(range(len(i["options"])) for i in d["issues"])))
        self.actors = d["actors"]
        self.sig = [k for k, a in enumerate(self.actors) if a["key"] in d["signatories"]]
        self.w = []
        for a in self.actors:
            raw = {k: as_rational(a["weights"].get(k, 0)) for k in self.keys}
            total = sum(raw.values())
            self.w.append({k: x / total for k, x in raw.items()})
        self._u = {}

    def utility(self, b, a) -> Fraction:
        if (b, a) not in self._u:
            act = self.actors[a]
            u = sum((self.w[a][k] * as_rational(act["values"][k][o]) for k, o in zip(self.keys, b)
                     if self.w[a][k]), Fraction(0))
            for inter in act.get("interactions", []):
                if all(b[self.keys.index(k)] == int(o[1:]) for k, o in inter["when"].items()):
                    u += as_rational(inter["value"])
            self._u[(b, a)] = u
        return self._u[(b, a)]

    def crosses(self, b, a) -> bool:
        lines = self.actors[a].get("red_lines", {})
        return any(f"o{b[self.keys.index(k)]}" in opts for k, opts in lines.items())

    def accepts(self, b, a) -> bool:
        return not self.crosses(b, a) and self.utility(b, a) >= Fraction(self.actors[a]["reservation"]) - TOL

    def vector(self, b):
        return tuple(self.utility(b, a) for a in range(len(self.actors)))

    def pareto(self) -> set:
        dom = [b for b in self.bundles if not any(self.crosses(b, a) for a in range(len(self.actors)))]
        vec = {b: self.vector(b) for b in dom}
        distinct = set(vec.values())
        best = {v for v in distinct
                if not any(all(x >= y for x, y in zip(o, v)) and o != v for o in distinct)}
        return {b for b in dom if vec[b] in best}

    def zone(self) -> list:
        return [b for b in self.bundles if all(self.accepts(b, a) for a in self.sig)]

    def gains(self, b):
        return [max(self.utility(b, a) - Fraction(self.actors[a]["reservation"]), Fraction(0)) for a in self.sig]

    def solutions(self) -> dict:
        z = self.zone()
        if not z:
            return {}
        ideal = [max(self.utility(b, a) for b in z) - Fraction(self.actors[a]["reservation"]) for a in self.sig]
        caps = [as_rational(self.actors[a]["capability"]) for a in self.sig]
        if not any(caps):
            caps = [Fraction(1)] * len(caps)
        c = [x / sum(caps) for x in caps]
        lcm = math.lcm(*(x.denominator for x in c))
        exps = [int(x * lcm) for x in c]
        obj = {
            "nash": lambda b: math.prod(self.gains(b), start=Fraction(1)),
            "weighted_nash": lambda b: math.prod((g ** e for g, e in zip(self.gains(b), exps)), start=Fraction(1)),
            "kalai": lambda b: min(g / s if s > TOL else Fraction(1) for g, s in zip(self.gains(b), ideal)),
            # Dubra's proportional form: the least share of the ideal gain per unit of capability
            "weighted_kalai": lambda b: min((g / s if s > TOL else Fraction(1)) / w
                                            for g, s, w in zip(self.gains(b), ideal, c) if w),
            "utilitarian": lambda b: sum(self.utility(b, a) for a in self.sig),
            "egalitarian": lambda b: min(self.gains(b)),
        }
        total = {b: sum(self.utility(b, a) for a in self.sig) for b in z}
        # bundles are in index order: max over (objective, utility sum, -position) is the documented tie rule
        return {name: max(z, key=lambda b, f=f: (f(b), total[b], [-x for x in b])) for name, f in obj.items()}

    def nearest(self, p):
        z = self.zone()
        if not z:
            return None
        cost = {b: sum(x != y for x, y in zip(b, p)) for b in z}
        least = min(cost.values())
        near = [b for b in z if cost[b] == least]
        # the documented tie rule: highest Nash product, then utility sum, then lowest index, all exact
        best = max(near, key=lambda b: (math.prod(self.gains(b), start=Fraction(1)),
                                        sum(self.utility(b, a) for a in self.sig), [-x for x in b]))
        return least, near, best


@contextmanager
def searched_one_by_one():
    """Every solution point by its own branch and bound (optimum.py), whatever the number of signatories."""
    old = result.FRONTIER_SIGNATORIES
    result.FRONTIER_SIGNATORIES = 0
    try:
        yield
    finally:
        result.FRONTIER_SIGNATORIES = old


def bundles_of(frame, keys) -> set:
    return {tuple(int(x) for x in row) for row in frame[keys].to_numpy()}


@SETTINGS
@given(scenario_dicts())
def test_engine_matches_the_rational_oracle(d):
    scn = sim.Scenario.from_dict(d)
    oracle, res = Oracle(d), sim.analyze(scn)
    assert scn.grid.exact.all()  # every input here is a short rational
    keys = oracle.keys
    # acceptance: Scenario.accepts (verdicts, negotiation) is the oracle's rule on every bundle
    ok = scn.accepts(np.array(oracle.bundles))
    expected = np.array([[oracle.accepts(b, a) for a in range(len(oracle.actors))] for b in oracle.bundles])
    np.testing.assert_array_equal(ok, expected)
    # frontier: every bundle of a non-dominated vector, and no other
    got = res.pareto
    assert len(got) == len(bundles_of(got, keys))
    assert bundles_of(got, keys) == oracle.pareto()
    # zone and concession map
    zone = oracle.zone()
    assert res.zone_size == len(zone)
    cm = res.concessions
    for i, k in enumerate(keys):
        counts = cm[cm["issue"] == k].sort_values("option_index")["count"].tolist()
        assert counts == [sum(b[i] == o for b in zone) for o in range(len(counts))]
    # solution points, with the documented tie rule: over the zone frontier and by their own searches
    sol = oracle.solutions()
    for name, b in sol.items():
        row = getattr(res, name)
        assert tuple(int(row[k]) for k in keys) == b, name
    with searched_one_by_one():
        res2 = sim.analyze(scn)
        for name, b in sol.items():
            assert tuple(int(getattr(res2, name)[k]) for k in keys) == b, name
    if not sol:
        assert res.nash is None and res.weighted_nash is None
    # nearest agreement: the fewest changes, then the exact tie rule
    n = sim.nearest_agreement(scn, "p0")
    near = oracle.nearest(tuple(scn.proposals["p0"].bundle))
    assert n.found == (near is not None)
    if near is not None:
        assert n.n_changes == near[0] and n.bundle == near[2]


def test_pareto_tie_regression_case():
    """A frontier with exact ties on a subset of actors after a merge: the true frontier has 170 bundles."""
    d = json.loads((DATA / "pareto_tie_case.json").read_text())
    res = sim.analyze(sim.Scenario.from_dict(d))
    front = bundles_of(res.pareto, [i["key"] for i in d["issues"]])
    assert len(res.pareto) == 170 and len(front) == 170
    assert (0, 2, 0, 2, 0, 1, 0) not in front and (0, 2, 0, 2, 0, 2, 0) not in front
    assert (1, 0, 0, 1, 0, 1, 0) in front
    assert front == Oracle(d).pareto()


def test_reading_rule():
    assert as_rational(0.15) == Fraction(3, 20)
    assert as_rational(1 / 3) == Fraction(1, 3)
    assert as_rational(0.1 + 0.2) == Fraction(3, 10)
    assert as_rational(8 / 37) == Fraction(8, 37)
    assert as_rational(np.pi) == Fraction(np.pi)  # no short fraction: the float's own value


def test_inputs_without_short_fractions_fall_back_to_the_rounded_grid(toy_dict):
    toy_dict["actors"][0]["values"]["money"] = [0.0, float(np.pi) / 4, 1.0]
    scn = sim.Scenario.from_dict(toy_dict)
    assert scn.grid.exact.tolist() == [False, True, True]
    assert scn.grid.scale[0] == 2**32
    b = scn.space.all_bundles()
    np.testing.assert_allclose(scn.utility_units(b)[:, 0] / 2**32, scn.utilities(b)[:, 0], atol=1e-9)
    res = sim.analyze(scn)
    assert res.zone_size == int(scn.accepts(b)[:, scn.signatory_index].all(axis=1).sum())


SMALL = st.fractions(min_value=Fraction(1, 12), max_value=1, max_denominator=12)


@SETTINGS
@given(SMALL, SMALL, st.fractions(min_value=Fraction(1, 4), max_value=4, max_denominator=6),
       st.sampled_from([0.0, 0.125, 0.25]), st.sampled_from([0.0, 0.0625, 0.125]))
def test_nearest_agreement_breaks_exact_nash_ties_exactly(a1, b1, k, ra, rb):
    """Forced ties: two one-change repairs whose Nash products are equal as rationals (gains (x, y) and
    (kx, y/k)) but whose floating-point products may differ in the last bit; the larger utility sum must
    win, then the lower index, as for the solution points."""
    x, y = a1 - Fraction(ra), b1 - Fraction(rb)
    a2, b2 = Fraction(ra) + k * x, Fraction(rb) + y / k
    assume(x > 0 and y > 0 and a2 <= 1 and b2 <= 1 and (a1, b1) != (a2, b2))
    d = {"name": "ties", "issues": [{"key": "x", "options": ["o0", "o1", "o2"], "status_quo": "o0"}],
         "actors": [{"key": "a", "reservation": ra, "weights": {"x": 1}, "values": {"x": [0.0, float(a1), float(a2)]},
                     "red_lines": {"x": ["o0"]}},
                    {"key": "b", "reservation": rb, "weights": {"x": 1}, "values": {"x": [0.0, float(b1), float(b2)]}}],
         "signatories": ["a", "b"], "proposals": {"p0": {"options": {}}}}
    scn = sim.Scenario.from_dict(d)
    expected = Oracle(d).nearest((0,))[2]
    assert sim.nearest_agreement(scn, "p0").bundle == expected
    assert (int(sim.analyze(scn).nash["x"]),) == expected  # the solution point follows the same rule
