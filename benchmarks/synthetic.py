"""Synthetic catalogues for benchmarks: 100,000 or 1,000,000 entries, written with bulk SQL.

The rows look like the real ones (French titles, several structures, every vocabulary value, review
dates spread over four years) and are journaled and indexed like the API's, so `check` passes on them.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

from stewarddesk import vocab
from stewarddesk.catalogue import Catalogue

WORDS = [
    "accompagnement",
    "incubation",
    "prêt",
    "honneur",
    "financement",
    "hébergement",
    "pépinière",
    "accélérateur",
    "laboratoire",
    "recherche",
    "réseau",
    "international",
    "formation",
    "prototypage",
    "fab",
    "lab",
    "santé",
    "numérique",
    "mer",
    "industrie",
    "énergie",
    "créche",
    "innovation",
    "start-up",
    "croissance",
    "émergence",
    "dirigeants",
    "club",
    "talents",
]
SECTORS = ["Santé", "Numérique", "Mer", "Industrie", "ICC", "Cleantech / environnement"]
SITES = [
    "Technopôle de l'Arbois",
    "Technopôle de Luminy",
    "Technopôle de Château-Gombert",
    "CISAM",
    "Belle de Mai",
]


def build(path: Path, n_offers: int, n_actions: int, *, seed: int = 1) -> None:
    """Create `path` with that many offers and actions (bulk inserts inside one transaction)."""
    rng = random.Random(seed)
    now = dt.datetime(2026, 11, 1, 9, 0)
    stamp = now.isoformat(timespec="seconds")
    cat = Catalogue.new(path, clock=lambda: now, user="bench")
    structures = [f"Structure {i:03d} {rng.choice(WORDS).capitalize()}" for i in range(300)]
    with cat.transaction():
        for name in structures:
            cat.create("structures", {"name": name, "site": rng.choice(SITES)}, source="bench")
    conn = cat.conn

    def title() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 7))).capitalize()

    def day() -> str:
        return (dt.date(2022, 11, 1) + dt.timedelta(days=rng.randint(0, 1460))).isoformat()

    with cat.transaction():
        rows, fts, journal = [], [], []
        for i in range(1, n_offers + 1):
            sid = rng.randint(1, len(structures))
            t = f"{title()} {i}"
            desc = " ".join(rng.choice(WORDS) for _ in range(20))
            values = {
                "title": t,
                "need": rng.choice(vocab.codes("need")),
                "stages": json.dumps(rng.sample(vocab.codes("stage"), rng.randint(1, 2))),
                "sectors": json.dumps(rng.sample(SECTORS, rng.randint(0, 2)), ensure_ascii=False),
                "site": rng.choice(SITES),
                "description": desc,
                "email": f"contact{i}@exemple.fr" if rng.random() < 0.8 else None,
                "status": rng.choice(("active", "active", "active", "suspended")),
                "reviewed": day(),
            }
            rows.append(
                (
                    i,
                    t,
                    vocab.fold(t),
                    sid,
                    values["need"],
                    values["stages"],
                    values["sectors"],
                    values["site"],
                    desc,
                    values["email"],
                    values["status"],
                    values["reviewed"],
                    stamp,
                    stamp,
                    "bench",
                )
            )
            fts.append((i, t, desc, structures[sid - 1]))
            public = {
                **values,
                "stages": json.loads(values["stages"]),
                "sectors": json.loads(values["sectors"]),
                "structure": structures[sid - 1],
                "phone": None,
                "url": None,
                "partner_ref": None,
            }
            journal.append(
                (
                    stamp,
                    "bench",
                    "bench",
                    "offers",
                    i,
                    "create",
                    None,
                    json.dumps(public, ensure_ascii=False, sort_keys=True),
                )
            )
        conn.executemany(
            "INSERT INTO offers(id, title, title_key, structure_id, need, stages, sectors, site, description,"
            " email, status, reviewed, created, updated, source) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        conn.executemany("INSERT INTO offers_fts(rowid, title, description, structure) VALUES (?,?,?,?)", fts)
        rows, fts = [], []
        for i in range(1, n_actions + 1):
            t = f"{title()} {i}"
            carriers = json.dumps(rng.sample(structures, rng.randint(0, 2)), ensure_ascii=False)
            status = rng.choice(vocab.codes("action_status"))
            term = rng.choice(vocab.codes("term"))
            code = f"{rng.choice('ABCD')}.{rng.randint(1, 4)}.{i}"
            rows.append(
                (
                    i,
                    code,
                    t,
                    vocab.fold(t),
                    rng.choice(vocab.codes("carrier_type")),
                    carriers,
                    term,
                    status,
                    day(),
                    day(),
                    stamp,
                    stamp,
                    "bench",
                )
            )
            fts.append((i, code, t, None, " ".join(json.loads(carriers)), None))
            public = {
                "code": code,
                "title": t,
                "carriers": json.loads(carriers),
                "term": term,
                "status": status,
                "carrier_type": rows[-1][4],
                "adopted": rows[-1][8],
                "reviewed": rows[-1][9],
            }
            journal.append(
                (
                    stamp,
                    "bench",
                    "bench",
                    "actions",
                    i,
                    "create",
                    None,
                    json.dumps(public, ensure_ascii=False, sort_keys=True),
                )
            )
        conn.executemany(
            "INSERT INTO actions(id, code, title, title_key, carrier_type, carriers, term, status, adopted,"
            " reviewed, created, updated, source) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        conn.executemany(
            "INSERT INTO actions_fts(rowid, code, title, description, carriers, indicators) VALUES (?,?,?,?,?,?)",
            fts,
        )
        conn.executemany(
            "INSERT INTO journal(at, who, source, entity, entity_id, op, field, new) VALUES (?,?,?,?,?,?,?,?)",
            journal,
        )
        for sector in SECTORS:
            cat.add_reference("sector", sector)
    conn.execute("ANALYZE")
    cat.close()


if __name__ == "__main__":
    out = Path(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    started = time.perf_counter()
    build(out, n // 2, n // 2)
    print(f"{n:,} entries written to {out} in {time.perf_counter() - started:.1f} s")
