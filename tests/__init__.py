"""The test suite as one package, so that a test folder reaches a helper shared across folders by its
absolute name (`from tests.raw_workbooks import ...`); within a folder, helpers stay relative (`.kit`)."""
