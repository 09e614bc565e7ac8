"""The official `openai` python SDK runs a whole fine-tuning scenario against the simulator."""
import io

import openai
import pytest

from conftest import API_KEY, training_jsonl, wait_until


@pytest.fixture
def client(simulator):
    return openai.OpenAI(api_key=API_KEY, base_url=simulator.base_url, max_retries=2)


def test_the_sdk_fine_tunes_chats_and_manages_jobs(client, simulator):
    uploaded = client.files.create(file=("train.jsonl", io.BytesIO(training_jsonl(12))), purpose="fine-tune")
    assert uploaded.status == "processed"

    job = client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=uploaded.id, suffix="sdk",
                                         metadata={"course": "cs101"})
    assert job.status == "validating_files"
    job = wait_until(lambda: (lambda j: j if j.status in ("succeeded", "failed", "cancelled") else None)(
        client.fine_tuning.jobs.retrieve(job.id)))
    assert job.status == "succeeded", job.error
    assert job.fine_tuned_model.startswith("ft:gpt-4o-mini-2024-07-18:")

    # Events through the SDK's auto-pagination: every one, newest first, no duplicates.
    events = list(client.fine_tuning.jobs.list_events(job.id, limit=7))
    assert len(events) > 20
    assert len({e.id for e in events}) == len(events)
    assert events[0].message == "The job has successfully completed"
    assert any(e.type == "metrics" and e.data and "train_loss" in e.data for e in events)

    checkpoints = list(client.fine_tuning.jobs.checkpoints.list(job.id))
    assert [c.step_number for c in checkpoints] == sorted((c.step_number for c in checkpoints), reverse=True)
    assert checkpoints[0].fine_tuned_model_checkpoint == job.fine_tuned_model

    listed = [j.id for j in client.fine_tuning.jobs.list(limit=1)]
    assert job.id in listed

    models = [m.id for m in client.models.list()]
    assert job.fine_tuned_model in models
    assert client.models.retrieve(job.fine_tuned_model).id == job.fine_tuned_model

    reply = client.chat.completions.create(model=job.fine_tuned_model,
                                           messages=[{"role": "user", "content": "Explain recursion"}])
    assert "Explain recursion" in reply.choices[0].message.content
    assert reply.usage.total_tokens > 0

    results = client.files.content(job.result_files[0]).read().decode()
    assert results.startswith("step,train_loss")

    # Cancel.
    second = client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=uploaded.id)
    assert client.fine_tuning.jobs.cancel(second.id).status == "cancelled"

    # Pause and resume a long job.
    third = client.fine_tuning.jobs.create(
        model="gpt-4o-mini", training_file=uploaded.id,
        method={"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 50}}})
    wait_until(lambda: client.fine_tuning.jobs.retrieve(third.id).status == "running")
    assert client.fine_tuning.jobs.pause(third.id).status == "paused"
    assert client.fine_tuning.jobs.resume(third.id).status == "queued"

    # A failing file fails the job with a line number.
    bad = client.files.create(file=("bad.jsonl", io.BytesIO(training_jsonl(12, bad_line=5))), purpose="fine-tune")
    failing = client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=bad.id)
    failing = wait_until(lambda: (lambda j: j if j.status == "failed" else None)(
        client.fine_tuning.jobs.retrieve(failing.id)))
    assert failing.error.code == "invalid_training_file" and "Line 5" in failing.error.message

    deleted = client.models.delete(job.fine_tuned_model)
    assert deleted.deleted
    with pytest.raises(openai.NotFoundError):
        client.models.retrieve(job.fine_tuned_model)


def test_the_sdk_three_part_upload(client):
    content = training_jsonl(30)
    third = len(content) // 3 + 1
    upload = client.uploads.create(filename="big.jsonl", purpose="fine-tune", bytes=len(content),
                                   mime_type="text/jsonl")
    parts = [client.uploads.parts.create(upload_id=upload.id, data=content[i:i + third]).id
             for i in range(0, len(content), third)]
    assert len(parts) == 3
    completed = client.uploads.complete(upload_id=upload.id, part_ids=parts)
    assert completed.status == "completed"
    assert client.files.content(completed.file.id).read() == content


def test_the_sdk_sees_typed_errors_and_retries(client, simulator):
    simulator.admin("faults", {"rules": [{"kind": "status", "status": 503, "count": 1, "endpoint": "GET /models"}]})
    assert len(list(client.models.list())) > 0  # the SDK retried the 503
    with pytest.raises(openai.NotFoundError) as missing:
        client.fine_tuning.jobs.retrieve("ftjob-missing")
    assert missing.value.request_id.startswith("req_")
    simulator.admin("fine_tuning", {"create_disabled_message": "Fine-tuning is closed for new jobs."})
    uploaded = client.files.create(file=("t.jsonl", io.BytesIO(training_jsonl(12))), purpose="fine-tune")
    with pytest.raises(openai.PermissionDeniedError):
        client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=uploaded.id)
