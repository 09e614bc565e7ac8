"""The python `varlink` package (the reference client, from PyPI) against the REAL daemon.

A `finetuned` process runs on a real `openai-sim` over loopback (daemon_fixtures.py). The python
client fetches and parses our interface descriptions, type-checks every call and reply against
them, and calls every method of io.finetuned.Jobs, io.finetuned.Models, io.finetuned.Service and
org.varlink.service, including `more` streams. The error paths a program relies on are checked
by name and parameters; a wrongly typed parameter goes over a raw socket, since the python client
refuses to send one.
"""
import json
import signal
import threading
import time

import pytest
import varlink

from conftest import Simulator, training_jsonl, wait_until
from daemon_fixtures import INTERFACES, FinetunedDaemon, daemon_on_simulator, raw_call  # noqa: F401 (fixture)

JOBS, MODELS, SERVICE = "io.finetuned.Jobs", "io.finetuned.Models", "io.finetuned.Service"
TERMINAL = {"succeeded", "failed", "cancelled"}


@pytest.fixture(scope="module")
def peer():
    """One simulator and one daemon for the module (each test makes its own jobs)."""
    sim = Simulator(time_scale=200.0)
    daemon = FinetunedDaemon(sim)
    yield sim, daemon
    status = daemon.stop()
    sim.stop()
    assert status == 0, "finetuned did not exit cleanly on SIGTERM"


@pytest.fixture(scope="module")
def client(peer):
    with varlink.Client(address=peer[1].address) as c:
        yield c


def call_error(function, *args, **kwargs):
    """Calls, expecting a Varlink error; returns (name, parameters)."""
    with pytest.raises(varlink.VarlinkError) as caught:
        function(*args, **kwargs)
    return caught.value.error(), caught.value.parameters()


def submit(client, daemon, name="train.jsonl", examples=12, **parameters):
    path = daemon.write_file(name, training_jsonl(examples))
    with client.open(JOBS) as jobs:
        reply = jobs.Submit(training_file=path, model="gpt-4o-mini", **parameters)
    assert reply["state"] == "created"
    return reply["job"]


@pytest.fixture(scope="module")
def finished_job(peer, client):
    """A job submitted with `more` (its progress replies recorded) and watched until it succeeded."""
    sim, daemon = peer
    path = daemon.write_file("finished.jsonl", training_jsonl(12))
    with client.open(JOBS) as jobs:
        progress = list(jobs.Submit(training_file=path, model="gpt-4o-mini", suffix="interop", _more=True))
    job_id = progress[-1]["job"]["id"]
    with client.open(JOBS) as jobs:
        watched = list(jobs.Watch(ids=[job_id], _more=True))
    return {"id": job_id, "progress": progress, "watched": watched}


# --- org.varlink.service -----------------------------------------------------------------------

def test_get_info_lists_the_interfaces(client):
    with client.open("org.varlink.service") as service:
        info = service.GetInfo()
    assert info["vendor"] and info["product"] and info["version"] and info["url"]
    assert info["interfaces"] == [JOBS, MODELS, SERVICE, "io.systemd.service", "org.varlink.service"]


def test_systemd_service_ping_answers_and_get_environment_is_not_implemented(client):
    with client.open("io.systemd.service") as service:
        assert service.Ping() in (None, {})
        with pytest.raises(varlink.VarlinkError) as refused:
            service.GetEnvironment()
    assert refused.value.error() == "org.varlink.service.MethodNotImplemented"


@pytest.mark.parametrize("interface", [JOBS, MODELS, SERVICE, "io.systemd.service"])
def test_interface_descriptions_are_the_varlink_files_byte_for_byte(client, interface):
    with client.open("org.varlink.service") as service:
        description = service.GetInterfaceDescription(interface=interface)["description"]
    assert description == (INTERFACES / f"{interface}.varlink").read_text(encoding="utf-8")
    # The python client parsed it too (open() fetches and scans the description).
    with client.open(interface) as handle:
        method = {SERVICE: "Status", "io.systemd.service": "Ping"}.get(interface, "Get")
        assert callable(getattr(handle, method))


def test_unknown_interface_description_is_an_error(client):
    with client.open("org.varlink.service") as service:
        name, parameters = call_error(service.GetInterfaceDescription, interface="io.finetuned.Nope")
    assert name == "org.varlink.service.InterfaceNotFound"
    assert parameters == {"interface": "io.finetuned.Nope"}


# --- io.finetuned.Jobs -------------------------------------------------------------------------

def test_submit_with_more_reports_each_stage_then_the_job(finished_job):
    progress = finished_job["progress"]
    states = [reply["state"] for reply in progress]
    # Accepted at once (stored, with its id), before a byte is read; then finetuned copies the
    # data into its own store, and the stages follow.
    assert states[0] == "received" and states[1] == "copying" and "validating" in states
    assert states.index("validating") > states.index("copying")
    assert states[-1] == "created"
    assert "uploading" in states and "creating" in states
    assert len({reply["submission_id"] for reply in progress}) == 1
    upload = [reply for reply in progress if reply["state"] == "uploading"]
    assert upload[-1]["uploaded_bytes"] == upload[-1]["total_bytes"] > 0
    job = progress[-1]["job"]
    assert job["id"].startswith("ftjob-")
    assert job["suffix"] == "interop" and job["tracked"] is True
    assert job["submission_id"] == progress[-1]["submission_id"]
    assert progress[-1]["billed_tokens"] > 0 and progress[-1]["estimated_cost"] > 0


def test_submit_without_more_answers_once_with_the_job(peer, client):
    sim, daemon = peer
    path = daemon.write_file("once.jsonl", training_jsonl(12))
    with client.open(JOBS) as jobs:
        reply = jobs.Submit(training_file=path, model="gpt-4o-mini",
                            hyperparameters={"n_epochs": 2}, metadata={"team": "peers"}, seed=7)
    assert reply["state"] == "created"
    assert reply["job"]["status"] in {"validating_files", "queued", "running"}
    assert reply["job"]["model"].startswith("gpt-4o-mini")


def test_watch_streams_changes_until_the_job_succeeded(finished_job):
    watched = finished_job["watched"]
    assert all(reply["job"]["id"] == finished_job["id"] for reply in watched)
    assert watched[-1]["job"]["status"] == "succeeded"
    assert watched[-1]["job"]["fine_tuned_model"].startswith("ft:")
    assert all(reply["job"]["status"] not in TERMINAL for reply in watched[:-1])
    assert len(watched) >= 2, "Watch sent only the final reply"


def test_watch_of_a_finished_job_answers_at_once(client, finished_job):
    with client.open(JOBS) as jobs:
        replies = list(jobs.Watch(ids=[finished_job["id"]], _more=True))
    assert [reply["job"]["status"] for reply in replies] == ["succeeded"]


def test_get_returns_the_stored_job(client, finished_job):
    with client.open(JOBS) as jobs:
        job = jobs.Get(id=finished_job["id"])["job"]
    assert job["id"] == finished_job["id"]
    assert job["status"] == "succeeded" and job["account"] == "sim"
    assert job["finished_at"] >= job["created_at"] and job["trained_tokens"] > 0
    assert job["training_file"].startswith("file-")


def test_list_pages_through_every_job_newest_first(peer, client, finished_job):
    sim, daemon = peer
    for n in range(3):
        submit(client, daemon, name=f"page{n}.jsonl")
    with client.open(JOBS) as jobs:
        everything = jobs.List()
        assert "next_cursor" not in everything
        paged, cursor = [], None
        while True:
            page = jobs.List(limit=2, cursor=cursor) if cursor else jobs.List(limit=2)
            assert len(page["jobs"]) <= 2
            paged += page["jobs"]
            cursor = page.get("next_cursor")
            if not cursor:
                break
        succeeded = jobs.List(status=["succeeded"], account="sim")["jobs"]
        none = jobs.List(since=2**40)["jobs"]
    ids = [job["id"] for job in everything["jobs"]]
    assert len(ids) >= 4 and len(set(ids)) == len(ids)
    assert [job["id"] for job in paged] == ids
    created = [job["created_at"] for job in everything["jobs"]]
    assert created == sorted(created, reverse=True)
    assert finished_job["id"] in {job["id"] for job in succeeded}
    assert all(job["status"] == "succeeded" for job in succeeded)
    assert none == []


def test_events_without_more_are_the_stored_history(client, finished_job):
    with client.open(JOBS) as jobs:
        history = jobs.Events(id=finished_job["id"])
        first_two = jobs.Events(id=finished_job["id"], limit=2)
        after = jobs.Events(id=finished_job["id"], after=first_two["events"][1]["id"])
    assert history["status"] == "succeeded"
    events = history["events"]
    assert len(events) >= 3
    assert [event["created_at"] for event in events] == sorted(event["created_at"] for event in events)
    assert any("succeeded" in event["message"].lower() or "completed" in event["message"].lower() for event in events)
    assert first_two["events"] == events[:2]
    assert after["events"] == events[2:]


def test_events_with_more_on_a_finished_job_answer_once(client, finished_job):
    with client.open(JOBS) as jobs:
        replies = list(jobs.Events(id=finished_job["id"], _more=True))
    assert len(replies) == 1 and replies[0]["status"] == "succeeded" and replies[0]["events"]


def test_checkpoints_and_metrics_of_a_finished_job(client, finished_job):
    with client.open(JOBS) as jobs:
        checkpoints = jobs.Checkpoints(id=finished_job["id"])["checkpoints"]
        points = jobs.Metrics(id=finished_job["id"])["points"]
    assert checkpoints, "no checkpoints stored"
    assert all(cp["fine_tuned_model_checkpoint"].startswith("ft:") for cp in checkpoints)
    assert all(cp["step_number"] > 0 for cp in checkpoints)
    assert points, "no metric points stored"
    steps = [point["step"] for point in points]
    assert steps == sorted(steps) and len(set(steps)) == len(steps)
    assert all(isinstance(point["train_loss"], float) for point in points)


def test_track_and_untrack_a_job_created_elsewhere(peer, client):
    sim, daemon = peer
    external = sim.admin("preload", {"count": 1, "status": "running"})["ids"][0]
    with client.open(JOBS) as jobs:
        tracked = jobs.Track(id=external, account="sim")["job"]
        assert tracked["id"] == external and tracked["tracked"] is True
        assert tracked["status"] == "running" and tracked.get("submission_id") is None
        assert jobs.Get(id=external)["job"]["tracked"] is True
        untracked = jobs.Untrack(id=external)["job"]
        assert untracked["id"] == external and untracked["tracked"] is False
        assert jobs.Get(id=external)["job"]["tracked"] is False
        name, parameters = call_error(jobs.Track, id="ftjob-doesnotexist")
    assert name == f"{JOBS}.ApiError"
    assert parameters["status"] == 404 and "ftjob-doesnotexist" in parameters["message"]


def start_long_job(client, daemon, name):
    """A job that trains for about 10 s at time scale 200, once the daemon has seen it running."""
    job_id = submit(client, daemon, name=name, examples=200, hyperparameters={"n_epochs": 10})["id"]
    with client.open(JOBS) as jobs:
        try:
            wait_until(lambda: jobs.Get(id=job_id)["job"]["status"] == "running", timeout=15)
        except AssertionError:
            with client.open(SERVICE) as service:
                status = service.Status()
            # A poll loop that stopped for good (it once did: a task stored after its own end)
            # shows here as poll_running with an ever older last poll.
            raise AssertionError(f"{job_id} not seen running in 15 s: stored {jobs.Get(id=job_id)['job']}, "
                                 f"daemon status {status}, log tail:\n{daemon.log()[-3000:]}")
    return job_id


class EventFollower:
    """Events with `more` on its own connection, in a thread; `replies` grows as they come."""

    def __init__(self, daemon, job_id):
        self.replies, self.failure = [], []
        self.thread = threading.Thread(target=self._follow, args=(daemon.address, job_id), daemon=True)
        self.thread.start()
        wait_until(lambda: self.replies, timeout=10)

    def _follow(self, address, job_id):
        try:
            with varlink.Client(address=address) as own, own.open(JOBS) as jobs:
                for reply in jobs.Events(id=job_id, _more=True):
                    self.replies.append(reply)
        except Exception as error:  # reported by the test's assertions
            self.failure.append(error)

    def messages(self):
        return [event["message"] for reply in list(self.replies) for event in reply["events"]]


def test_pause_resume_and_cancel_while_events_stream(peer, client):
    """A long job: Events with `more` follows it while it is paused, resumed and cancelled, and
    ends when it is cancelled; acting on a job in the wrong state is the API's error."""
    sim, daemon = peer
    job_id = start_long_job(client, daemon, "long.jsonl")
    follower = EventFollower(daemon, job_id)
    with client.open(JOBS) as jobs:
        name, parameters = call_error(jobs.Resume, id=job_id)
        assert name == f"{JOBS}.ApiError"
        assert parameters["status"] == 400 and "paused" in parameters["message"]

        paused = jobs.Pause(id=job_id)["job"]
        assert paused["status"] == "paused"
        assert jobs.Get(id=job_id)["job"]["status"] == "paused"
        # The API's "paused" event reaches the stream (the daemon polls a followed job).
        wait_until(lambda: any("paused" in m.lower() for m in follower.messages()), timeout=15)
        assert jobs.Resume(id=job_id)["job"]["status"] in {"queued", "running"}
        wait_until(lambda: any("resumed" in m.lower() for m in follower.messages()), timeout=15)
        cancelled = jobs.Cancel(id=job_id)["job"]
        assert cancelled["status"] in {"cancelled", "cancelling"}

    follower.thread.join(timeout=30)
    assert not follower.thread.is_alive(), "Events with more did not end after the job was cancelled"
    assert not follower.failure, follower.failure
    streamed = follower.replies
    assert streamed[-1]["status"] == "cancelled"
    assert all(reply["status"] not in TERMINAL for reply in streamed[:-1])
    ids = [event["id"] for reply in streamed for event in reply["events"]]
    assert len(ids) == len(set(ids)), "an event was streamed twice"

    with client.open(JOBS) as jobs:
        name, parameters = call_error(jobs.Cancel, id=job_id)
    assert name == f"{JOBS}.ApiError" and parameters["status"] == 400


def test_events_of_a_job_cancelled_through_the_daemon_include_the_cancellation(peer, client):
    sim, daemon = peer
    job_id = start_long_job(client, daemon, "cancel-events.jsonl")
    with client.open(JOBS) as jobs:
        assert jobs.Cancel(id=job_id)["job"]["status"] == "cancelled"
        # The job is never polled again once cancelled: the cancellation's event comes with it.
        wait_until(lambda: any("cancelled" in event["message"].lower()
                               for event in jobs.Events(id=job_id)["events"]), timeout=6, interval=0.2)


# --- io.finetuned.Models -----------------------------------------------------------------------

def test_models_list_get_chat_and_delete(client, finished_job):
    with client.open(JOBS) as jobs:
        model_id = jobs.Get(id=finished_job["id"])["job"]["fine_tuned_model"]
    with client.open(MODELS) as models:
        listed = {model["id"]: model for model in models.List()["models"]}
        assert model_id in listed and listed[model_id]["job_id"] == finished_job["id"]
        got = models.Get(id=model_id)["model"]
        assert got["deleted"] is False and got["account"] == "sim"
        assert got["base_model"].startswith("gpt-4o-mini")

        by_model = models.Chat(model=model_id, messages=[{"role": "user", "content": "What is recursion?"}],
                               temperature=0.2, max_completion_tokens=64)
        by_job = models.Chat(job=finished_job["id"], messages=[{"role": "user", "content": "Hello"}])
        for reply in (by_model, by_job):
            assert reply["model"] == model_id and reply["reply"]
            assert reply["usage"]["total_tokens"] == reply["usage"]["prompt_tokens"] + reply["usage"]["completion_tokens"]

        deleted = models.Delete(id=model_id)["model"]
        assert deleted["id"] == model_id and deleted["deleted"] is True
        assert model_id not in {model["id"] for model in models.List()["models"]}
        assert model_id in {model["id"] for model in models.List(include_deleted=True)["models"]}
        assert models.Get(id=model_id)["model"]["deleted"] is True

        name, parameters = call_error(models.Get, id="ft:nope")
        assert (name, parameters) == (f"{MODELS}.NoSuchModel", {"id": "ft:nope"})
        name, parameters = call_error(models.Chat, job="ftjob-nope", messages=[{"role": "user", "content": "x"}])
        assert (name, parameters) == (f"{MODELS}.NoSuchJob", {"id": "ftjob-nope"})


# --- io.finetuned.Service ----------------------------------------------------------------------

def test_service_status(peer, client, finished_job):
    sim, daemon = peer
    with client.open(SERVICE) as service:
        status = service.Status()
    assert status["version"] and status["uptime_seconds"] > 0 and status["status_line"]
    assert [account["name"] for account in status["accounts"]] == ["sim"]
    assert status["accounts"][0]["base_url"] == sim.base_url
    assert status["accounts"][0]["health"] == "ok"
    assert status["total_jobs"] == sum(count["count"] for count in status["jobs"]) >= 1
    assert status["database_path"].startswith(str(daemon.path))
    assert status["database_bytes"] > 0 and status["schema_version"] >= 1
    assert "sk-" not in json.dumps(status)


# --- errors a program relies on ----------------------------------------------------------------

@pytest.mark.parametrize("method", ["Get", "Untrack", "Checkpoints", "Metrics", "Events", "Cancel", "Pause", "Resume"])
def test_no_such_job_names_the_id(client, method):
    with client.open(JOBS) as jobs:
        name, parameters = call_error(getattr(jobs, method), id="ftjob-unknown")
    assert name == f"{JOBS}.NoSuchJob"
    assert parameters == {"id": "ftjob-unknown"}


def test_watch_of_an_unknown_job_is_no_such_job(client):
    with client.open(JOBS) as jobs:
        with pytest.raises(varlink.VarlinkError) as caught:
            list(jobs.Watch(ids=["ftjob-unknown"], _more=True))
    assert caught.value.error() == f"{JOBS}.NoSuchJob"
    assert caught.value.parameters() == {"id": "ftjob-unknown"}


def test_invalid_training_data_lists_the_problems(peer, client):
    sim, daemon = peer
    path = daemon.write_file("bad.jsonl", training_jsonl(12, bad_line=5))
    with client.open(JOBS) as jobs:
        name, parameters = call_error(jobs.Submit, training_file=path, model="gpt-4o-mini")
    assert name == f"{JOBS}.InvalidTrainingData"
    assert parameters["path"] == path and parameters["errors"] >= 1
    problem = next(p for p in parameters["problems"] if p.get("line") == 5)
    assert problem["severity"] == "error" and problem["code"] and problem["message"]
    assert problem["file"] == "training"  # which file: "training" or "validation"


def test_unreadable_training_file(peer, client):
    sim, daemon = peer
    missing = str(daemon.path / "missing.jsonl")
    with client.open(JOBS) as jobs:
        name, parameters = call_error(jobs.Submit, training_file=missing, model="gpt-4o-mini")
    assert name == f"{JOBS}.FileNotReadable"
    assert parameters["path"] == missing and parameters["reason"]


def test_unknown_account(peer, client):
    sim, daemon = peer
    path = daemon.write_file("account.jsonl", training_jsonl(12))
    with client.open(JOBS) as jobs:
        name, parameters = call_error(jobs.Submit, training_file=path, model="gpt-4o-mini", account="nope")
    assert (name, parameters) == (f"{JOBS}.NoSuchAccount", {"account": "nope"})


def test_budget_exceeded(peer, client):
    sim, daemon = peer
    path = daemon.write_file("budget.jsonl", training_jsonl(12))
    with client.open(JOBS) as jobs:
        name, parameters = call_error(jobs.Submit, training_file=path, model="gpt-4o-mini", max_cost=0.000001)
    assert name == f"{JOBS}.BudgetExceeded"
    assert parameters["max_cost"] == 0.000001 and parameters["estimated_cost"] > parameters["max_cost"]


@pytest.mark.parametrize("method,parameters,bad", [
    ("io.finetuned.Jobs.Get", {"id": 5}, "id"),
    ("io.finetuned.Jobs.Get", {}, "id"),
    ("io.finetuned.Jobs.List", {"limit": "ten"}, "limit"),
    ("io.finetuned.Jobs.List", {"status": "running"}, "status"),
    ("io.finetuned.Jobs.Submit", {"training_file": "/x", "model": "gpt-4o-mini", "seed": 1.5}, "seed"),
    ("io.finetuned.Models.Chat", {"model": "ft:x", "messages": [{"role": "user"}]}, "messages"),
])
def test_a_wrong_type_is_invalid_parameter(peer, method, parameters, bad):
    sim, daemon = peer
    replies = raw_call(daemon.socket_path, method, parameters)
    assert len(replies) == 1
    assert replies[0]["error"] == "org.varlink.service.InvalidParameter", replies
    assert replies[0]["parameters"]["parameter"] == bad


def test_protocol_errors_over_a_raw_socket(peer):
    sim, daemon = peer
    assert raw_call(daemon.socket_path, "io.finetuned.Jobs.Nope", {})[0] == {
        "error": "org.varlink.service.MethodNotFound", "parameters": {"method": "io.finetuned.Jobs.Nope"}}
    assert raw_call(daemon.socket_path, "io.finetuned.Nope.Get", {})[0]["error"] == "org.varlink.service.InterfaceNotFound"
    # Watch is a `more`-only stream: without `more` it is refused.
    assert raw_call(daemon.socket_path, "io.finetuned.Jobs.Watch", {})[0]["error"] == "org.varlink.service.ExpectedMore"
    # A bad limit is named.
    assert raw_call(daemon.socket_path, "io.finetuned.Jobs.List", {"limit": 0})[0] == {
        "error": "org.varlink.service.InvalidParameter", "parameters": {"parameter": "limit"}}


def test_invalid_parameters_the_python_client_can_send(peer, client, finished_job):
    with client.open(JOBS) as jobs:
        assert call_error(jobs.List, cursor="not-a-cursor") == (
            "org.varlink.service.InvalidParameter", {"parameter": "cursor"})
        assert call_error(jobs.List, limit=1001) == ("org.varlink.service.InvalidParameter", {"parameter": "limit"})
    with client.open(MODELS) as models:
        assert call_error(models.Chat, messages=[{"role": "user", "content": "x"}]) == (
            "org.varlink.service.InvalidParameter", {"parameter": "model"})
        assert call_error(models.Chat, job=finished_job["id"], messages=[]) == (
            "org.varlink.service.InvalidParameter", {"parameter": "messages"})
        assert call_error(models.Delete, id="ft:nope") == (f"{MODELS}.NoSuchModel", {"id": "ft:nope"})


def test_submit_with_more_ends_with_the_error_when_the_data_is_invalid(peer, client):
    sim, daemon = peer
    path = daemon.write_file("bad-more.jsonl", training_jsonl(12, bad_line=2))
    seen = []
    with client.open(JOBS) as jobs:
        with pytest.raises(varlink.VarlinkError) as caught:
            for reply in jobs.Submit(training_file=path, model="gpt-4o-mini", _more=True):
                seen.append(reply["state"])
    assert caught.value.error() == f"{JOBS}.InvalidTrainingData"
    assert "created" not in seen and "uploading" not in seen


def test_oneway_calls_get_no_reply_and_the_connection_goes_on(client, finished_job):
    with client.open(JOBS) as jobs:
        assert jobs.Get(id=finished_job["id"], _oneway=True) is None
        assert jobs.List(limit=1, _oneway=True) is None
        # The next reply on this connection is this call's, not one of the oneway calls'.
        assert jobs.Metrics(id=finished_job["id"])["points"]
        assert jobs.Get(id=finished_job["id"])["job"]["id"] == finished_job["id"]


def test_watch_with_nothing_to_watch_answers_once_without_a_job(daemon_on_simulator):
    sim, daemon = daemon_on_simulator
    with varlink.Client(address=daemon.address) as fresh, fresh.open(JOBS) as jobs:
        replies = list(jobs.Watch(_more=True))
        assert len(replies) == 1 and replies[0].get("job") is None
        assert jobs.List() == {"jobs": []}


def test_watch_of_all_unfinished_jobs_lasts_until_they_all_ended(daemon_on_simulator):
    sim, daemon = daemon_on_simulator
    with varlink.Client(address=daemon.address) as fresh:
        ids = {submit(fresh, daemon, name=f"all{n}.jsonl")["id"] for n in range(2)}
        with fresh.open(JOBS) as jobs:
            replies = list(jobs.Watch(_more=True))
            final = {job_id: jobs.Get(id=job_id)["job"]["status"] for job_id in ids}
    assert {reply["job"]["id"] for reply in replies} == ids
    assert replies[-1]["job"]["status"] in TERMINAL
    assert set(final.values()) == {"succeeded"}



def test_calls_during_reloads_are_answered(daemon_on_simulator):
    """SIGHUP every 50 ms while a client chats with a model: every call is answered, none fails."""
    sim, daemon = daemon_on_simulator
    with varlink.Client(address=daemon.address) as fresh:
        job_id = submit(fresh, daemon, name="reload.jsonl")["id"]
        with fresh.open(JOBS) as jobs:
            assert list(jobs.Watch(ids=[job_id], _more=True))[-1]["job"]["status"] == "succeeded"
        stop = threading.Event()

        def hang_up():
            while not stop.wait(0.05):
                daemon.process.send_signal(signal.SIGHUP)

        sender = threading.Thread(target=hang_up, daemon=True)
        sender.start()
        answered, failures = 0, []
        try:
            with fresh.open(MODELS) as models:
                deadline = time.monotonic() + 4
                while time.monotonic() < deadline:
                    try:
                        models.Chat(job=job_id, messages=[{"role": "user", "content": "hi"}])
                        answered += 1
                    except varlink.VarlinkError as error:
                        failures.append((error.error(), error.parameters()))
        finally:
            stop.set()
            sender.join()
    assert daemon.log().count("configuration reloaded") >= 10, "the daemon did not reload"
    assert answered > 0
    # Calls during reloads are served by the old clients or the new ones, never refused.
    assert failures == []
