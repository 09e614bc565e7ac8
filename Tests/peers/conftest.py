"""Shared fixtures for the peer tests: a real `openai-sim` process on loopback.

The binary comes from $OPENAI_SIM (default: .build/debug/openai-sim, built by `swift build`).
"""
import json
import os
import pathlib
import subprocess
import tempfile
import time
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
API_KEY = "sk-peer-test-0123456789abcdef"


def _binary():
    path = pathlib.Path(os.environ.get("OPENAI_SIM", ROOT / ".build" / "debug" / "openai-sim"))
    if not path.exists():
        pytest.fail(f"{path} does not exist: run `swift build` first (or set $OPENAI_SIM)")
    return path


class Simulator:
    def __init__(self, time_scale=200.0, extra_args=()):
        self.dir = tempfile.TemporaryDirectory(prefix="openai-sim-peer-")
        port_file = pathlib.Path(self.dir.name) / "port"
        env = dict(os.environ, OPENAI_SIM_API_KEY=API_KEY)
        self.process = subprocess.Popen(
            [str(_binary()), "--time-scale", str(time_scale), "--port-file", str(port_file),
             "--data-dir", str(pathlib.Path(self.dir.name) / "data"), *extra_args],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        # The port file appears once the simulator listens; its first line on stdout says so too.
        line = self.process.stdout.readline().decode()
        assert "listening on" in line, line
        self.port = int(port_file.read_text())
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self.admin_url = f"http://127.0.0.1:{self.port}/admin"
        self.root_url = f"http://127.0.0.1:{self.port}"

    def admin(self, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.admin_url}/{path}", data=data,
                                         method="GET" if body is None else "POST")
        with urllib.request.urlopen(request) as response:
            return json.load(response)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.dir.cleanup()


@pytest.fixture
def simulator():
    sim = Simulator()
    yield sim
    sim.stop()


def training_jsonl(examples=12, bad_line=None):
    lines = []
    for i in range(1, examples + 1):
        if i == bad_line:
            lines.append('{"messages": [{"role": "user"')
        else:
            lines.append(json.dumps({"messages": [
                {"role": "system", "content": "You are a teaching assistant for CS101."},
                {"role": "user", "content": f"What is question {i} about?"},
                {"role": "assistant", "content": f"Question {i} is about recursion."}]}))
    return ("\n".join(lines) + "\n").encode()


def wait_until(predicate, timeout=30.0, interval=0.05):
    """Polls `predicate` (the simulator's clock moves jobs) until it returns a truthy value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(interval)
