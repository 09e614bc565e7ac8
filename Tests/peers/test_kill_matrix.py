"""The short kill matrix: SIGKILLs at random points of submits and polls, with 20 % faults of
every kind, against the real daemon and simulator. The long run is `scripts/kill-matrix`."""
import subprocess
import sys

from conftest import ROOT


def test_every_submission_is_exactly_once_across_sigkills():
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "kill-matrix"), "--kills", "15", "--submissions", "8",
         "--jobs", "300", "--seed", "11"],
        capture_output=True, text=True, timeout=600)
    print(run.stdout)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 failed" in run.stdout.splitlines()[-1]
