"""The import rules of STYLE section 1, as written in pyproject.toml
([tool.importlinter]): a new arrow between the rooms fails the suite."""

import sys
from pathlib import Path

from django.conf import settings

from educa.tests.tiers import run_to_completion

# Its own process: in the test process, zope.interface (loaded by daphne's
# Twisted) gives every class a `__provides__` that import-linter trips over.
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def test_the_apps_import_only_what_the_layers_allow():
    lint = run_to_completion(
        [LINT_IMPORTS, "--no-cache", "pyproject.toml"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )

    # The report names each broken rule and the chain of imports that breaks it.
    assert lint.returncode == 0, lint.stdout + lint.stderr
