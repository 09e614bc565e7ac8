"""The daemon's Prometheus metrics, read by parsers no one here wrote.

A real `finetuned` runs on a real `openai-sim` with `MetricsListen=` set (daemon_fixtures.py).
Its `/metrics` is parsed by the python `prometheus_client` text parser and checked by `promtool
check metrics` (from Debian's prometheus package, installed by scripts/bootstrap; skipped with a
reason where it is missing); the alert rules in config/prometheus by `promtool check rules` and
`promtool test rules`. The values are compared with the simulator's own request counts and jobs
after a few poll cycles.
"""
import http.client
import json
import os
import pathlib
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from conftest import API_KEY, ROOT, Simulator, training_jsonl, wait_until
from daemon_fixtures import FinetunedDaemon, daemon_on_simulator, finetuned_binary, raw_call  # noqa: F401 (fixture)

TERMINAL = {"succeeded", "failed", "cancelled"}
REQUIRED = {
    "finetuned_jobs", "finetuned_api_requests", "finetuned_api_request_duration_seconds",
    "finetuned_poll_cycle_duration_seconds", "finetuned_last_successful_poll_timestamp_seconds",
    "finetuned_account_backoff_seconds", "finetuned_rate_limit_remaining", "finetuned_submissions",
    "finetuned_trained_tokens", "finetuned_estimated_cost_usd", "finetuned_model_shutdown_timestamp_seconds",
    "finetuned_control_connections", "finetuned_build_info",
}


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=30)
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(30)
        self.sock.connect(self.unix_path)


def scrape_unix(path, target="/metrics", method="GET"):
    connection = UnixHTTPConnection(path)
    try:
        connection.request(method, target)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


def families(text):
    """name → family, by the independent parser (counters lose their `_total` there)."""
    return {family.name: family for family in text_string_to_metric_families(text)}


def samples(text, name):
    """[(labels, value)] of the samples called exactly `name`."""
    return [(s.labels, s.value) for f in text_string_to_metric_families(text) for s in f.samples if s.name == name]


def sim_get(sim, path):
    request = urllib.request.Request(f"{sim.base_url}{path}", headers={"Authorization": f"Bearer {API_KEY}"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def observed():
    """A daemon with metrics on a Unix socket that has polled three jobs through many cycles to
    their end (one forced to fail); yields what the tests compare."""
    sim = Simulator(time_scale=200.0)
    scratch = tempfile.TemporaryDirectory(prefix="finetuned-metrics-")
    metrics_socket = os.path.join(scratch.name, "metrics.sock")
    daemon = FinetunedDaemon(sim, extra_daemon_config=f"MetricsListen={metrics_socket}\n")
    try:
        path = daemon.write_file("train.jsonl", training_jsonl(12))
        jobs = []
        for model in ("gpt-4o-mini", "gpt-4o-mini", "gpt-3.5-turbo"):
            reply = raw_call(daemon.socket_path, "io.finetuned.Jobs.Submit", {"training_file": path, "model": model})
            assert "error" not in reply[-1], reply
            jobs.append(reply[-1]["parameters"]["job"]["id"])
        sim.admin(f"jobs/{jobs[1]}/outcome", {"status": "failed", "error": {"code": "invalid_training_file",
                                                                            "message": "forced by the test"}})

        def stored(job_id):
            return raw_call(daemon.socket_path, "io.finetuned.Jobs.Get", {"id": job_id})[-1]["parameters"]["job"]

        wait_until(lambda: all(stored(j)["status"] in TERMINAL for j in jobs), timeout=120)
        # With every job ended the daemon polls rarely (the idle interval): a steady picture.
        def steady():
            # The simulator's counts, the scrape, and the counts again: equal when no cycle ran between.
            before = sim.admin("stats")
            text = scrape_unix(metrics_socket)[2]
            after = sim.admin("stats")
            return (before, text) if before == after else None

        stats, text = wait_until(steady, timeout=30)
        yield {"sim": sim, "daemon": daemon, "jobs": jobs, "stats": stats, "text": text,
               "socket": metrics_socket, "sim_jobs": [sim_get(sim, f"/fine_tuning/jobs/{j}") for j in jobs]}
    finally:
        status = daemon.stop()
        sim.stop()
        scratch.cleanup()
    assert status == 0


def test_exposition_parses_and_has_every_metric(observed):
    found = families(observed["text"])
    assert REQUIRED <= set(found), f"missing: {REQUIRED - set(found)}"
    types = {name: family.type for name, family in found.items()}
    assert types["finetuned_api_requests"] == "counter"
    assert types["finetuned_api_request_duration_seconds"] == "histogram"
    assert types["finetuned_poll_cycle_duration_seconds"] == "histogram"
    assert types["finetuned_jobs"] == "gauge"
    assert all(family.documentation for family in found.values()), "every metric has HELP"
    [(labels, value)] = samples(observed["text"], "finetuned_build_info")
    assert value == 1 and re.fullmatch(r"\d+\.\d+\.\d+", labels["version"])


def test_no_job_ids_or_raw_paths_in_labels(observed):
    for family in text_string_to_metric_families(observed["text"]):
        for sample in family.samples:
            for value in sample.labels.values():
                assert "ftjob-" not in value and "file-" not in value, (sample.name, sample.labels)
    endpoints = {labels["endpoint"] for labels, _ in samples(observed["text"], "finetuned_api_requests_total")}
    assert "GET /fine_tuning/jobs" in endpoints and "POST /fine_tuning/jobs" in endpoints
    for endpoint in endpoints:
        assert re.fullmatch(r"(GET|POST|DELETE) (/[a-z_]+|/\{id\})+", endpoint), endpoint


def test_request_counts_match_the_simulators_own(observed):
    """Per endpoint template, the daemon counted exactly the requests the simulator received."""
    counted = {}
    for labels, value in samples(observed["text"], "finetuned_api_requests_total"):
        assert labels["account"] == "sim"
        counted[labels["endpoint"]] = counted.get(labels["endpoint"], 0) + value
    assert counted == {k: float(v) for k, v in observed["stats"]["counts"].items()}
    assert {labels["code"] for labels, _ in samples(observed["text"], "finetuned_api_requests_total")} == {"200"}
    # Every attempt was timed too.
    timed = {labels["endpoint"]: value for labels, value
             in samples(observed["text"], "finetuned_api_request_duration_seconds_count")}
    assert timed == counted


def test_jobs_tokens_and_cost_match_the_simulators_jobs(observed):
    jobs = {(labels["account"], labels["status"]): value for labels, value in samples(observed["text"], "finetuned_jobs")}
    statuses = [job["status"] for job in observed["sim_jobs"]]
    assert jobs == {("sim", "succeeded"): statuses.count("succeeded"), ("sim", "failed"): statuses.count("failed")}
    assert statuses.count("failed") == 1
    expected = {}
    for job in observed["sim_jobs"]:
        if job["status"] == "succeeded":
            key = job["model"]
            expected[key] = expected.get(key, 0) + job["trained_tokens"]
    tokens = {labels["base_model"]: value for labels, value in samples(observed["text"], "finetuned_trained_tokens_total")}
    assert tokens == expected and all(value > 0 for value in tokens.values())
    # Shipped prices: gpt-4o-mini 3.00, gpt-3.5-turbo 8.00 USD per 1M training tokens.
    price = {"gpt-4o-mini": 3.00, "gpt-3.5-turbo": 8.00}
    usd = sum(count * price[next(p for p in price if model.startswith(p))] / 1e6 for model, count in expected.items())
    [(labels, value)] = samples(observed["text"], "finetuned_estimated_cost_usd_total")
    assert labels == {"account": "sim"} and value == pytest.approx(usd, rel=1e-9)
    submissions = {labels["outcome"]: value for labels, value in samples(observed["text"], "finetuned_submissions_total")}
    assert submissions == {"created": 3}


def test_model_shutdowns_are_the_models_in_the_store(observed):
    succeeded = [job for job in observed["sim_jobs"] if job["status"] == "succeeded"]
    models = {job["fine_tuned_model"]: sim_get(observed["sim"], f"/models/{job['fine_tuned_model']}") for job in succeeded}
    expected = {model_id: time.mktime(time.strptime(model["shutdown_date"] + " UTC", "%Y-%m-%d %Z")) - time.timezone
                for model_id, model in models.items() if model.get("shutdown_date")}
    assert expected, "the simulator announces a shutdown for the gpt-3.5-turbo model"
    shown = {labels["model"]: value for labels, value in samples(observed["text"], "finetuned_model_shutdown_timestamp_seconds")}
    assert shown == pytest.approx(expected)


def test_poll_freshness_backoff_and_rate_limits(observed):
    [(labels, last)] = samples(observed["text"], "finetuned_last_successful_poll_timestamp_seconds")
    assert labels == {"account": "sim"} and time.time() - 120 < last <= time.time()
    [(_, backoff)] = samples(observed["text"], "finetuned_account_backoff_seconds")
    assert backoff == 0
    remaining = {labels["kind"]: value for labels, value in samples(observed["text"], "finetuned_rate_limit_remaining")}
    assert set(remaining) == {"requests", "tokens"} and all(value > 0 for value in remaining.values())
    [(_, cycles)] = samples(observed["text"], "finetuned_poll_cycle_duration_seconds_count")
    assert cycles >= 3
    [(_, interval)] = samples(observed["text"], "finetuned_poll_interval_seconds")
    assert interval == 1.0


def test_control_connections_counts_open_connections(observed):
    socket_path = observed["daemon"].socket_path
    held = [socket.socket(socket.AF_UNIX) for _ in range(2)]
    try:
        for s in held:
            s.connect(socket_path)
        value = lambda: samples(scrape_unix(observed["socket"])[2], "finetuned_control_connections")[0][1]
        wait_until(lambda: value() == 2, timeout=10)
    finally:
        for s in held:
            s.close()
    wait_until(lambda: value() == 0, timeout=10)


def test_http_answers(observed):
    status, headers, _ = scrape_unix(observed["socket"])
    assert status == 200 and headers["content-type"].startswith("text/plain; version=0.0.4")
    assert scrape_unix(observed["socket"], "/metrics?x=1")[0] == 200
    assert scrape_unix(observed["socket"], "/")[0] == 404
    assert scrape_unix(observed["socket"], "/metrics", method="POST")[0] == 405
    assert oct(os.stat(observed["socket"]).st_mode & 0o777) == "0o660"


def promtool():
    path = shutil.which("promtool")
    if path is None:
        pytest.skip("promtool is not installed (scripts/bootstrap takes it from Debian's prometheus package)")
    return path


def test_promtool_check_metrics(observed):
    result = subprocess.run([promtool(), "check", "metrics"], input=observed["text"].encode(), capture_output=True)
    assert result.returncode == 0, (result.stdout + result.stderr).decode()


def test_promtool_checks_and_unit_tests_the_alert_rules():
    rules = ROOT / "config" / "prometheus" / "finetuned-alerts.yml"
    result = subprocess.run([promtool(), "check", "rules", str(rules)], capture_output=True)
    assert result.returncode == 0, (result.stdout + result.stderr).decode()
    assert b"SUCCESS: 6 rules found" in result.stdout
    # Each alert fires on the series it is about, with its labels and text (fixtures/*.test.yml).
    cases = pathlib.Path(__file__).parent / "fixtures" / "finetuned-alerts.test.yml"
    result = subprocess.run([promtool(), "test", "rules", str(cases)], capture_output=True)
    assert result.returncode == 0, (result.stdout + result.stderr).decode()


def test_the_grafana_dashboard_queries_only_exported_metrics():
    dashboard = json.loads((ROOT / "config" / "grafana" / "finetuned-dashboard.json").read_text())
    titles = " ".join(panel["title"].lower() for panel in dashboard["panels"])
    for topic in ("jobs by status", "api errors", "api latency", "poll freshness", "cost", "tokens", "shutdown"):
        assert topic in titles, topic
    exported = {"finetuned_jobs", "finetuned_api_requests_total", "finetuned_poll_interval_seconds",
                "finetuned_last_successful_poll_timestamp_seconds", "finetuned_account_backoff_seconds",
                "finetuned_rate_limit_remaining", "finetuned_submissions_total", "finetuned_trained_tokens_total",
                "finetuned_estimated_cost_usd_total", "finetuned_model_shutdown_timestamp_seconds",
                "finetuned_control_connections", "finetuned_build_info",
                "finetuned_api_request_duration_seconds_bucket", "finetuned_poll_cycle_duration_seconds_bucket"}
    for panel in dashboard["panels"]:
        for target in panel["targets"]:
            for name in re.findall(r"finetuned_[a-z_]+", target["expr"]):
                assert name in exported, (panel["title"], name)


def test_tcp_listener_on_loopback():
    sim = Simulator()
    daemon = FinetunedDaemon(sim, extra_daemon_config="MetricsListen=127.0.0.1:0\n")
    try:
        match = re.search(r"metrics: serving /metrics on 127\.0\.0\.1:(\d+)", daemon.log())
        assert match, daemon.log()
        url = f"http://127.0.0.1:{match.group(1)}/metrics"
        with urllib.request.urlopen(url) as response:
            assert response.status == 200
            assert "finetuned_build_info" in families(response.read().decode())
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{match.group(1)}/other")
        assert refused.value.code == 404
    finally:
        assert daemon.stop() == 0
        sim.stop()


def test_metrics_are_off_by_default(daemon_on_simulator):
    _, daemon = daemon_on_simulator
    assert "metrics: serving" not in daemon.log()


@pytest.mark.parametrize("value", ["localhost:9479", "9479", ":9479", "example.com:9479", "127.0.0.1", "[::1]", "relative/path.sock",
                                   "127.0.0.1:99999"])
def test_bad_metrics_listen_is_a_configuration_error(tmp_path, value):
    config = tmp_path / "finetuned.conf"
    config.write_text(f"[Daemon]\nDatabasePath={tmp_path}/db\n# the address:\nMetricsListen={value}\n")
    result = subprocess.run([str(finetuned_binary()), "run", "--config", str(config), "--log-target", "stderr"],
                            env={"OPENAI_API_KEY": API_KEY, "PATH": os.environ["PATH"]}, capture_output=True, timeout=30)
    assert result.returncode == 78, result.stderr.decode()
    message = result.stderr.decode()
    assert f"{config}:4" in message and "MetricsListen" in message and value in message, message
