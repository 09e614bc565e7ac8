"""Authorization by peer credentials (SO_PEERCRED) against the REAL daemon.

The daemon runs as root on a real `openai-sim`; a client runs as `nobody` (uid 65534, no
supplementary groups) through `setpriv`, in the system python with a copy of the python
`varlink` package on its PYTHONPATH (root's pyenv is not readable by nobody). Per the
configuration (`ReadOnlyUsers=`, see config/finetuned.conf and ControlAuthorizer.swift):
 - not listed: every call of the daemon's interfaces, reads and writes, is refused with
   io.finetuned.Service.PermissionDenied naming the method; org.varlink.service still answers;
 - listed (by name, by uid, or `*`): reads answer, writes are refused the same way, and a refused
   write changes nothing;
 - with the default SocketMode=0660 and no shared group, nobody cannot even connect.
Needs root (to switch user) and /usr/bin/setpriv.
"""
import json
import os
import pathlib
import shutil
import subprocess

import pytest
import varlink

from conftest import Simulator, training_jsonl
from daemon_fixtures import FinetunedDaemon

NOBODY = 65534
SETPRIV = "/usr/bin/setpriv"
SYSTEM_PYTHON = "/usr/bin/python3"
DENIED = "io.finetuned.Service.PermissionDenied"

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or not os.access(SETPRIV, os.X_OK) or not os.access(SYSTEM_PYTHON, os.X_OK),
    reason="needs root (to run a client as nobody), /usr/bin/setpriv and /usr/bin/python3")

# Run as nobody: connects with the python varlink client, makes each call of the JSON list in
# argv[2] on its own connection, and prints one result per call.
NOBODY_CLIENT = r'''
import json, sys, varlink
address, calls = sys.argv[1], json.loads(sys.argv[2])
results = []
for interface, method, parameters, more in calls:
    try:
        with varlink.Client(address=address) as client, client.open(interface) as handle:
            function = getattr(handle, method)
            reply = list(function(**parameters, _more=True)) if more else function(**parameters)
        results.append({"reply": reply})
    except varlink.VarlinkError as error:
        results.append({"error": error.error(), "parameters": error.parameters()})
    except OSError as error:
        results.append({"oserror": error.errno})
print(json.dumps(results))
'''

READS = [
    ("io.finetuned.Jobs", "List", {}, False),
    ("io.finetuned.Jobs", "Get", {"id": "JOB"}, False),
    ("io.finetuned.Jobs", "Events", {"id": "JOB"}, False),
    ("io.finetuned.Jobs", "Checkpoints", {"id": "JOB"}, False),
    ("io.finetuned.Jobs", "Metrics", {"id": "JOB"}, False),
    ("io.finetuned.Jobs", "Watch", {"ids": ["JOB"]}, True),
    ("io.finetuned.Models", "List", {}, False),
    ("io.finetuned.Service", "Status", {}, False),
]
WRITES = [
    ("io.finetuned.Jobs", "Submit", {"training_file": "TRAIN", "model": "gpt-4o-mini"}, False),
    ("io.finetuned.Jobs", "Cancel", {"id": "JOB"}, False),
    ("io.finetuned.Jobs", "Pause", {"id": "JOB"}, False),
    ("io.finetuned.Jobs", "Resume", {"id": "JOB"}, False),
    ("io.finetuned.Jobs", "Untrack", {"id": "JOB"}, False),
    ("io.finetuned.Jobs", "Track", {"id": "JOB"}, False),
    ("io.finetuned.Models", "Delete", {"id": "MODEL"}, False),
    ("io.finetuned.Models", "Chat", {"job": "JOB", "messages": [{"role": "user", "content": "hi"}]}, False),
]


class Setup:
    """A daemon with one finished job (submitted by root), and a way to call it as nobody."""

    def __init__(self, extra_config):
        self.sim = Simulator()
        self.daemon = FinetunedDaemon(self.sim, extra_daemon_config=extra_config, world_readable=True)
        self.train = self.daemon.write_file("train.jsonl", training_jsonl(12))
        with varlink.Client(address=self.daemon.address) as client, client.open("io.finetuned.Jobs") as jobs:
            self.job = jobs.Submit(training_file=self.train, model="gpt-4o-mini")["job"]["id"]
            last = list(jobs.Watch(ids=[self.job], _more=True))[-1]["job"]
        assert last["status"] == "succeeded", last
        self.model = last["fine_tuned_model"]
        # A copy of the varlink package nobody can read.
        library = self.daemon.path / "pylib"
        shutil.copytree(pathlib.Path(varlink.__file__).parent, library / "varlink",
                        ignore=shutil.ignore_patterns("__pycache__", "tests"))
        for path in [library, *library.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        self.library = str(library)

    def substitute(self, calls):
        text = json.dumps(calls).replace("JOB", self.job).replace("MODEL", self.model).replace("TRAIN", self.train)
        return json.loads(text)

    def as_nobody(self, calls):
        calls = self.substitute(calls)
        completed = subprocess.run(
            [SETPRIV, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
             SYSTEM_PYTHON, "-c", NOBODY_CLIENT, self.daemon.address, json.dumps(calls)],
            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": self.library, "PYTHONDONTWRITEBYTECODE": "1"},
            capture_output=True, text=True, timeout=60)
        assert completed.returncode == 0, completed.stderr
        results = json.loads(completed.stdout)
        assert len(results) == len(calls)
        return results

    def as_root(self, interface, method, **parameters):
        with varlink.Client(address=self.daemon.address) as client, client.open(interface) as handle:
            return getattr(handle, method)(**parameters)

    def close(self):
        self.daemon.stop()
        self.sim.stop()


@pytest.fixture
def setup_with(request):
    made = []

    def make(extra_config):
        made.append(Setup(extra_config))
        return made[-1]

    yield make
    for setup in made:
        setup.close()


def method_name(call):
    return f"{call[0]}.{call[1]}"


def assert_denied(results, calls):
    for call, result in zip(calls, results):
        assert result.get("error") == DENIED, f"{method_name(call)} as nobody: {result}"
        # The refusal says what access the call needs, so the client can say who may make it.
        access = "read" if call in READS else "write"
        assert result["parameters"] == {"method": method_name(call), "access": access}


def test_a_user_not_listed_is_refused_reads_and_writes(setup_with):
    setup = setup_with("SocketMode=0666\n")
    introspection = setup.as_nobody([("org.varlink.service", "GetInfo", {}, False)])
    assert "io.finetuned.Jobs" in introspection[0]["reply"]["interfaces"]
    assert_denied(setup.as_nobody(READS + WRITES), READS + WRITES)
    # Nothing changed for root.
    assert setup.as_root("io.finetuned.Jobs", "Get", id=setup.job)["job"]["tracked"] is True
    assert setup.as_root("io.finetuned.Models", "Get", id=setup.model)["model"]["deleted"] is False


@pytest.mark.parametrize("readers", ["nobody", str(NOBODY), "*", "someone-else nobody"])
def test_a_read_only_user_reads_but_may_not_write(setup_with, readers):
    setup = setup_with(f"SocketMode=0666\nReadOnlyUsers={readers}\n")
    before = setup.as_root("io.finetuned.Service", "Status")["total_jobs"]

    results = setup.as_nobody(READS)
    for call, result in zip(READS, results):
        assert "reply" in result, f"{method_name(call)} as nobody with ReadOnlyUsers={readers}: {result}"
    replies = {method_name(call): result["reply"] for call, result in zip(READS, results)}
    assert [job["id"] for job in replies["io.finetuned.Jobs.List"]["jobs"]] == [setup.job]
    assert replies["io.finetuned.Jobs.Get"]["job"]["status"] == "succeeded"
    assert replies["io.finetuned.Jobs.Events"]["events"]
    assert replies["io.finetuned.Jobs.Watch"][-1]["job"]["status"] == "succeeded"
    assert [model["id"] for model in replies["io.finetuned.Models.List"]["models"]] == [setup.model]
    assert replies["io.finetuned.Service.Status"]["total_jobs"] == before

    assert_denied(setup.as_nobody(WRITES), WRITES)
    # The refused writes changed nothing.
    assert setup.as_root("io.finetuned.Service", "Status")["total_jobs"] == before
    assert setup.as_root("io.finetuned.Jobs", "Get", id=setup.job)["job"]["tracked"] is True
    assert setup.as_root("io.finetuned.Models", "Get", id=setup.model)["model"]["deleted"] is False


def test_a_listed_other_user_does_not_make_nobody_a_reader(setup_with):
    setup = setup_with("SocketMode=0666\nReadOnlyUsers=root daemon\n")
    assert_denied(setup.as_nobody(READS[:2]), READS[:2])


def test_with_the_default_socket_mode_nobody_cannot_connect(setup_with):
    setup = setup_with("ReadOnlyUsers=*\n")
    assert (os.stat(setup.daemon.socket_path).st_mode & 0o777) == 0o660
    result = setup.as_nobody([("io.finetuned.Service", "Status", {}, False)])[0]
    assert result == {"oserror": 13}, result  # EACCES from connect(2)
