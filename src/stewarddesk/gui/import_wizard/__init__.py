"""The import wizard (issue 6): one module per page, the engine calls in `work.py`."""

from stewarddesk.gui.import_wizard.wizard import ImportWizard

__all__ = ["ImportWizard"]
