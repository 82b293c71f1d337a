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
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from stewarddesk import __version__, argparse_texts, paths, vocab
from stewarddesk.catalogue import Catalogue, flags_for
from stewarddesk.catalogue.query import Query
from stewarddesk.errors import KnownError, os_reason
from stewarddesk.fields import KINDS, EntryKind, field
from stewarddesk.i18n import Msg, Plural
from stewarddesk.importing.safety import EXTENSIONS

BAD_DATE = Msg(
    "cli.bad_date",
    "date invalide « {value} » (attendu AAAA-MM-JJ)",
    'invalid date "{value}" (expected YYYY-MM-DD)',
)
DATE_OUT_OF_RANGE = Msg(
    "cli.date_out_of_range",
    "date hors limites « {value} » (entre {first} et {last})",
    'date out of range "{value}" (between {first} and {last})',
)
BAD_BATCH = Msg(
    "cli.bad_batch",
    "numéro d'import invalide « {value} » (un nombre entier, donné par l'import)",
    'invalid import number "{value}" (a whole number, given by the import)',
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
STALE_COUNT = Plural(
    "cli.flag_count",
    ("{count} entrée signalée au {as_of} :", "{count} entrées signalées au {as_of} :"),
    ("{count} flagged entry as of {as_of}:", "{count} flagged entries as of {as_of}:"),
)
EXPORTED = Plural(
    "cli.exported",
    ("{count} entrée exportée dans {path}", "{count} entrées exportées dans {path}"),
    ("{count} entry exported to {path}", "{count} entries exported to {path}"),
)
ARCHIVED_AMONG = Plural(
    "cli.exported_archived",
    (
        "dont {count} archivée (--no-archived pour la laisser de côté)",
        "dont {count} archivées (--no-archived pour les laisser de côté)",
    ),
    (
        "{count} of them archived (--no-archived leaves it out)",
        "{count} of them archived (--no-archived leaves them out)",
    ),
)
UNDONE = Msg("cli.undone", "Import n° {batch} annulé : {summary}", "Import #{batch} undone: {summary}")
NO_SAMPLE = Msg(
    "cli.no_sample",
    "Le catalogue d'exemple est absent de l'installation.",
    "The sample catalogue is missing from this installation.",
)
NEW_IS_FOLDER = Msg(
    "cli.new_is_folder",
    "« {path} » est un dossier : donnez le chemin du catalogue à créer (par exemple {example}).",
    '"{path}" is a folder: give the path of the catalogue to create (for example {example}).',
)
PARENT_NOT_FOLDER = Msg(
    "cli.parent_not_folder",
    "« {parent} » n'est pas un dossier : impossible d'y créer le catalogue « {path} ».",
    '"{parent}" is not a folder: the catalogue "{path}" cannot be created in it.',
)
FOLDER_NOT_WRITABLE = Msg(
    "cli.folder_not_writable",
    "Impossible de créer un catalogue dans le dossier « {folder} » ({reason}) : choisissez un autre "
    "emplacement.",
    'Cannot create a catalogue in the folder "{folder}" ({reason}): choose another place.',
)
CANNOT_COPY_SAMPLE = Msg(
    "cli.cannot_copy_sample",
    "Impossible d'écrire le catalogue d'exemple dans « {path} » : {reason}.",
    'Cannot write the sample catalogue to "{path}": {reason}.',
)
DB_IS_FOLDER = Msg(
    "cli.db_is_folder",
    "« {path} » est un dossier, pas un catalogue : donnez le chemin du fichier du catalogue (par exemple "
    "{example}).",
    '"{path}" is a folder, not a catalogue: give the path of the catalogue file (for example {example}).',
)
HEALTHY = Msg("cli.healthy", "{path} : catalogue sain.", "{path}: catalogue is healthy.")
UNHEALTHY = Plural(
    "cli.unhealthy",
    ("{path} : {count} problème :", "{path} : {count} problèmes :"),
    ("{path}: {count} problem:", "{path}: {count} problems:"),
)
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
OFFER_COUNT = Plural(
    "cli.offer_count", ("{count} offre", "{count} offres"), ("{count} offer", "{count} offers")
)
ACTION_COUNT = Plural(
    "cli.action_count", ("{count} action", "{count} actions"), ("{count} action", "{count} actions")
)
COUNTS_JOIN = Msg("cli.counts_join", "{offers}, {actions}", "{offers} and {actions}")
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


# Reference dates a person means; beyond them, counting days back (thresholds) or years on (horizons)
# would leave the calendar Python and SQLite know.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(9990, 12, 31)


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(BAD_DATE(value=text)) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise argparse.ArgumentTypeError(
            DATE_OUT_OF_RANGE(value=text, first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat())
        )
    return day


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are unusable input (exit 2) with one line, as DESIGN.md asks."""

    def error(self, message: str) -> Any:
        self.exit(2, f"{self.prog}: {message}\n")


def _batch_id(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(BAD_BATCH(value=text)) from None
    if not -(2**63) <= number < 2**63:  # beyond SQLite's integers: no batch can have it
        raise argparse.ArgumentTypeError(BAD_BATCH(value=text))
    return number


H = Msg  # the help texts, French first like every message; built when the parser is
DESCRIPTION = H(
    "cli.help.description",
    "StewardDesk — catalogue de l'écosystème d'innovation.",
    "StewardDesk — catalogue of the innovation ecosystem.",
)
COMMAND = H("cli.metavar.command", "COMMANDE", "COMMAND")
PATH = H("cli.metavar.path", "CHEMIN", "PATH")
DAY = H("cli.metavar.day", "AAAA-MM-JJ", "YYYY-MM-DD")
HELP_VERSION = H("cli.help.version", "afficher la version et quitter", "show the version and exit")
HELP_EXPORT_KIND = H(
    "cli.help.export_kind",
    "offers : les offres ; actions : les actions de la feuille de route",
    "offers: the offers; actions: the roadmap actions",
)
HELP_GUI = H("cli.help.gui", "ouvrir la fenêtre (par défaut)", "open the window (the default)")
HELP_INIT = H(
    "cli.help.init",
    "créer un catalogue vide, ou d'exemple avec --sample",
    "create an empty catalogue, or the sample one with --sample",
)
HELP_SAMPLE = H(
    "cli.help.sample",
    "copier le catalogue d'exemple (données des sources)",
    "copy the sample catalogue (data from the sources)",
)
HELP_IMPORT = H(
    "cli.help.import",
    "importer un tableur partenaire ({formats} ; {as_csv} lus comme CSV)",
    "import a partner's spreadsheet ({formats}; {as_csv} read as CSV)",
)
HELP_KIND = H(
    "cli.help.kind",
    "offres (offers) ou actions (actions) ; reconnu d'après les colonnes sinon",
    "offers or actions; told from the columns otherwise",
)
HELP_SHEET = H("cli.help.sheet", "nom de la feuille à lire", "name of the sheet to read")
HELP_PROFILE = H(
    "cli.help.profile",
    "profil partenaire (correspondance de colonnes et de valeurs)",
    "partner profile (mapping of columns and values)",
)
HELP_DRY_RUN = H(
    "cli.help.dry_run",
    "montrer ce qui changerait sans rien écrire",
    "show what would change, writing nothing",
)
HELP_REPORT = H(
    "cli.help.report_json", "écrire le rapport d'import en JSON", "write the import report as JSON"
)
HELP_REJECTS = H(
    "cli.help.rejects",
    "écrire les lignes rejetées, motifs à côté, pour les renvoyer au partenaire",
    "write the rejected rows, with their reasons beside them, to send back to the partner",
)
HELP_AS_OF = H(
    "cli.help.as_of", "date de référence (aujourd'hui par défaut)", "reference date (today by default)"
)
HELP_UNDO = H("cli.help.undo", "annuler un import (lot) entier", "undo a whole import (batch)")
HELP_BATCH = H("cli.help.batch", "numéro de l'import (lot)", "number of the import (batch)")
HELP_EXPORT = H(
    "cli.help.export",
    "exporter les offres ou les actions (.xlsx ou .csv)",
    "export the offers or the actions (.xlsx or .csv)",
)
HELP_OUTPUT = H("cli.help.output", "fichier à écrire (.xlsx ou .csv)", "file to write (.xlsx or .csv)")
HELP_ONLY_FLAGGED = H(
    "cli.help.only_flagged",
    "seulement les entrées signalées (non revues, échues ou incomplètes)",
    "only the flagged entries (stale, overdue or incomplete)",
)
HELP_SEARCH = H(
    "cli.help.search",
    "texte recherché (titres, descriptions, structures)",
    "text to search for (titles, descriptions, structures)",
)
HELP_EXPORT_AS_OF = H(
    "cli.help.export_as_of",
    "date de référence des alertes (aujourd'hui par défaut)",
    "reference date of the flags (today by default)",
)
HELP_STALE = H(
    "cli.help.stale",
    "lister les entrées à revoir, échues ou incomplètes",
    "list the entries to review, overdue or incomplete",
)
HELP_JSON = H("cli.help.json", "sortie JSON", "JSON output")
HELP_CHECK = H(
    "cli.help.check",
    "vérifier l'intégrité du catalogue (index, journal, schéma)",
    "check the catalogue's integrity (index, journal, schema)",
)
HELP_BACKUP = H(
    "cli.help.backup",
    "sauvegarder le catalogue (copie cohérente), ou lister ses sauvegardes",
    "back up the catalogue (a consistent copy), or list its backups",
)
HELP_BACKUP_OUT = H(
    "cli.help.backup_out",
    "fichier ou dossier de la sauvegarde (par défaut : le dossier des sauvegardes du catalogue)",
    "file or folder of the backup (by default: the catalogue's backups folder)",
)
HELP_LIST = H("cli.help.list", "lister les sauvegardes du catalogue", "list the catalogue's backups")
HELP_RESTORE = H(
    "cli.help.restore",
    "remplacer le catalogue par une sauvegarde (l'état actuel est sauvegardé avant)",
    "replace the catalogue with a backup (the current state is backed up first)",
)
HELP_BACKUP_FILE = H("cli.help.backup_file", "la sauvegarde à remettre en place", "the backup to put back")
METAVARS = {
    "file": H("cli.metavar.file", "FICHIER", "FILE"),
    "sheet": H("cli.metavar.sheet", "FEUILLE", "SHEET"),
    "profile": H("cli.metavar.profile", "PROFIL", "PROFILE"),
    "report": H("cli.metavar.report", "RAPPORT.json", "OUT.json"),
    "rejects": H("cli.metavar.rejects", "REJETS.xlsx", "OUT.xlsx"),
    "batch": H("cli.metavar.batch", "N_IMPORT", "BATCH_ID"),
    "output": H("cli.metavar.output", "SORTIE.xlsx|SORTIE.csv", "OUT.xlsx|OUT.csv"),
    "partner": H("cli.metavar.partner", "NOM", "NAME"),
    "search": H("cli.metavar.search", "TEXTE", "TEXT"),
    "status": H("cli.metavar.status", "STATUT", "STATUS"),
    "backup_out": H("cli.metavar.backup_out", "SAUVEGARDE.sqlite", "OUT.sqlite"),
    "backup": H("cli.metavar.backup", "SAUVEGARDE", "BACKUP"),
}


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser, every text in the current language (argparse's own ones too)."""
    argparse_texts.install()
    mv = {name: msg() for name, msg in METAVARS.items()}
    p = _Parser(prog="stewarddesk", description=DESCRIPTION())
    p.add_argument("--version", action="version", version=f"StewardDesk {__version__}", help=HELP_VERSION())
    sub = p.add_subparsers(dest="command", metavar=COMMAND(), parser_class=_Parser)

    def command(name: str, about: Msg, **params: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=about(**params), description=about(**params))

    def db(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
        parser.add_argument("--db", type=Path, required=required, metavar=PATH(), help=HELP_DB())

    def as_of(parser: argparse.ArgumentParser, about: Msg = HELP_AS_OF) -> None:
        parser.add_argument("--as-of", type=_date, metavar=DAY(), help=about())

    db(command("gui", HELP_GUI), required=False)

    i = command("init", HELP_INIT)
    i.add_argument("path", type=Path, metavar=PATH())
    i.add_argument("--sample", action="store_true", help=HELP_SAMPLE())

    # The extensions the importer reads, from its own table (as its « unsupported format » message).
    as_csv = [ext for ext, fmt in EXTENSIONS.items() if fmt == "csv" and ext != ".csv"]
    formats = [ext for ext in EXTENSIONS if ext not in as_csv]
    im = command("import", HELP_IMPORT, formats=", ".join(formats), as_csv=", ".join(as_csv))
    im.add_argument("file", type=Path, metavar=mv["file"])
    db(im)
    im.add_argument("--kind", choices=KINDS, help=HELP_KIND())
    im.add_argument("--sheet", metavar=mv["sheet"], help=HELP_SHEET())
    im.add_argument("--profile", metavar=mv["profile"], help=HELP_PROFILE())
    im.add_argument("--dry-run", action="store_true", help=HELP_DRY_RUN())
    im.add_argument("--report-json", type=Path, metavar=mv["report"], help=HELP_REPORT())
    im.add_argument("--rejects", type=Path, metavar=mv["rejects"], help=HELP_REJECTS())
    as_of(im)

    u = command("undo-import", HELP_UNDO)
    u.add_argument("batch_id", type=_batch_id, metavar=mv["batch"], help=HELP_BATCH())
    db(u)

    e = command("export", HELP_EXPORT)
    e.add_argument("kind", choices=KINDS, metavar="offers|actions", help=HELP_EXPORT_KIND())
    db(e)
    e.add_argument("-o", "--output", type=Path, required=True, metavar=mv["output"], help=HELP_OUTPUT())
    e.add_argument("--partner", metavar=mv["partner"], help=HELP_PARTNER())
    e.add_argument("--only-flagged", action="store_true", help=HELP_ONLY_FLAGGED())
    e.add_argument("--search", default="", metavar=mv["search"], help=HELP_SEARCH())
    e.add_argument("--status", action="append", default=[], metavar=mv["status"], help=HELP_STATUS())
    e.add_argument("--no-archived", action="store_true", help=HELP_NO_ARCHIVED())
    as_of(e, HELP_EXPORT_AS_OF)

    s = command("stale", HELP_STALE)
    db(s)
    as_of(s)
    s.add_argument("--json", action="store_true", help=HELP_JSON())

    db(command("check", HELP_CHECK))

    b = command("backup", HELP_BACKUP)
    db(b)
    what = b.add_mutually_exclusive_group()
    what.add_argument("-o", "--output", type=Path, metavar=mv["backup_out"], help=HELP_BACKUP_OUT())
    what.add_argument("--list", action="store_true", help=HELP_LIST())

    r = command("restore", HELP_RESTORE)
    r.add_argument("backup", type=Path, metavar=mv["backup"], help=HELP_BACKUP_FILE())
    db(r)
    return p


# ---------------------------------------------------------------------------- commands
def cmd_gui(args: argparse.Namespace) -> int:
    from stewarddesk.gui.app import run  # Qt is loaded only for the window

    return run(args.db)


def _check_new_catalogue(path: Path) -> None:
    """KnownError saying what stands in the way of creating a catalogue at `path`: a folder given instead
    of a file, a file where a folder should be, or a folder that refuses new files (read-only, not ours).
    An existing catalogue file is left to `Catalogue.new`, which says it exists."""
    if path.is_dir():
        raise KnownError(NEW_IS_FOLDER(path=path, example=path / "catalogue.sqlite"))
    if path.exists():
        return
    folder = path.parent
    while not folder.exists() and folder != folder.parent:  # the folders to create go in the first one
        folder = folder.parent
    if not folder.is_dir():
        raise KnownError(PARENT_NOT_FOLDER(parent=folder, path=path))
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".stewarddesk-"):
            pass
    except OSError as exc:
        raise KnownError(FOLDER_NOT_WRITABLE(folder=folder, reason=os_reason(exc))) from None


def cmd_init(args: argparse.Namespace) -> int:
    path: Path = args.path
    _check_new_catalogue(path)
    if args.sample:
        sample = paths.sample_catalogue()
        if not sample.is_file():
            raise KnownError(NO_SAMPLE())
        if path.exists() and path.stat().st_size > 0:
            Catalogue.new(path)  # raises the same clear "already exists" error
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with sample.open("rb") as src, path.open("wb") as dst:
                shutil.copyfileobj(src, dst)
        except OSError as exc:
            raise KnownError(CANNOT_COPY_SAMPLE(path=path, reason=os_reason(exc))) from None
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
    print(STALE_COUNT(len(found), as_of=as_of.isoformat()))
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
    said = EXPORTED(result.count, path=result.path)
    if result.archived:
        said += ", " + ARCHIVED_AMONG(result.archived)
    print(said, file=sys.stderr)
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
            if outcome.result is None or outcome.result.batch_id is None:
                raise  # a dry run, or nothing to change: nothing was applied, the error is the whole story
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
    print(UNHEALTHY(len(problems), path=args.db), file=sys.stderr)
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
                counts = COUNTS_JOIN(offers=OFFER_COUNT(b.offers), actions=ACTION_COUNT(b.actions or 0))
                print(f"{taken}  {reason}  {counts}  {b.path}")
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
        db: Path | None = getattr(args, "db", None)
        if db is not None and db.is_dir():  # else « not found », which would send the user looking
            raise KnownError(DB_IS_FOLDER(path=db, example=db / "catalogue.sqlite"))
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
