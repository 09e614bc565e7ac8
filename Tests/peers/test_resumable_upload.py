"""A SIGKILL in the middle of a multi-part upload, with the real `finetuned` and `openai-sim`
processes: the restarted daemon goes on at the next part (the simulator sees parts N+1.. and
not part 1 again), and there is exactly one file and one job. An upload that expired while the
daemon was down starts over and still ends with one file and one job.

The daemon runs with `MultipartUploadThreshold=1K` and `UploadPartSize=4K`, so a 40 KB file is
about ten parts; parts are answered slowly so that the kill lands between them.
"""
import json
import os
import pathlib
import signal
import socket
import sqlite3
import subprocess
import threading
import time
import urllib.parse
import urllib.request

from conftest import API_KEY, ROOT, _binary, training_jsonl, wait_until
from daemon_fixtures import finetuned_binary

PART_SIZE = 4096


class Sim:
    """openai-sim with its state in `directory` and the given extra arguments."""

    def __init__(self, directory, *arguments):
        port_file = directory / "sim.port"
        self.process = subprocess.Popen(
            [str(_binary()), "--time-scale", "200", "--port-file", str(port_file),
             "--data-dir", str(directory / "sim"), *arguments],
            env=dict(os.environ, OPENAI_SIM_API_KEY=API_KEY), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        line = self.process.stdout.readline().decode()
        assert "listening on" in line, line
        self.port = int(port_file.read_text())
        self.base_url = f"http://127.0.0.1:{self.port}/v1"

    def admin(self, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/admin/{path}", data=data,
                                         method="GET" if body is None else "POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)

    def api(self, path, query=None):
        url = self.base_url + path + ("?" + urllib.parse.urlencode(query) if query else "")
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {API_KEY}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)

    def count(self, endpoint):
        return self.admin("stats")["counts"].get(endpoint, 0)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class Daemon:
    """`finetuned run` on a database and socket in `directory`, started and SIGKILLed at will."""

    def __init__(self, directory, sim):
        self.socket_path = str(directory / "run" / "control.sock")
        self.database = directory / "state" / "finetuned.db"
        self.config = directory / "finetuned.conf"
        self.config.write_text(
            "[Daemon]\n"
            f"DatabasePath={self.database}\n"
            f"ControlSocket={self.socket_path}\n"
            "PollInterval=1s\n"
            "MultipartUploadThreshold=1K\n"
            f"UploadPartSize={PART_SIZE}\n"
            "[Account]\n"
            "Name=sim\n"
            f"BaseURL={sim.base_url}\n"
            "RequestTimeoutSec=10s\n")
        self.log = open(directory / "finetuned.log", "ab")
        self.process = None

    def start(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NOTIFY_SOCKET", "LISTEN_", "WATCHDOG_"))}
        env["OPENAI_API_KEY"] = API_KEY
        self.process = subprocess.Popen(
            [str(finetuned_binary()), "run", "--config", str(self.config), "--log-target", "stderr"],
            env=env, stdout=self.log, stderr=subprocess.STDOUT)

        def listening():
            assert self.process.poll() is None, f"finetuned exited with {self.process.returncode}"
            try:
                with socket.socket(socket.AF_UNIX) as probe:
                    probe.connect(self.socket_path)
                return True
            except OSError:
                return False
        wait_until(listening, timeout=30)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=15)
        self.log.close()

    def query(self, sql):
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True, timeout=30) as db:
            return db.execute(sql).fetchall()

    def submit(self, training_file):
        """Sends Jobs.Submit and does not wait for the answer (the kill cuts it)."""
        def send():
            try:
                with socket.socket(socket.AF_UNIX) as s:
                    s.settimeout(120)
                    s.connect(self.socket_path)
                    message = {"method": "io.finetuned.Jobs.Submit",
                               "parameters": {"training_file": str(training_file), "model": "gpt-4o-mini"}}
                    s.sendall(json.dumps(message).encode() + b"\0")
                    s.recv(65536)
            except OSError:
                pass
        threading.Thread(target=send, daemon=True).start()


def stored_parts(daemon):
    rows = daemon.query("SELECT part_number, part_id FROM multipart_upload_parts ORDER BY part_number")
    return [part_id for _, part_id in rows]


def created_submission(daemon):
    rows = daemon.query("SELECT id, state, job_id, error FROM submissions")
    assert len(rows) == 1, rows
    return rows[0] if rows[0][1] in ("created", "failed") else None


def tagged_jobs(sim, submission_id):
    jobs = sim.api("/fine_tuning/jobs", {"limit": 100})["data"]
    return [job for job in jobs if (job.get("metadata") or {}).get("finetuned_submission") == submission_id]


def setup(tmp_path, *sim_arguments):
    training = tmp_path / "train.jsonl"
    training.write_bytes(training_jsonl(examples=200))
    parts = -(-training.stat().st_size // PART_SIZE)
    assert parts >= 8
    sim = Sim(tmp_path, *sim_arguments)
    sim.admin("faults", {"seed": 1, "rules": [
        {"kind": "slow", "endpoint": "POST /uploads/{id}/parts", "probability": 1, "delay_ms": 250}]})
    daemon = Daemon(tmp_path, sim)
    daemon.start()
    daemon.submit(training)
    # Killed once three parts are stored: between two parts, or with one in flight.
    wait_until(lambda: len(stored_parts(daemon)) >= 3, timeout=60)
    daemon.kill()
    sim.admin("faults", {"seed": 1, "rules": []})
    return sim, daemon, parts


def test_a_sigkill_mid_upload_resumes_at_the_next_part(tmp_path):
    sim, daemon, parts = setup(tmp_path)
    try:
        before = stored_parts(daemon)
        done = len(before)
        assert 3 <= done < parts
        sent_before = sim.count("POST /uploads/{id}/parts")

        daemon.start()
        submission_id, state, job_id, error = wait_until(lambda: created_submission(daemon), timeout=60)
        assert state == "created", error

        assert sim.count("POST /uploads") == 1, "the upload went on; no second one was begun"
        sent_after = sim.count("POST /uploads/{id}/parts") - sent_before
        assert sent_after == parts - done, f"parts sent after the restart: {sent_after}, missing were {parts - done}"
        completes = [record for record in sim.admin("requests")["requests"]
                     if record["endpoint"] == "POST /uploads/{id}/complete" and record["status"] == 200]
        assert len(completes) == 1
        completed_ids = json.loads(completes[0]["body"])["part_ids"]
        assert len(completed_ids) == parts
        assert completed_ids[:done] == before, "parts 1..N are the ones sent before the kill"
        upload = sim.admin("uploads")["uploads"][0]
        arrived_after = [part["id"] for part in upload["parts"]][-sent_after:]
        assert completed_ids[done:] == arrived_after, "parts N+1.. are the ones sent after the restart"

        files = sim.api("/files", {"purpose": "fine-tune"})["data"]
        assert len(files) == 1 and files[0]["id"] == upload["file_id"]
        jobs = tagged_jobs(sim, submission_id)
        assert [job["id"] for job in jobs] == [job_id]
        assert stored_parts(daemon) == [], "the finished upload is forgotten"
    finally:
        daemon.stop()
        sim.stop()


def test_an_upload_that_expired_while_the_daemon_was_down_starts_over(tmp_path):
    sim, daemon, _ = setup(tmp_path, "--upload-lifetime", "4")
    try:
        # The API's expires_at is whole seconds: past it plus one, the simulator has expired it too.
        expires_at = daemon.query("SELECT expires_at FROM multipart_uploads")[0][0]
        wait_until(lambda: time.time() > expires_at + 1.2, timeout=10)

        daemon.start()
        submission_id, state, job_id, error = wait_until(lambda: created_submission(daemon), timeout=60)
        assert state == "created", error
        assert sim.count("POST /uploads") == 2, "a fresh upload after the expired one"
        statuses = [upload["status"] for upload in sim.admin("uploads")["uploads"]]
        assert statuses == ["expired", "completed"]
        assert len(sim.api("/files", {"purpose": "fine-tune"})["data"]) == 1
        assert [job["id"] for job in tagged_jobs(sim, submission_id)] == [job_id]
    finally:
        daemon.stop()
        sim.stop()


def test_the_short_kill_matrix_with_multipart_uploads():
    """SIGKILLs and 20 % faults while every training file goes in 512-byte parts: each
    submission is exactly once, and all of them name the one file uploaded."""
    run = subprocess.run(
        [os.environ.get("PYTHON", "python3"), str(ROOT / "scripts" / "kill-matrix"), "--kills", "15",
         "--submissions", "8", "--jobs", "300", "--seed", "11", "--multipart"],
        capture_output=True, text=True, timeout=600)
    print(run.stdout)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 failed" in run.stdout.splitlines()[-1]
    assert "training files named by created submissions: 1" in run.stdout
