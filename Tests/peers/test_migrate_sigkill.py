"""A migration is exactly-once like any submit: the real `finetuned` is SIGKILLed while the
target account's job create is in flight (carried out by the simulator, its answer not yet
sent), restarted, and the migration ends with exactly one job on the target, linked to the
original. Two real `openai-sim` processes stand for the two accounts (both in OpenAI mode)."""
import json
import os
import signal
import subprocess
import threading
import time
import urllib.request

from conftest import API_KEY, Simulator, training_jsonl, wait_until
from daemon_fixtures import FinetunedDaemon, finetuned_binary, raw_call


def api_jobs(sim):
    request = urllib.request.Request(f"{sim.base_url}/fine_tuning/jobs?limit=100",
                                     headers={"Authorization": f"Bearer {API_KEY}"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)["data"]


def get_job(daemon, job_id):
    return raw_call(daemon.socket_path, "io.finetuned.Jobs.Get", {"id": job_id})[-1]["parameters"]["job"]


def restart(daemon):
    """SIGKILL, then the same binary on the same configuration and database."""
    daemon.process.send_signal(signal.SIGKILL)
    daemon.process.wait(timeout=10)
    readies = daemon.log().count("finetuned ready")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NOTIFY_SOCKET", "LISTEN_", "WATCHDOG_"))}
    env["OPENAI_API_KEY"] = API_KEY
    daemon.process = subprocess.Popen(
        [str(finetuned_binary()), "run", "--config", str(daemon.config_path), "--log-target", "stderr"],
        env=env, stdout=daemon._log, stderr=subprocess.STDOUT)
    wait_until(lambda: daemon._accepts() and daemon.log().count("finetuned ready") > readies, timeout=20)


def test_a_sigkill_mid_migration_still_makes_exactly_one_job():
    source, target = Simulator(), Simulator()
    daemon = FinetunedDaemon(source, extra_account_config=(
        "\n[Account]\nName=target\n"
        f"BaseURL={target.base_url}\nRequestTimeoutSec=3s\n"))
    try:
        training = daemon.write_file("train.jsonl", training_jsonl())
        submitted = raw_call(daemon.socket_path, "io.finetuned.Jobs.Submit",
                             {"training_file": training, "model": "gpt-4o-mini", "suffix": "tutor", "seed": 7})
        original = submitted[-1]["parameters"]["job"]["id"]
        wait_until(lambda: get_job(daemon, original)["status"] == "succeeded", timeout=60)

        # The target carries the create out at once but answers 4 s later: the daemon is killed
        # in between, when only the simulator knows the job exists.
        target.admin("faults", {"seed": 1, "rules": [
            {"kind": "slow", "endpoint": "POST /fine_tuning/jobs", "delay_ms": 4000}]})
        migrating = threading.Thread(target=lambda: _ignore_errors(
            lambda: raw_call(daemon.socket_path, "io.finetuned.Jobs.Migrate",
                             {"id": original, "to": "target", "training_file": training})), daemon=True)
        migrating.start()
        wait_until(lambda: len(api_jobs(target)) == 1, timeout=30)
        restart(daemon)
        target.admin("faults", {"seed": 1, "rules": []})

        # The stored migration resumes by itself: it finds the job by its tag instead of making
        # another, and links it.
        linked = wait_until(lambda: get_job(daemon, original).get("migrated_to"), timeout=60)
        jobs = api_jobs(target)
        assert [job["id"] for job in jobs] == linked, (jobs, linked)
        assert jobs[0]["metadata"]["finetuned_migrated_from"] == original
        assert get_job(daemon, linked[0])["migrated_from"] == original
        # Asking again gives the same job.
        again = raw_call(daemon.socket_path, "io.finetuned.Jobs.Migrate",
                         {"id": original, "to": "target", "training_file": training})[-1]["parameters"]
        assert again["job"]["id"] == linked[0]
        assert len(api_jobs(target)) == 1
    finally:
        daemon.stop()
        source.stop()
        target.stop()


def _ignore_errors(call):
    try:
        call()
    except Exception:  # the daemon is killed mid-call: the connection just ends
        pass
