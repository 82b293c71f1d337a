"""A burst of edits through the core API (what the window does), killed (SIGKILL) at 50 random moments, round
after round on the same catalogue: every edit the process saw committed is there, the one in flight is
there whole or not at all, the journal agrees with the entries, and the catalogue keeps working.

The child process loops over four journaled operations on groups of ten offers — a bulk edit
(`update_many`), a creation, a review (`mark_reviewed`), an archive of the whole group (one round), then its restore (the next) — and
writes each step's number to a log right after the call returns (a line-buffered write: it survives the
kill). Each kill comes at a random moment after the child has opened the catalogue and said so (not during
Python's start-up, where there is nothing to lose), within the first 1.5 s of its burst. After each kill, the test replays the log on a model and requires the catalogue to be the model
either without or with the next step (the one in flight when the kill came).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from stewarddesk.catalogue import Catalogue

from .kit import AS_OF, count, env, integrity, offer_rows, problems, run, write_csv

pytestmark = pytest.mark.slow

GROUPS = 20
GROUP_SIZE = 10
ROUNDS = 50
START = dt.date(2026, 1, 1)

CHILD = r"""
import datetime as dt, sys
from stewarddesk.catalogue import Catalogue
db, log_path, first = sys.argv[1], sys.argv[2], int(sys.argv[3])
GROUPS, SIZE, START = 20, 10, dt.date(2026, 1, 1)
with open(log_path, "a", buffering=1) as log, Catalogue.open(db, user="rafale") as cat:
    ids = sorted(r[0] for r in cat.conn.execute("SELECT id FROM offers WHERE title NOT LIKE 'Rafale %'"))
    print("ready", flush=True)
    k = first
    while True:
        group = ids[((k // 4) % GROUPS) * SIZE : ((k // 4) % GROUPS + 1) * SIZE]
        op = k % 4
        if op == 0:
            cat.update_many("offers", group, {"description": f"modification {k}"})
        elif op == 1:
            cat.create("offers", {"title": f"Rafale {k}", "structure": "Impulse", "need": "funding"})
        elif op == 2:
            cat.mark_reviewed("offers", group, START + dt.timedelta(days=k % 300))
        elif (k // (4 * GROUPS)) % 2 == 0:
            cat.archive("offers", group)
        else:
            cat.restore("offers", group)
        log.write(f"{k}\n")
        k += 1
"""


@dataclass
class Model:
    """What the catalogue must hold after the logged steps: per group, its description, review date and
    archived state; the titles created."""

    description: dict[int, str | None] = field(default_factory=dict)
    reviewed: dict[int, str | None] = field(default_factory=dict)
    archived: dict[int, bool] = field(default_factory=dict)
    created: set[str] = field(default_factory=set)

    def apply(self, k: int) -> Model:
        new = Model(dict(self.description), dict(self.reviewed), dict(self.archived), set(self.created))
        group, op = (k // 4) % GROUPS, k % 4
        if op == 0:
            new.description[group] = f"modification {k}"
        elif op == 1:
            new.created.add(f"Rafale {k}")
        elif op == 2:
            new.reviewed[group] = (START + dt.timedelta(days=k % 300)).isoformat()
        else:
            new.archived[group] = (k // (4 * GROUPS)) % 2 == 0  # one round of archives, one of restores
        return new


def observe(db: Path, groups: list[list[int]], base: Model) -> Model:
    """The catalogue as a model; every group must be uniform (a bulk edit is all or nothing)."""
    seen = Model()
    with Catalogue.open(db) as cat:
        for g, ids in enumerate(groups):
            entries = cat.rows("offers", ids)
            for name, target in (("description", seen.description), ("reviewed", seen.reviewed)):
                values = {e[name] for e in entries}
                assert len(values) == 1, (g, name, values)
                value = values.pop()
                if value != getattr(base, name)[g]:
                    target[g] = value
            states = {e["status"] == "archived" for e in entries}
            assert len(states) == 1, (g, states)
            if states.pop():
                seen.archived[g] = True
        seen.created = {
            r[0] for r in cat.conn.execute("SELECT title FROM offers WHERE title LIKE 'Rafale %'")
        }
    return seen


def test_edits_killed_at_random_moments_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    assert run("init", db).returncode == 0
    sheet = write_csv(tmp_path / "base.csv", offer_rows(GROUPS * GROUP_SIZE, seed=7))
    assert run("import", sheet, "--db", db, "--kind", "offers", "--as-of", AS_OF).returncode == 0
    with Catalogue.open(db) as cat:
        ids = sorted(r[0] for r in cat.conn.execute("SELECT id FROM offers"))
        groups = [ids[g * GROUP_SIZE : (g + 1) * GROUP_SIZE] for g in range(GROUPS)]
        base = Model(
            description={g: cat.get("offers", ids[0])["description"] for g, ids in enumerate(groups)},
            reviewed={g: cat.get("offers", ids[0])["reviewed"] for g, ids in enumerate(groups)},
        )
    # The base sheet gives each offer its own description and date: make each group uniform first.
    with Catalogue.open(db) as cat:
        for g, group in enumerate(groups):
            cat.update_many("offers", group, {"description": f"groupe {g}", "reviewed": "2025-06-01"})
            base.description[g], base.reviewed[g] = f"groupe {g}", "2025-06-01"

    rng = random.Random(4242)
    log = tmp_path / "steps.log"
    log.touch()
    model, next_step, steps_seen, unlogged = Model(), 0, 0, 0
    bursts: list[int] = []  # steps logged in each round
    for _ in range(ROUNDS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(db), str(log), str(next_step)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env(),
        )
        assert child.stdout is not None
        assert child.stdout.readline() == b"ready\n", child.communicate(timeout=60)[1].decode()
        time.sleep(rng.uniform(0, 1.5))
        child.send_signal(signal.SIGKILL)
        _, err = child.communicate(timeout=60)
        assert child.returncode == -signal.SIGKILL, err.decode()

        logged = [int(line) for line in log.read_text().split()]
        for k in logged[steps_seen:]:
            assert k == next_step, (k, next_step)  # the log is the sequence of committed steps
            model, next_step = model.apply(k), k + 1
        bursts.append(len(logged) - steps_seen)
        steps_seen = len(logged)

        assert integrity(db) == ["ok"]
        seen = observe(db, groups, base)
        if seen != _canonical(model, base):
            in_flight = model.apply(next_step)
            assert seen == _canonical(in_flight, base), (next_step, _diff(seen, model))
            model, next_step = in_flight, next_step + 1  # committed just before the kill, not yet logged
            unlogged += 1
        assert problems(db) == []
    print(f"{next_step} edits in {ROUNDS} killed bursts, {unlogged} committed just before their kill")
    print("edits logged per burst:", bursts)
    assert len(bursts) == ROUNDS == 50
    assert next_step > 200, "the bursts should have made a few hundred edits"
    # The kills landed at varied moments: some before the first edit was through, most in mid-burst.
    assert sum(1 for n in bursts if n >= 3) >= ROUNDS // 2, bursts
    assert len(set(bursts)) >= 10, bursts

    # The catalogue keeps working: an import, an edit, a check.
    following = write_csv(tmp_path / "next.csv", offer_rows(30, seed=8, prefix="Après "))
    after = run("import", following, "--db", db, "--kind", "offers", "--as-of", AS_OF)
    assert after.returncode == 0 and "30 insérées" in after.stdout, after.stderr
    with Catalogue.open(db) as cat:
        cat.update("offers", groups[0][0], {"description": "après la tempête"})
    assert problems(db) == []
    assert count(db, "SELECT count(*) FROM offers") == GROUPS * GROUP_SIZE + len(model.created) + 30


def _canonical(model: Model, base: Model) -> Model:
    """A model with the groups that still hold their base values left out (as `observe` reports them)."""
    return Model(
        {g: v for g, v in model.description.items() if v != base.description[g]},
        {g: v for g, v in model.reviewed.items() if v != base.reviewed[g]},
        {g: True for g, archived in model.archived.items() if archived},
        set(model.created),
    )


def _diff(seen: Model, model: Model) -> str:
    return json.dumps(
        {
            "description": {g: (seen.description.get(g), model.description.get(g)) for g in range(GROUPS)},
            "created": sorted(seen.created ^ model.created),
        },
        ensure_ascii=False,
    )[:2000]
