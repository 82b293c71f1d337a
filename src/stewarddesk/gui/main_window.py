"""The main window: views of offers, actions and structures, the review queue, menus, and the catalogue.

The window shows one `Session` (an open catalogue with its undo stack and runners) or, when none is open,
the welcome page with the ways out. Every write goes through the session's undo controller; the changes it
reports go to every page, which refreshes exactly what moved. Menus are kept in `self.menus` and actions in
`self.action_map` by name, so the import wizard, import history and export dialog (issue 6) plug in there.
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final, cast

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from stewarddesk import paths
from stewarddesk.catalogue import Catalogue, Changes
from stewarddesk.errors import KnownError
from stewarddesk.fields import Kind
from stewarddesk.gui import dialogs, duplicates, reference_lists, row_copy, row_menu, structure_merge
from stewarddesk.gui.browser import BrowserPage
from stewarddesk.gui.entry_commands import EntryCommands
from stewarddesk.gui.icons import icon
from stewarddesk.gui.read_only import ReadOnlyNotice
from stewarddesk.gui.review_queue import ReviewQueuePage
from stewarddesk.gui.session import Session
from stewarddesk.gui.settings_dialog import SettingsDialog
from stewarddesk.gui.sidebar import PAGE_LABELS, PAGES, Sidebar
from stewarddesk.gui.spreadsheet_commands import EXPORT, HISTORY, IMPORT, SpreadsheetCommands
from stewarddesk.gui.ui_state import UiState
from stewarddesk.gui.welcome import WelcomePage
from stewarddesk.gui.worker import user_message
from stewarddesk.i18n import Msg, set_language

Opener = Callable[[Path], Catalogue]

M = Msg
FILE = M("gui.menu.file", "&Fichier", "&File")
EDIT = M("gui.menu.edit", "&Édition", "&Edit")
VIEW = M("gui.menu.view", "&Affichage", "&View")
REVIEW = M("gui.menu.review", "&Revue", "&Review")
HELP = M("gui.menu.help", "&Aide", "&Help")
NEW_CATALOGUE = M("gui.action.new_catalogue", "&Nouveau catalogue…", "&New catalogue…")
OPEN_CATALOGUE = M("gui.action.open_catalogue", "&Ouvrir un catalogue…", "&Open catalogue…")
RECENT = M("gui.action.recent", "Catalogues &récents", "&Recent catalogues")
RECENT_NONE = M("gui.action.recent_none", "(aucun)", "(none)")
RECENT_CLEAR = M("gui.action.recent_clear", "Vider la liste", "Clear the list")
QUIT = M("gui.action.quit", "&Quitter", "&Quit")
NEW_ENTRY = M("gui.action.new_entry", "&Nouvelle entrée", "&New entry")
DUPLICATE = M("gui.action.duplicate", "&Dupliquer", "&Duplicate")
BULK_EDIT = M("gui.action.bulk_edit", "Modification &groupée…", "&Bulk edit…")
ARCHIVE = M("gui.action.archive", "&Archiver", "&Archive")
RESTORE = M("gui.action.restore", "Res&taurer", "Res&tore")
SETTINGS = M("gui.action.settings", "&Paramètres…", "&Settings…")
FIND = M("gui.action.find", "&Rechercher", "&Find")
CLEAR_FILTERS = M("gui.action.clear_filters", "&Effacer les filtres", "&Clear filters")
SHOW_ARCHIVED = M("gui.action.show_archived", "Afficher les &archivées", "Show &archived")
COLUMNS = M("gui.action.columns", "&Colonnes", "&Columns")
MARK_REVIEWED = M("gui.action.mark_reviewed", "&Marquer comme revu", "&Mark as reviewed")
SNOOZE = M("gui.action.snooze", "&Reporter…", "&Snooze…")
SHORTCUTS = M("gui.action.shortcuts", "&Raccourcis clavier", "&Keyboard shortcuts")
ABOUT = M("gui.action.about", "À &propos de StewardDesk", "&About StewardDesk")
CATALOGUE_FILTER = M(
    "gui.file.filter",
    "Catalogues StewardDesk (*.sqlite *.db);;Tous les fichiers (*)",
    "StewardDesk catalogues (*.sqlite *.db);;All files (*)",
)
OPENED = M("gui.status.opened", "Catalogue ouvert : {path}", "Catalogue opened: {path}")
SAMPLE_COPY: Final = "catalogue-exemple.sqlite"
STATUS_MESSAGE_MS: Final = 8000
OTHER_PAGES_LATEST_MS: Final = 1000

Page = BrowserPage | ReviewQueuePage


class Pages(dict[str, Page]):
    """The open catalogue's pages by name, built when first asked for (`pages["actions"]`): opening a
    catalogue builds only the page shown before its first rows paint. `get`, `in` and iteration see only
    the pages built so far."""

    def __init__(self, build: Callable[[str], Page]) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, name: str) -> Page:
        page = self[name] = self._build(name)
        return page


BROWSED: Final[tuple[Kind, ...]] = ("offers", "actions", "structures")
PAGE_NAMES: Final = (*BROWSED, "review")


class MainWindow(QMainWindow):
    """The window. `language_change_requested` asks the application to rebuild it in the new language."""

    language_change_requested = Signal()
    session_changed = Signal()
    page_built = Signal(str)  # a page of the open catalogue was built (they are built on demand)

    def __init__(
        self,
        ui_state: UiState,
        *,
        session: Session | None = None,
        opener: Opener = Catalogue.open,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui_state = ui_state
        self.opener = opener
        self.session: Session | None = None
        self.pages: Pages = Pages(self._build_page)
        self.current_page_name = "offers"
        self.dialog: QWidget | None = None  # the dialog opened last (tests fill it in like a user)
        self._problem = ""  # the refused value's message the status bar shows, until a write succeeds
        self.setWindowIcon(icon("stewarddesk"))
        self.setWindowTitle("StewardDesk")
        self.setObjectName("mainWindow")

        self.sidebar = Sidebar(self)
        self.page_stack = QStackedWidget(self)
        self.welcome = WelcomePage(self)
        self.page_stack.addWidget(self.welcome)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.page_stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        # Wide enough for the longest French labels of the facets (« Lien recherche / laboratoires »,
        # « Mise en réseau / événements ») beside their counts.
        self.splitter.setSizes([290, 1110])
        self.setCentralWidget(self.splitter)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.statusBar().addPermanentWidget(self.count_label)
        self.read_only = ReadOnlyNotice(self, CATALOGUE_FILTER)

        self.commands = EntryCommands(self)
        self.spreadsheets = SpreadsheetCommands(self)
        self.setAcceptDrops(True)  # a spreadsheet dropped on the window opens the import wizard
        self.action_map: dict[str, QAction] = {}  # by name; issue 6 adds its own
        self.menus: dict[str, QMenu] = {}
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        structure_merge.install(self)  # « Fusionner les structures… » in the Édition menu
        reference_lists.install(self)  # « Listes de référence… » in the Édition menu
        duplicates.install(self)  # « Doublons probables… », after « Fusionner les structures… »
        row_copy.install(self)  # « Copier » (Ctrl+C) in the Édition menu: the selected rows as a table
        row_menu.install(self)  # the grids' right-click menu, made of the actions above

        self.sidebar.page_chosen.connect(self.show_page)
        self.sidebar.clear_requested.connect(self.clear_filters)
        self.welcome.open_requested.connect(self.choose_and_open)
        self.welcome.new_requested.connect(self.choose_and_create)
        self.welcome.sample_requested.connect(self.open_sample_copy)
        self.resize(1440, 880)
        self._restore_window()
        if session is not None:
            self.set_session(session)
        else:
            self._update_enabled()

    # ------------------------------------------------------------------ building
    def _action(
        self,
        name: str,
        text: str,
        slot: Callable[[], Any],
        shortcut: str | QKeySequence.StandardKey | None = None,
        icon_name: str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self.action_map[name] = action
        return action

    def _build_actions(self) -> None:
        a = self._action
        a("new_catalogue", NEW_CATALOGUE(), self.choose_and_create, "Ctrl+Shift+N", "new-catalogue")
        a("open_catalogue", OPEN_CATALOGUE(), self.choose_and_open, QKeySequence.StandardKey.Open, "open")
        quit_action = a("quit", QUIT(), self.close, QKeySequence.StandardKey.Quit, "quit")
        # Qt's standard Quit key is Ctrl+Q on Linux and macOS but nothing on Windows: Ctrl+Q everywhere.
        ctrl_q = QKeySequence("Ctrl+Q")
        quit_keys = [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) if k != ctrl_q]
        quit_action.setShortcuts([ctrl_q, *quit_keys])
        a("new_entry", NEW_ENTRY(), self.commands.new_entry, QKeySequence.StandardKey.New, "new")
        a("duplicate", DUPLICATE(), self.commands.duplicate, "Ctrl+D", "duplicate")
        a("bulk_edit", BULK_EDIT(), self.commands.bulk_edit, "Ctrl+M", "bulk-edit")
        a("archive", ARCHIVE(), self.commands.archive, "Ctrl+Del", "archive")
        a("restore", RESTORE(), self.commands.restore, "Ctrl+Shift+Del", "restore")
        a("settings", SETTINGS(), self.open_settings, "Ctrl+,", "settings")
        a("import", IMPORT(), self.spreadsheets.open_import, "Ctrl+I", "import")
        a("export", EXPORT(), self.spreadsheets.open_export, "Ctrl+E", "export")
        a("import_history", HISTORY(), self.spreadsheets.open_history, "Ctrl+H", "history")
        a("find", FIND(), self.focus_search, QKeySequence.StandardKey.Find, "search")
        a("clear_filters", CLEAR_FILTERS(), self.clear_filters, "Ctrl+Shift+L", "clear-filters")
        a("show_archived", SHOW_ARCHIVED(), self._toggle_archived, "Ctrl+Shift+A")
        self.action_map["show_archived"].setCheckable(True)
        a("mark_reviewed", MARK_REVIEWED(), self.commands.mark_reviewed, "Ctrl+R", "reviewed")
        a("snooze", SNOOZE(), self.commands.snooze, None, "snooze")
        a("shortcuts", SHORTCUTS(), self.show_shortcuts, QKeySequence.StandardKey.HelpContents, "shortcuts")
        a("about", ABOUT(), self.show_about, None, "about")
        for i, name in enumerate(PAGES, start=1):
            a(f"page_{name}", PAGE_LABELS[name](), functools.partial(self.show_page, name), f"Ctrl+{i}", name)
        self.action_map["undo"] = QAction(self)
        self.action_map["redo"] = QAction(self)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(FILE())
        file.addAction(self.action_map["new_catalogue"])
        file.addAction(self.action_map["open_catalogue"])
        self.recent_menu = file.addMenu(RECENT())
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._fill_recent()
        file.addSeparator()
        # Issue 6 inserts « Importer… », « Exporter… » and « Historique des imports » before this separator.
        self.file_tools_separator = file.addSeparator()
        tools = [self.action_map[n] for n in ("import", "export", "import_history")]
        file.insertActions(self.file_tools_separator, tools)
        file.addAction(self.action_map["quit"])
        edit = bar.addMenu(EDIT())
        self.edit_menu_undo_anchor = edit.addSeparator()
        edit.addAction(self.action_map["new_entry"])
        edit.addAction(self.action_map["duplicate"])
        edit.addAction(self.action_map["bulk_edit"])
        edit.addSeparator()
        edit.addAction(self.action_map["archive"])
        edit.addAction(self.action_map["restore"])
        edit.addSeparator()
        edit.addAction(self.action_map["settings"])
        view = bar.addMenu(VIEW())
        for name in PAGES:
            view.addAction(self.action_map[f"page_{name}"])
        view.addSeparator()
        view.addAction(self.action_map["find"])
        view.addAction(self.action_map["clear_filters"])
        view.addAction(self.action_map["show_archived"])
        self.columns_menu = view.addMenu(icon("columns"), COLUMNS())
        self.columns_menu.aboutToShow.connect(self._fill_columns)
        review = bar.addMenu(REVIEW())
        review.addAction(self.action_map["mark_reviewed"])
        review.addAction(self.action_map["snooze"])
        help_menu = bar.addMenu(HELP())
        help_menu.addAction(self.action_map["shortcuts"])
        help_menu.addAction(self.action_map["about"])
        self.menus = {"file": file, "edit": edit, "view": view, "review": review, "help": help_menu}

    def _build_toolbar(self) -> None:
        bar = QToolBar(self)
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.setIconSize(bar.iconSize() * 0.85)
        for name in ("new_entry", "duplicate", "bulk_edit", "archive"):
            bar.addAction(self.action_map[name])
        bar.addSeparator()
        self._undo_anchor = bar.addSeparator()
        bar.addAction(self.action_map["mark_reviewed"])
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar

    def _install_undo_actions(self, session: Session | None) -> None:
        """Undo/redo belong to the session's stack: swap them when the catalogue changes."""
        for name in ("undo", "redo"):
            old = self.action_map.get(name)
            if old is not None:
                self.menus["edit"].removeAction(old)
                self.toolbar.removeAction(old)
        if session is None:
            undo, redo = QAction(self), QAction(self)
            undo.setEnabled(False)
            redo.setEnabled(False)
        else:
            undo, redo = session.undo.make_actions(self)
        self.action_map["undo"], self.action_map["redo"] = undo, redo
        self.menus["edit"].insertActions(self.edit_menu_undo_anchor, [undo, redo])
        self.toolbar.insertActions(self._undo_anchor, [undo, redo])

    # ------------------------------------------------------------------ catalogue
    def _teardown_pages(self) -> None:
        self._save_layouts()
        for page in self.pages.values():
            page.close_page()
            self.page_stack.removeWidget(page)
            page.deleteLater()
        self.sidebar.remove_all_facets()
        self.pages = Pages(self._build_page)
        if self.session is not None:
            self.session.changed.disconnect(self._apply_changes)
            self.session.undo.refused.disconnect(self.show_refusal)
            self.session.reader.failed.disconnect(self.show_problem)
            self.session.counter.failed.disconnect(self.show_problem)
            self.session.runner.failed.disconnect(self._runner_failed)

    def set_session(self, session: Session | None) -> None:
        """Show `session` (None: the welcome page). The previous session is closed."""
        old = self.session
        self._teardown_pages()
        if old is not None and old is not session:
            old.close()
        self.session = session
        self._install_undo_actions(session)
        if session is None:
            self.page_stack.setCurrentWidget(self.welcome)
            self.setWindowFilePath("")
            self.setWindowTitle("StewardDesk")
            self.count_label.clear()
            self.read_only.follow(None)
            self._update_enabled()
            self.session_changed.emit()
            return
        session.changed.connect(self._apply_changes)
        session.undo.refused.connect(self.show_refusal)
        session.reader.failed.connect(self.show_problem)
        session.counter.failed.connect(self.show_problem)
        session.runner.failed.connect(self._runner_failed)
        self.read_only.follow(session.path)
        # The title is the catalogue's file name; the desktop adds the application's display name after it
        # (« catalogue.sqlite — StewardDesk »), so the title must not name the application itself.
        self.setWindowTitle("")
        self.setWindowFilePath(str(session.path))
        # The page the user sees is built first and its rows asked for; the others (0.1 s of widgets each)
        # are built from the event loop once its first rows are in (their paint comes first), or at once by
        # whoever asks for them. The timer is the way round should that answer never come.
        shown = self.pages[self.current_page_name]
        shown.status_changed.connect(
            lambda: QTimer.singleShot(0, lambda: self._build_other_pages(session)),
            Qt.ConnectionType.SingleShotConnection,
        )
        QTimer.singleShot(OTHER_PAGES_LATEST_MS, lambda: self._build_other_pages(session))
        self.show_page(self.current_page_name)
        self._update_enabled()
        self.session_changed.emit()

    def _build_page(self, name: str) -> Page:
        """The page `name` of the open session, wired to the window and started (see `Pages`)."""
        session = self.session
        if session is None or name not in PAGE_NAMES:
            raise KeyError(name)
        page: Page
        if name == "review":
            page = ReviewQueuePage(session, self.ui_state, self)
        else:
            page = BrowserPage(session, cast(Kind, name), self.ui_state, self)
        self.page_stack.addWidget(page)
        self.sidebar.add_facets(page.facets)
        page.status_changed.connect(lambda: self._page_status(name))
        page.problem.connect(self.show_problem)
        page.selection_changed.connect(lambda: self._selection_changed(name))
        self._restore_page_layout(name, page)
        page.start()
        self.pages[name] = page  # before the signal: its listeners look for it there
        self.page_built.emit(name)
        return page

    def all_pages_built(self) -> bool:
        return self.session is None or all(name in self.pages for name in PAGE_NAMES)

    def _build_other_pages(self, session: Session) -> None:
        """Build the pages not shown yet, one per turn of the event loop (their counts fill the sidebar)."""
        if self.session is not session:
            return  # another catalogue was opened meanwhile
        missing = [name for name in PAGE_NAMES if name not in self.pages]
        if missing:
            self.pages[missing[0]]
            QTimer.singleShot(0, lambda: self._build_other_pages(session))

    def take_session(self) -> Session | None:
        """Detach the session without closing it (the window is about to be rebuilt in another language)."""
        self._teardown_pages()
        session, self.session = self.session, None
        return session

    def open_catalogue(self, path: Path | str) -> bool:
        """Open the catalogue at `path`; on failure, a clear message and the current catalogue stays."""
        path = Path(path)
        try:
            catalogue = self.opener(path)
        except KnownError as exc:
            self._open_failed(path, str(exc))
            return False
        except Exception as exc:  # anything else is ours; the user still gets a sentence, not a traceback
            self._open_failed(path, user_message(exc))
            return False
        self.set_session(Session(catalogue))
        self.ui_state.add_recent(path)
        self.statusBar().showMessage(OPENED(path=path), STATUS_MESSAGE_MS)
        notice = self.read_only.announce(path)  # said now, not at the first refused edit
        if notice is not None:
            self.dialog = notice
        return True

    def _open_failed(self, path: Path, message: str) -> None:
        if not path.exists():
            self.ui_state.remove_recent(path)
        if self.session is None:
            self.welcome.set_error(message)
        self.dialog = dialogs.show_error(self, message)

    def new_catalogue(self, path: Path | str) -> bool:
        """Create an empty catalogue at `path` and open it."""
        path = Path(path)
        try:
            Catalogue.new(path).close()
        except KnownError as exc:
            self.dialog = dialogs.show_error(self, str(exc))
            return False
        return self.open_catalogue(path)

    def choose_and_open(self) -> None:
        start = str(self.session.path.parent) if self.session else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(
            self, OPEN_CATALOGUE().replace("&", ""), start, CATALOGUE_FILTER()
        )
        if name:
            self.open_catalogue(name)

    def choose_and_create(self) -> None:
        start = str(Path.home() / "catalogue.sqlite")
        name, _ = QFileDialog.getSaveFileName(
            self, NEW_CATALOGUE().replace("&", ""), start, CATALOGUE_FILTER()
        )
        if name:
            self.new_catalogue(name)

    def open_sample_copy(self) -> bool:
        """Copy the sample catalogue into the user's data folder (once) and open the copy."""
        target = paths.user_data_dir() / SAMPLE_COPY
        if not target.exists():
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                with paths.sample_catalogue().open("rb") as src, target.open("wb") as dst:
                    shutil.copyfileobj(src, dst)
            except OSError as exc:
                self.dialog = dialogs.show_error(self, str(exc))
                return False
        return self.open_catalogue(target)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.ui_state.recent_catalogues()
        for path in recent:
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _c=False, p=path: self.open_catalogue(p))
        if not recent:
            self.recent_menu.addAction(RECENT_NONE()).setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(RECENT_CLEAR(), self.ui_state.clear_recent)

    # ------------------------------------------------------------------ pages
    def page(self, name: str | None = None) -> Page | None:
        return self.pages.get(name or self.current_page_name)

    def browser(self) -> BrowserPage | None:
        """The grid the user is looking at (in the review queue: the shown kind's list)."""
        page = self.page()
        if isinstance(page, ReviewQueuePage):
            return page.current
        return page

    def show_page(self, name: str) -> None:
        self.current_page_name = name
        if self.sidebar.nav.currentItem() is not self.sidebar.items[name]:
            self.sidebar.select(name)
            return  # select() comes back here through page_chosen
        if self.session is None:
            return
        page = self.pages[name]
        page.ensure_loaded()
        self.page_stack.setCurrentWidget(page)
        self.sidebar.show_facets(page.facets)
        self._page_status(name)
        self._update_enabled()
        browser = self.browser()
        if browser is not None:
            browser.table.setFocus()

    def _page_status(self, name: str) -> None:
        page = self.pages.get(name)
        if page is None:
            return
        if isinstance(page, ReviewQueuePage):
            self.sidebar.set_count("review", page.flagged_count())
        else:
            self.sidebar.set_count(name, page.total)
        if name == self.current_page_name:
            self.count_label.setText(page.status_text())
            browser = self.browser()
            self.sidebar.set_active_filters(browser.active_filters() if browser else 0)
            if browser is not None:
                self.action_map["show_archived"].setChecked(browser.show_archived.isChecked())

    def _selection_changed(self, name: str) -> None:
        if name == self.current_page_name:
            self._update_enabled()

    def _update_enabled(self) -> None:
        has = self.session is not None
        name = self.current_page_name
        for key in ("new_entry", "find", "clear_filters"):
            self.action_map[key].setEnabled(has)
        # The commands on the selected entries wait for a selection (their status-bar message, « select
        # one or more entries first », stays for any other way in).
        browser = self.browser() if has else None
        chosen = browser is not None and browser.has_selection()
        for key in ("duplicate", "bulk_edit", "archive", "restore"):
            self.action_map[key].setEnabled(chosen)
        self.action_map["new_entry"].setEnabled(has and name != "review")
        self.action_map["mark_reviewed"].setEnabled(chosen and name != "structures")
        self.action_map["snooze"].setEnabled(chosen and name != "structures")
        self.action_map["show_archived"].setEnabled(has and name != "review")
        self.action_map["settings"].setEnabled(has)
        for key in ("import", "export", "import_history"):
            self.action_map[key].setEnabled(has)
        for p in PAGES:
            self.action_map[f"page_{p}"].setEnabled(has)

    def _fill_columns(self) -> None:
        self.columns_menu.clear()
        browser = self.browser()
        if browser is not None:
            browser.table.columns_menu(self.columns_menu)

    # ------------------------------------------------------------------ finding
    def focus_search(self) -> None:
        browser = self.browser()
        if browser is not None:
            browser.search.setFocus()
            browser.search.selectAll()

    def clear_filters(self) -> None:
        browser = self.browser()
        if browser is not None:
            browser.clear_filters()
            browser.table.setFocus()

    def _toggle_archived(self) -> None:
        browser = self.browser()
        if browser is not None:
            browser.show_archived.setChecked(self.action_map["show_archived"].isChecked())

    # ------------------------------------------------------------------ writes
    def _apply_changes(self, changes: Changes, requery: bool) -> None:
        for page in self.pages.values():
            page.apply_changes(changes, requery)
        # A write went through (the corrected value, an undo): the complaint about the refused one is stale.
        if self._problem and self.statusBar().currentMessage() == self._problem:
            self.statusBar().clearMessage()
        self._problem = ""

    # ------------------------------------------------------------------ settings, help
    def open_settings(self) -> SettingsDialog | None:
        if self.session is None:
            return None
        session = self.session
        dialog = SettingsDialog(session.catalogue.settings(), self.ui_state.language(), self)

        def apply() -> None:
            new = dialog.settings()
            if new != session.catalogue.settings():
                try:
                    session.save_settings(new)
                except KnownError as exc:
                    self.dialog = dialogs.show_error(self, str(exc))
            language = dialog.chosen_language()
            if language != self.ui_state.language():
                self.ui_state.set_language(language)
                set_language(language)
                self.language_change_requested.emit()

        dialog.accepted.connect(apply)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog
        return dialog

    def show_shortcuts(self) -> QMessageBox:
        self.dialog = dialogs.shortcuts_box(self)
        return self.dialog

    def show_about(self) -> QMessageBox:
        box = dialogs.about_box(self, str(self.session.path) if self.session else "—")
        self.dialog = box
        return box

    # ------------------------------------------------------------------ messages
    def show_problem(self, text: str) -> None:
        """A refused value or a failed background read: said in the status bar."""
        self._problem = text
        self.statusBar().showMessage(text, STATUS_MESSAGE_MS)

    def _runner_failed(self, text: str) -> None:
        self.dialog = dialogs.show_error(self, text)

    def show_refusal(self, text: str) -> None:
        """The catalogue refused a write, an undo or a redo: said in the status bar and in a box."""
        self.statusBar().showMessage(text, STATUS_MESSAGE_MS)
        self.dialog = dialogs.show_error(self, text)

    # ------------------------------------------------------------------ window state
    def _restore_window(self) -> None:
        geometry = self.ui_state.blob("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.ui_state.blob("window/state")
        if state is not None:
            self.restoreState(state)
        splitter = self.ui_state.blob("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def _save_layouts(self) -> None:
        self.ui_state.set_blob("window/geometry", self.saveGeometry())
        self.ui_state.set_blob("window/state", self.saveState())
        self.ui_state.set_blob("window/splitter", self.splitter.saveState())
        for name, page in self.pages.items():
            browsers = page.lists.values() if isinstance(page, ReviewQueuePage) else [page]
            for browser in browsers:
                browser.table.save_layout()
                self.ui_state.set_blob(f"form/{name}/{browser.kind}", browser.splitter.saveState())

    def _restore_page_layout(self, name: str, page: Page) -> None:
        browsers = page.lists.values() if isinstance(page, ReviewQueuePage) else [page]
        for browser in browsers:
            state: QByteArray | None = self.ui_state.blob(f"form/{name}/{browser.kind}")
            if state is not None:
                browser.splitter.restoreState(state)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.spreadsheets.accepts(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.spreadsheets.accepts(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.spreadsheets.drop(event.mimeData()) is not None:
            event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:
        session = self.session
        self._teardown_pages()
        self.session = None
        self.ui_state.sync()
        if session is not None:
            session.close()
        super().closeEvent(event)
