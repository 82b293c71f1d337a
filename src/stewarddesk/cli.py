"""The command line: DESIGN.md's stable contract, a thin layer over the core.

Exit status: 0 when the command ran, 2 for unusable input (a `KnownError`: one clear line on stderr),
1 for anything else (our bug: one line too, and the traceback only with STEWARDDESK_DEBUG=1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from stewarddesk import __version__, paths, vocab
from stewarddesk.catalogue import Catalogue, flags_for
from stewarddesk.catalogue.query import Query
from stewarddesk.errors import KnownError
from stewarddesk.fields import KINDS, EntryKind, field
from stewarddesk.i18n import Msg

BAD_DATE = Msg(
    "cli.bad_date",
    "date invalide « {value} » (attendu AAAA-MM-JJ)",
    "invalid date “{value}” (expected YYYY-MM-DD)",
)
BUG = Msg(
    "cli.bug",
    "Erreur interne inattendue ({error}). Le catalogue n'a pas été modifié par cette opération ; "
    "relancez avec STEWARDDESK_DEBUG=1 pour le détail.",
    "Unexpected internal error ({error}). The catalogue was not changed by this operation; "
    "run again with STEWARDDESK_DEBUG=1 for details.",
)
CREATED = Msg("cli.created", "Catalogue créé : {path}", "Catalogue created: {path}")
CREATED_SAMPLE = Msg(
    "cli.created_sample", "Catalogue d'exemple créé : {path}", "Sample catalogue created: {path}"
)
NO_STALE = Msg("cli.no_flags", "Aucune entrée signalée au {as_of}.", "No flagged entry as of {as_of}.")
STALE_HEADING = {
    "offers": Msg("cli.stale.offers", "Offres ({count})", "Offers ({count})"),
    "actions": Msg("cli.stale.actions", "Actions ({count})", "Actions ({count})"),
}
ENTRY_NUMBER = Msg("cli.stale.entry_number", "n° {id}", "#{id}")
REASONS_JOIN = Msg("cli.stale.reasons_join", " ; ", "; ")
STALE_COUNT = Msg(
    "cli.flag_count",
    "{count} entrée(s) signalée(s) au {as_of} :",
    "{count} flagged entr(y/ies) as of {as_of}:",
)
EXPORTED = Msg(
    "cli.exported", "{count} entrée(s) exportée(s) dans {path}", "{count} entr(y/ies) exported to {path}"
)
UNDONE = Msg("cli.undone", "Import n° {batch} annulé : {summary}", "Import #{batch} undone: {summary}")
NO_SAMPLE = Msg(
    "cli.no_sample",
    "Le catalogue d'exemple est absent de l'installation.",
    "The sample catalogue is missing from this installation.",
)
HEALTHY = Msg("cli.healthy", "{path} : catalogue sain.", "{path}: catalogue is healthy.")
UNHEALTHY = Msg("cli.unhealthy", "{path} : {count} problème(s) :", "{path}: {count} problem(s):")
HELP_DB = Msg("cli.help.db", "fichier du catalogue (SQLite)", "catalogue file (SQLite)")
HELP_STATUS = Msg(
    "cli.help.status",
    "statut, en libellé ou en code (« Engagée », engaged, « En cours »…) ; répétable",
    'status, as a label or a code ("In progress", engaged, "Engagée"…); repeatable',
)
BAD_FILTER = {
    "offers": Msg(
        "cli.bad_filter.offers",
        "{option} : valeur « {value} » inconnue pour les offres ; valeurs possibles : {allowed}",
        '{option}: unknown value "{value}" for offers; possible values: {allowed}',
    ),
    "actions": Msg(
        "cli.bad_filter.actions",
        "{option} : valeur « {value} » inconnue pour les actions ; valeurs possibles : {allowed}",
        '{option}: unknown value "{value}" for actions; possible values: {allowed}',
    ),
}
HELP_PARTNER = Msg(
    "cli.help.partner",
    "les entrées de cette structure (les offres qu'elle propose, les actions qu'elle porte) : en .xlsx, son "
    "classeur de revue, à renvoyer rempli (listes déroulantes, colonnes verrouillées, valeurs d'origine "
    "cachées : .xlsx seulement) ; en .csv, l'export CSV habituel de ces entrées",
    "the entries of this structure (the offers it provides, the actions it carries): as .xlsx, its review "
    "workbook, to be sent back filled in (drop-down lists, locked columns, original values hidden: .xlsx "
    "only); as .csv, the usual CSV export of these entries",
)
HELP_NO_ARCHIVED = Msg(
    "cli.help.no_archived",
    "laisser de côté les entrées archivées (incluses par défaut ; le classeur de revue d'un partenaire "
    "n'en contient jamais)",
    "leave out archived entries (included by default; a partner's review workbook never holds any)",
)
BACKED_UP = Msg("cli.backed_up", "Sauvegarde écrite : {path}", "Backup written: {path}")
NO_BACKUPS = Msg("cli.no_backups", "Aucune sauvegarde dans {folder}.", "No backup in {folder}.")
BACKUP_LINE = Msg(
    "cli.backup_line",
    "{taken}  {reason}  {offers} offre(s), {actions} action(s)  {path}",
    "{taken}  {reason}  {offers} offer(s), {actions} action(s)  {path}",
)
UNREADABLE_BACKUP = Msg(
    "cli.unreadable_backup", "{taken}  {reason}  illisible  {path}", "{taken}  {reason}  unreadable  {path}"
)
BACKUP_REASONS = {
    "import": Msg("cli.backup_reason.import", "avant import", "before an import"),
    "manual": Msg("cli.backup_reason.manual", "manuelle", "manual"),
    "before-restore": Msg("cli.backup_reason.restore", "avant restauration", "before a restore"),
}
RESTORED = Msg(
    "cli.restored",
    "Catalogue restauré depuis {backup}. L'état précédent est sauvegardé : pour revenir en arrière, "
    "stewarddesk restore {saved} --db {db}",
    "Catalogue restored from {backup}. The previous state was saved: to go back, "
    "stewarddesk restore {saved} --db {db}",
)
RESTORED_NEW = Msg(
    "cli.restored_new", "Catalogue {db} recréé depuis {backup}.", "Catalogue {db} recreated from {backup}."
)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(BAD_DATE(value=text)) from None


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are unusable input (exit 2) with one line, as DESIGN.md asks."""

    def error(self, message: str) -> Any:
        self.exit(2, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="stewarddesk", description="StewardDesk — catalogue de l'écosystème d'innovation.")
    p.add_argument("--version", action="version", version=f"StewardDesk {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    g = sub.add_parser("gui", help="ouvrir la fenêtre (par défaut)")
    g.add_argument("--db", type=Path, help=HELP_DB())

    i = sub.add_parser("init", help="créer un catalogue vide, ou d'exemple avec --sample")
    i.add_argument("path", type=Path)
    i.add_argument(
        "--sample", action="store_true", help="copier le catalogue d'exemple (données des sources)"
    )

    im = sub.add_parser("import", help="importer un tableur partenaire (.xlsx, .xls, .ods, .csv)")
    im.add_argument("file", type=Path)
    im.add_argument("--db", type=Path, required=True, help=HELP_DB())
    im.add_argument("--kind", choices=KINDS)
    im.add_argument("--sheet", help="nom de la feuille à lire")
    im.add_argument("--profile", help="profil partenaire (correspondance de colonnes et de valeurs)")
    im.add_argument("--dry-run", action="store_true", help="montrer ce qui changerait sans rien écrire")
    im.add_argument("--report-json", type=Path, metavar="OUT.json")
    im.add_argument(
        "--rejects",
        type=Path,
        metavar="OUT.xlsx",
        help="écrire les lignes rejetées, motifs à côté, pour les renvoyer au partenaire",
    )
    im.add_argument("--as-of", type=_date, help="date de référence (AAAA-MM-JJ)")

    u = sub.add_parser("undo-import", help="annuler un import (lot) entier")
    u.add_argument("batch_id", type=int)
    u.add_argument("--db", type=Path, required=True, help=HELP_DB())

    e = sub.add_parser("export", help="exporter les offres ou les actions (.xlsx ou .csv)")
    e.add_argument("kind", choices=KINDS)
    e.add_argument("--db", type=Path, required=True, help=HELP_DB())
    e.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.xlsx|OUT.csv")
    e.add_argument("--partner", help=HELP_PARTNER())
    e.add_argument("--only-flagged", action="store_true", help="seulement les entrées signalées")
    e.add_argument("--search", default="", help="texte recherché")
    e.add_argument("--status", action="append", default=[], help=HELP_STATUS())
    e.add_argument("--no-archived", action="store_true", help=HELP_NO_ARCHIVED())
    e.add_argument("--as-of", type=_date, help="date de référence des alertes (AAAA-MM-JJ)")

    s = sub.add_parser("stale", help="lister les entrées à revoir, échues ou incomplètes")
    s.add_argument("--db", type=Path, required=True, help=HELP_DB())
    s.add_argument("--as-of", type=_date, help="date de référence (AAAA-MM-JJ), aujourd'hui par défaut")
    s.add_argument("--json", action="store_true", help="sortie JSON")
    c = sub.add_parser("check", help="vérifier l'intégrité du catalogue (index, journal, schéma)")
    c.add_argument("--db", type=Path, required=True, help=HELP_DB())

    b = sub.add_parser("backup", help="sauvegarder le catalogue (copie cohérente), ou lister ses sauvegardes")
    b.add_argument("--db", type=Path, required=True, help=HELP_DB())
    what = b.add_mutually_exclusive_group()
    what.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT.sqlite",
        help="fichier ou dossier de la sauvegarde (par défaut : le dossier des sauvegardes du catalogue)",
    )
    what.add_argument("--list", action="store_true", help="lister les sauvegardes du catalogue")

    r = sub.add_parser(
        "restore", help="remplacer le catalogue par une sauvegarde (l'état actuel est sauvegardé avant)"
    )
    r.add_argument("backup", type=Path, metavar="BACKUP")
    r.add_argument("--db", type=Path, required=True, help=HELP_DB())
    return p


# ---------------------------------------------------------------------------- commands
def cmd_gui(args: argparse.Namespace) -> int:
    from stewarddesk.gui.app import run  # Qt is loaded only for the window

    return run(args.db)


def cmd_init(args: argparse.Namespace) -> int:
    path: Path = args.path
    if args.sample:
        sample = paths.sample_catalogue()
        if not sample.is_file():
            raise KnownError(NO_SAMPLE())
        if path.exists() and path.stat().st_size > 0:
            Catalogue.new(path)  # raises the same clear "already exists" error
        path.parent.mkdir(parents=True, exist_ok=True)
        with sample.open("rb") as src, path.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        Catalogue.open(path).close()  # check it and bring it to this version's schema
        print(CREATED_SAMPLE(path=path))
    else:
        Catalogue.new(path).close()
        print(CREATED(path=path))
    return 0


def cmd_stale(args: argparse.Namespace) -> int:
    as_of: dt.date = args.as_of or dt.date.today()
    with Catalogue.open(args.db) as cat:
        settings = cat.settings()
        found: list[dict[str, Any]] = []
        for kind in KINDS:
            ids = cat.ids(kind, Query(flags=("stale", "overdue", "incomplete"), as_of=as_of, sort="reviewed"))
            for entry in cat.rows(kind, ids):
                flags = flags_for(kind, entry, settings, as_of)
                found.append(
                    {
                        "kind": kind,
                        "id": entry["id"],
                        "title": entry["title"],
                        **({"code": entry.get("code")} if kind == "actions" else {}),
                        "structure": entry.get("structure") if kind == "offers" else entry.get("carriers"),
                        "reviewed": entry.get("reviewed"),
                        "flags": [{"flag": f.kind, "reason": f.reason()} for f in flags],
                    }
                )
    if args.json:
        counts = {
            f: sum(1 for e in found for x in e["flags"] if x["flag"] == f)
            for f in ("stale", "overdue", "incomplete")
        }
        json.dump(
            {"as_of": as_of.isoformat(), "counts": counts, "entries": found},
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        print()
        return 0
    if not found:
        print(NO_STALE(as_of=as_of.isoformat()))
        return 0
    print(STALE_COUNT(count=len(found), as_of=as_of.isoformat()))
    for kind in KINDS:
        entries = [e for e in found if e["kind"] == kind]
        if not entries:
            continue
        print(f"\n{STALE_HEADING[kind](count=len(entries))}")
        width = max(len(str(e["id"])) for e in entries)
        for e in entries:
            reasons = REASONS_JOIN().join(f["reason"] for f in e["flags"])
            title = (
                f"{e['code']} {e['title']}" if e.get("code") else e["title"]
            )  # actions: their roadmap code
            print(f"  {ENTRY_NUMBER(id=str(e['id']).rjust(width))}  {title} — {reasons}")
    return 0


def _vocab_filter(kind: EntryKind, name: str, given: Sequence[str]) -> tuple[str, ...]:
    """The codes the values of a vocabulary filter option name: codes, labels in either language and the
    variants an import accepts (« engagee », « En cours »). KnownError (exit 2) for any other value,
    listing the possible ones: an unknown value must not quietly export nothing."""
    vocabulary = field(kind, name).vocab
    assert vocabulary is not None, name
    codes: list[str] = []
    for raw in given:
        try:
            codes.append(vocab.normalise(vocabulary, raw) or "")  # "": entries where the field is empty
        except vocab.UnknownValue:
            allowed = ", ".join(f"{vocab.label(vocabulary, c)} ({c})" for c in vocab.codes(vocabulary))
            option = "--" + name.replace("_", "-")
            raise KnownError(BAD_FILTER[kind](option=option, value=raw, allowed=allowed)) from None
    return tuple(dict.fromkeys(codes))


def cmd_export(args: argparse.Namespace) -> int:
    from stewarddesk.exporting.api import export_entries, export_format
    from stewarddesk.exporting.filters import default_sort

    kind: EntryKind = args.kind
    as_of: dt.date = args.as_of or dt.date.today()
    filters = {"status": _vocab_filter(kind, "status", args.status)} if args.status else {}
    # Without a filter the command line exports the whole catalogue: archived entries too (an offer's
    # Statut says « Archivée »), unless --no-archived. A partner's review workbook is a to-do list for
    # the partner: it holds the live entries only, as the window's does.
    review = args.partner is not None and export_format(args.output) == "xlsx"
    query = Query(
        text=args.search,
        filters=filters,
        include_archived=not (args.no_archived or review),
        as_of=as_of,
        sort=default_sort(kind),
    )
    with Catalogue.open(args.db) as cat:
        result = export_entries(
            cat,
            kind,
            args.output,
            query=query,
            partner=args.partner,
            only_flagged=args.only_flagged,
            as_of=as_of,
        )
    print(EXPORTED(count=result.count, path=result.path), file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from stewarddesk.importing.api import OutputFailed, check_outputs, import_file, write_report

    as_of: dt.date = args.as_of or dt.date.today()
    # Before anything is read or written: a bad output path must not leave an applied import behind it.
    check_outputs(source=args.file, catalogue=args.db, rejects=args.rejects, report=args.report_json)
    failed: OutputFailed | None = None
    with Catalogue.open(args.db) as cat:
        try:
            outcome = import_file(
                cat,
                args.file,
                kind=args.kind,
                sheet=args.sheet,
                profile=args.profile,
                dry_run=args.dry_run,
                as_of=as_of,
                rejects_out=args.rejects,
            )
        except OutputFailed as exc:
            failed, outcome = exc, exc.outcome
    for line in outcome.summary_lines():
        print(line)
    if args.report_json:
        try:
            write_report(outcome.report, args.report_json)
        except Exception as exc:
            if outcome.result is None:
                raise  # a dry run: nothing was applied, the error is the whole story
            detail = str(exc) if isinstance(exc, KnownError) else type(exc).__name__
            failed = OutputFailed(outcome, f"{failed.detail} ; {detail}" if failed else detail)
    if failed is not None:
        print(f"stewarddesk: {failed.message(args.db)}", file=sys.stderr)
        return 1
    return 0


def cmd_undo_import(args: argparse.Namespace) -> int:
    from stewarddesk.importing.api import undo_import

    with Catalogue.open(args.db) as cat:
        outcome = undo_import(cat, args.batch_id)
    print(UNDONE(batch=args.batch_id, summary=outcome.summary()))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from stewarddesk.catalogue.check import check

    with Catalogue.open(args.db) as cat:
        problems = check(cat)
    if not problems:
        print(HEALTHY(path=args.db))
        return 0
    print(UNHEALTHY(path=args.db, count=len(problems)), file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
    return 2


def cmd_backup(args: argparse.Namespace) -> int:
    from stewarddesk.catalogue import backups

    if args.list:
        found = backups.describe_backups(args.db)
        if not found:
            print(NO_BACKUPS(folder=backups.backup_dir(args.db)))
        width = max(len(m()) for m in BACKUP_REASONS.values())
        for b in found:
            taken = b.taken.strftime("%Y-%m-%d %H:%M:%S")
            reason = BACKUP_REASONS[b.reason]().ljust(width)
            if b.offers is None:
                print(UNREADABLE_BACKUP(taken=taken, reason=reason, path=b.path))
            else:
                print(
                    BACKUP_LINE(taken=taken, reason=reason, offers=b.offers, actions=b.actions, path=b.path)
                )
        return 0
    with Catalogue.open(args.db) as cat:
        path = backups.write_backup(cat, "manual", target=args.output)
    print(BACKED_UP(path=path))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from stewarddesk.catalogue.backups import restore_catalogue

    restored = restore_catalogue(args.db, args.backup)
    if restored.saved is None:
        print(RESTORED_NEW(db=args.db, backup=args.backup))
    else:
        # Quoted for a shell, so that the way back can be pasted as it is.
        saved, db = shlex.quote(str(restored.saved)), shlex.quote(str(args.db))
        print(RESTORED(backup=args.backup, saved=saved, db=db))
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "gui": cmd_gui,
    "init": cmd_init,
    "import": cmd_import,
    "undo-import": cmd_undo_import,
    "export": cmd_export,
    "stale": cmd_stale,
    "check": cmd_check,
    "backup": cmd_backup,
    "restore": cmd_restore,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["gui", *(argv or sys.argv[1:])])
    try:
        return COMMANDS[args.command](args)
    except KnownError as exc:
        print(f"stewarddesk: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `stewarddesk stale | head`: the reader left; say nothing more (and not on the closed pipe).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        if os.environ.get("STEWARDDESK_DEBUG"):
            raise
        print(f"stewarddesk: {BUG(error=type(exc).__name__)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
