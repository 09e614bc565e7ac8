"""The real `finetuned` daemon for the peer tests, on a real `openai-sim` (see conftest.py).

`FinetunedDaemon` writes a temporary configuration, starts `finetuned run --config FILE
--log-target stderr` with the API key in its environment only, and waits for its control
socket. `raw_call` speaks Varlink on a plain socket (no type checks on our side), for the
error paths the python `varlink` client would refuse to send.

The binary comes from $FINETUNED (default: .build/debug/finetuned, built by `swift build`).
"""
import json
import os
import pathlib
import signal
import socket
import subprocess
import tempfile
import time

import pytest

from conftest import API_KEY, ROOT, Simulator, training_jsonl

INTERFACES = ROOT / "Sources" / "FineTuneDaemonResources" / "Interfaces"

# Every socket these tests open (the python varlink client's too) gives up after a minute of
# silence, so that a daemon that stops answering fails a test instead of hanging the suite.
socket.setdefaulttimeout(60)


def finetuned_binary():
    path = pathlib.Path(os.environ.get("FINETUNED", ROOT / ".build" / "debug" / "finetuned"))
    if not path.exists():
        pytest.fail(f"{path} does not exist: run `swift build` first (or set $FINETUNED)")
    return path


class FinetunedDaemon:
    """One running daemon with its own database, socket and log, talking to `simulator`."""

    def __init__(self, simulator, extra_daemon_config="", world_readable=False, extra_account_config=""):
        self.dir = tempfile.TemporaryDirectory(prefix="finetuned-peer-")
        self.path = pathlib.Path(self.dir.name)
        if world_readable:
            # Another user (nobody) must reach the socket and read the training files.
            os.chmod(self.path, 0o755)
        self.socket_path = str(self.path / "run" / "control.sock")
        self.config_path = self.path / "finetuned.conf"
        self.config_path.write_text(
            "[Daemon]\n"
            f"DatabasePath={self.path / 'state' / 'finetuned.db'}\n"
            f"ControlSocket={self.socket_path}\n"
            "PollInterval=1s\n"
            "WatchingPollInterval=200ms\n"
            f"{extra_daemon_config}"
            "[Account]\n"
            "Name=sim\n"
            f"BaseURL={simulator.base_url}\n"
            f"{extra_account_config}")
        self.log_path = self.path / "finetuned.log"
        self._log = open(self.log_path, "wb")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NOTIFY_SOCKET", "LISTEN_", "WATCHDOG_"))}
        env["OPENAI_API_KEY"] = API_KEY
        self.process = subprocess.Popen(
            [str(finetuned_binary()), "run", "--config", str(self.config_path), "--log-target", "stderr"],
            env=env, stdout=self._log, stderr=subprocess.STDOUT)
        # Ready = it accepts on the socket and has said "finetuned ready" (what it also tells
        # systemd with READY=1): the socket is served a moment before the accounts are installed.
        deadline = time.monotonic() + 20
        while not (self._accepts() and "finetuned ready" in self.log()):
            if self.process.poll() is not None:
                raise AssertionError(f"finetuned exited with {self.process.returncode}:\n{self.log()}")
            if time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"no control socket after 20 s:\n{self.log()}")
            time.sleep(0.05)

    def _accepts(self):
        if not os.path.exists(self.socket_path):
            return False
        try:
            with socket.socket(socket.AF_UNIX) as probe:
                probe.connect(self.socket_path)
            return True
        except OSError:
            return False

    @property
    def address(self):
        return f"unix:{self.socket_path}"

    def write_file(self, name, data):
        path = self.path / name
        path.write_bytes(data)
        if self.path.stat().st_mode & 0o005:
            path.chmod(0o644)
        return str(path)

    def log(self):
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self):
        """SIGTERM; returns the exit status (the daemon promises to exit within 5 s)."""
        status = self.process.poll()
        if status is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                status = self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                status = self.process.wait()
        self._log.close()
        self.dir.cleanup()
        return status


def raw_call(socket_path, method, parameters=None, more=False, raw=None, timeout=30):
    """One Varlink call on a fresh connection; returns the list of replies (dicts).

    `raw` sends those bytes as the message instead (still NUL-terminated)."""
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(timeout)
        s.connect(socket_path)
        if raw is None:
            message = {"method": method}
            if parameters is not None:
                message["parameters"] = parameters
            if more:
                message["more"] = True
            raw = json.dumps(message).encode()
        s.sendall(raw + b"\0")
        replies, buffer = [], b""
        while True:
            while b"\0" not in buffer:
                chunk = s.recv(65536)
                if not chunk:
                    return replies
                buffer += chunk
            message, buffer = buffer.split(b"\0", 1)
            reply = json.loads(message)
            replies.append(reply)
            if not reply.get("continues"):
                return replies


@pytest.fixture
def daemon_on_simulator():
    """(simulator, daemon): a fresh simulator at time scale 200 and a daemon on it."""
    sim = Simulator()
    daemon = FinetunedDaemon(sim)
    yield sim, daemon
    daemon.stop()
    sim.stop()


__all__ = ["FinetunedDaemon", "INTERFACES", "raw_call", "training_jsonl", "daemon_on_simulator",
           "finetuned_binary"]
