"""StewardDesk: the Métropole's catalogue of innovation offers and roadmap actions."""

__version__ = "0.1.0"
