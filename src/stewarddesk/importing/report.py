"""The import report: DESIGN.md's JSON (what `--report-json` writes and the batch row keeps) and the few
lines the command line prints.

JSON keys (stable contract, DESIGN.md « Command line »): `batch_id` (null for a dry run, and for an
import that changed nothing: nothing was recorded), `kind`, `inserted`, `updated`, `unchanged` (counts), `rejected` (a list of `{"row": N, "reason": "..."}`, N the
sheet's own row number, the reason in the current language without « ligne N : », which `row` gives),
`warnings` (file-level sentences — each ambiguous date text once per column, with its rows — then every
row's other warnings, prefixed « ligne N : »). Also: `file`, `sha256`, `sheet`, `header_row`,
`profile`, `notes` (information, not warnings: what became of the partner profile), `dry_run`, `mapping`
(header text -> field), `changes` (per updated row: `row`, `id`, `fields` {field: [old, new]}),
`conflicts` (per field: `row`, `id`, `field`, `exported`, `catalogue`, `sheet`),
`ambiguous_dates` (per column and text: `column`, `value`, `read_as` and `could_be` (ISO), every `rows`),
`new_structures` (every structure the import creates: `name`, `rows`; the warning names only the first),
`inserted_rows` (the sheet row of each new entry, in the order they are created: the history pairs them
with the batch's new ids).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stewarddesk.fields import FIELDS
from stewarddesk.i18n import Msg, Plural
from stewarddesk.importing.model import PlannedRow, on_row
from stewarddesk.importing.shown import INSERTED, UNCHANGED, UPDATED, counted, shown_value
from stewarddesk.importing.shown import REJECTED as REJECTED_COUNT

if TYPE_CHECKING:
    from stewarddesk.importing.model import ImportPlan

HEADLINE = Msg(
    "import.report.headline",
    "{file} : {inserted}, {updated}, {unchanged}, {rejected}",
    "{file}: {inserted}, {updated}, {unchanged}, {rejected}",
)
BATCH = Msg(
    "import.report.batch",
    "Import n° {batch} enregistré (annulable par « stewarddesk undo-import {batch} »).",
    "Import #{batch} recorded (undo with “stewarddesk undo-import {batch}”).",
)
NOTHING_RECORDED = Msg(
    "import.report.nothing_recorded",
    "Rien à changer dans le catalogue : aucun import enregistré (ni sauvegarde ni historique).",
    "Nothing to change in the catalogue: no import recorded (no backup, no history).",
)
PROFILE_APPLIED = Msg(
    "import.report.profile_applied",
    "Profil partenaire « {name} » reconnu d'après les colonnes et appliqué.",
    "Partner profile “{name}” recognised from the columns and applied.",
)
PROFILE_SAVED = Msg(
    "import.report.profile_saved",
    "Nouveau profil « {name} » enregistré avec cette correspondance de colonnes.",
    "New profile “{name}” saved with this column mapping.",
)
PROFILE_WOULD_SAVE = Msg(
    "import.report.profile_would_save",
    "Nouveau profil « {name} » : l'import l'enregistrera avec cette correspondance de colonnes (la "
    "simulation ne l'enregistre pas).",
    "New profile “{name}”: the import will save it with this column mapping (the dry run does not).",
)
DRY_RUN = Msg(
    "import.report.dry_run",
    "Simulation : rien n'a été écrit dans le catalogue.",
    "Dry run: nothing was written to the catalogue.",
)
REJECTED = Msg("import.report.rejected", "Rejetée — {reason}", "Rejected — {reason}")
WARNING = Msg("import.report.warning", "Attention — {text}", "Warning — {text}")
PLANNED_INSERT = Msg("import.report.insert", "nouvelle entrée « {title} »", "new entry “{title}”")
PLANNED_UPDATE = Msg(
    "import.report.update",
    "« {title} » (n° {id}) : {changes}",
    "“{title}” (#{id}): {changes}",
)
CONFLICTS = Plural(
    "import.report.conflicts",
    (
        "{count} ligne en conflit avec le catalogue (voir les avertissements) : valeurs du catalogue gardées",
        "{count} lignes en conflit avec le catalogue (voir les avertissements) : valeurs du catalogue gardées",
    ),
    (
        "{count} row in conflict with the catalogue (see the warnings): the catalogue's values kept",
        "{count} rows in conflict with the catalogue (see the warnings): the catalogue's values kept",
    ),
)
FIELD_CHANGE = Msg("import.report.field_change", "{field} : {old} → {new}", "{field}: {old} → {new}")
CHANGES_JOIN = Msg("import.report.changes_join", " ; ", "; ")
REJECTS_WRITTEN = Msg(
    "import.report.rejects_written",
    "Lignes rejetées écrites dans {path}",
    "Rejected rows written to {path}",
)


def row_warnings(row: PlannedRow) -> list[str]:
    """A row's warnings as reports list them: without its ambiguous dates, which the plan's warnings say
    once per column and text (`ImportPlan.ambiguous_dates`)."""
    if not row.ambiguous:
        return row.warnings
    said = {doubt.text for doubt in row.ambiguous}
    return [w for w in row.warnings if w not in said]


def profile_lines(plan: ImportPlan, *, dry_run: bool) -> list[str]:
    """What became of the partner profile, as it really happened: information, not warnings."""
    if not plan.profile:
        return []
    if plan.profile_recognised:
        return [PROFILE_APPLIED(name=plan.profile)]
    if not plan.save_profile:
        return []
    if dry_run:
        return [PROFILE_WOULD_SAVE(name=plan.profile)]
    return [PROFILE_SAVED(name=plan.profile)]  # even by an import that changes nothing (see apply_plan)


def build_report(plan: ImportPlan, batch_id: int | None, *, dry_run: bool = False) -> dict[str, Any]:
    counts = plan.counts
    warnings = list(plan.warnings)
    rejected: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    conflicts: list[dict[str, Any]] = []
    inserted_rows: list[int] = []
    for row in plan.rows:
        warnings += [on_row(row.row, w) for w in row_warnings(row)]
        if row.action == "insert":
            inserted_rows.append(row.row)
        elif row.action == "reject":
            rejected.append({"row": row.row, "reason": row.bare_reason})
        elif row.action == "update":
            fields = {name: [old, new] for name, (old, new) in row.changes.items()}
            changes.append({"row": row.row, "id": row.entry_id, "fields": fields})
        for name, (exported, current, sheet) in row.conflicts.items():
            conflicts.append(
                {
                    "row": row.row,
                    "id": row.entry_id,
                    "field": name,
                    "exported": exported,
                    "catalogue": current,
                    "sheet": sheet,
                }
            )
    return {
        "batch_id": batch_id,
        "kind": plan.kind,
        "file": plan.file.name,
        "sha256": plan.sha256,
        "sheet": plan.sheet,
        "header_row": plan.header_row,
        "profile": plan.profile,
        "dry_run": dry_run,
        "inserted": counts["inserted"],
        "updated": counts["updated"],
        "unchanged": counts["unchanged"],
        "rejected": rejected,
        "warnings": warnings,
        "notes": profile_lines(plan, dry_run=dry_run),
        "conflicts": conflicts,
        "changes": changes,
        "inserted_rows": inserted_rows,
        "ambiguous_dates": [
            {
                "column": group.first.column,
                "value": group.first.raw,
                "read_as": group.first.read_as,
                "could_be": group.first.could_be,
                "rows": group.rows,
            }
            for group in plan.ambiguous_dates
        ],
        "new_structures": [
            {"name": name, "rows": plan.new_structure_rows.get(name, [])} for name in plan.new_structures
        ],
        "mapping": {
            (plan.headers[c] if c < len(plan.headers) and plan.headers[c] else str(c)): name
            for c, name in sorted(plan.mapping.items())
        },
    }


def _display(plan: ImportPlan, name: str, value: Any) -> str:
    """A field value as a person reads it (`shown.shown_value`): labels for codes, the user's dates; ∅ for
    nothing, as the history of an entry shows it."""
    if value is None or value == "" or value == []:
        return "∅"
    return shown_value(next((f for f in FIELDS[plan.kind] if f.name == name), None), value)


MAX_PRINTED_WARNINGS = 50
MAX_PRINTED_NEAR = 10
MORE_WARNINGS = Plural(
    "import.report.more_warnings",
    (
        "… et {count} autre avertissement : la liste complète est dans le rapport JSON (--report-json).",
        "… et {count} autres avertissements : la liste complète est dans le rapport JSON (--report-json).",
    ),
    (
        "… and {count} more warning: the full list is in the JSON report (--report-json).",
        "… and {count} more warnings: the full list is in the JSON report (--report-json).",
    ),
)
MORE_NEAR = Plural(
    "import.report.more_near",
    (
        "… et {count} autre titre proche d'un autre : la liste complète est dans le rapport JSON "
        "(--report-json).",
        "… et {count} autres titres proches d'un autre : la liste complète est dans le rapport JSON "
        "(--report-json).",
    ),
    (
        "… and {count} more title close to another: the full list is in the JSON report (--report-json).",
        "… and {count} more titles close to another: the full list is in the JSON report (--report-json).",
    ),
)


def summary_lines(plan: ImportPlan, batch_id: int | None, *, dry_run: bool) -> list[str]:
    """What the command line prints: the counts, the batch to undo, conflicts, every rejected row and every
    warning; for a dry run, also every insertion and update (the plan)."""
    counts = plan.counts
    lines = [
        HEADLINE(
            file=plan.file.name,
            inserted=counted(INSERTED, counts["inserted"]),
            updated=counted(UPDATED, counts["updated"]),
            unchanged=counted(UNCHANGED, counts["unchanged"]),
            rejected=counted(REJECTED_COUNT, counts["rejected"]),
        )
    ]
    if dry_run:
        lines.append(DRY_RUN())
    else:
        lines.append(BATCH(batch=batch_id) if batch_id is not None else NOTHING_RECORDED())
    lines += profile_lines(plan, dry_run=dry_run)
    if counts["conflicts"]:
        lines.append(counted(CONFLICTS, counts["conflicts"]))
    labels = {f.name: f.export for f in FIELDS[plan.kind]}
    if dry_run:
        for row in plan.rows:
            if row.action == "insert":
                lines.append(on_row(row.row, PLANNED_INSERT(title=row.values.get("title"))))
            elif row.action == "update":
                changed = CHANGES_JOIN().join(
                    FIELD_CHANGE(
                        field=labels.get(n, n), old=_display(plan, n, old), new=_display(plan, n, new)
                    )
                    for n, (old, new) in row.changes.items()
                )
                title = row.values.get("title") or row.changes.get("title", (None, None))[1]
                lines.append(on_row(row.row, PLANNED_UPDATE(title=title, id=row.entry_id, changes=changed)))
    for row in plan.rows:
        if row.action == "reject":
            lines.append(REJECTED(reason=row.reason))
    # A terminal shows the first warnings and counts the rest; the JSON report keeps them all. Close
    # titles get their own, smaller allowance: a big sheet must not bury the others under them.
    warnings = list(plan.warnings)
    near: list[str] = []
    for row in plan.rows:
        for w in row_warnings(row):
            (near if w == row.near_duplicate else warnings).append(on_row(row.row, w))
    lines += [WARNING(text=w) for w in warnings[:MAX_PRINTED_WARNINGS]]
    if len(warnings) > MAX_PRINTED_WARNINGS:
        lines.append(counted(MORE_WARNINGS, len(warnings) - MAX_PRINTED_WARNINGS))
    lines += [WARNING(text=w) for w in near[:MAX_PRINTED_NEAR]]
    if len(near) > MAX_PRINTED_NEAR:
        lines.append(counted(MORE_NEAR, len(near) - MAX_PRINTED_NEAR))
    return lines
