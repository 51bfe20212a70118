"""The tiers' checks (educa/tests/tiers.py): a test that starts a process or
drives a browser without its marker fails, so `make test-fast` stays free of
them."""

import subprocess
import sys

import pytest

from educa.tests.tiers import run_to_completion


def test_a_test_without_the_server_marker_cannot_start_a_process():
    with pytest.raises(pytest.fail.Exception, match="without the `server` marker"):
        subprocess.Popen([sys.executable, "-c", "pass"])


def test_a_child_run_to_completion_needs_no_marker():
    result = run_to_completion(
        [sys.executable, "-c", "print('done')"], capture_output=True, text=True
    )

    assert result.stdout == "done\n"


@pytest.mark.server
def test_a_test_with_the_server_marker_may_start_a_process():
    process = subprocess.Popen([sys.executable, "-c", "pass"])

    assert process.wait(timeout=60) == 0


def test_a_test_using_playwright_without_the_browser_marker_fails_in_setup(pytester):
    pytester.makepyfile(
        """
        def test_page(page):
            pass
        """
    )

    # In this process (no child to mark), with the plugin and without Django's.
    result = pytester.runpytest_inprocess(
        "-p", "educa.tests.tiers", "-p", "no:django", "-p", "no:cacheprovider"
    )

    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*uses Playwright (*page*) without the `browser`*"])
