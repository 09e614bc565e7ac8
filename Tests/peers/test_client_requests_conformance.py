"""What our client sends validates against OpenAI's official OpenAPI spec.

The real daemon submits, cancels, pauses, resumes and chats through the real simulator, which
records every JSON request body; each body is then checked against the request schema the spec
gives for its endpoint. The spec is read from $OPENAI_OPENAPI_SPEC (see the conformance test of
the simulator's answers); without it, this test is skipped, saying so.
"""
import json
import os

import jsonschema
import pytest
import referencing

from conftest import wait_until
from daemon_fixtures import daemon_on_simulator, raw_call  # noqa: F401  (pytest fixture)
from spec_support import load_spec, spec_path

SPEC_PATH = spec_path()
pytestmark = pytest.mark.skipif(
    SPEC_PATH is None,
    reason="OPENAI_OPENAPI_SPEC is not set to the official openai-openapi.yaml: request conformance NOT checked")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "config", "examples", "teaching-assistant.jsonl")

# The simulator's endpoint templates, mapped to the spec's paths.
SPEC_PATHS = {
    "POST /fine_tuning/jobs": "/fine_tuning/jobs",
    "POST /uploads": "/uploads",
    "POST /uploads/{id}/complete": "/uploads/{upload_id}/complete",
    "POST /chat/completions": "/chat/completions",
}


def request_validator(spec, template):
    path = SPEC_PATHS[template]
    method = template.split(" ")[0].lower()
    pointer = "/".join(["", "paths", path.replace("~", "~0").replace("/", "~1"), method,
                        "requestBody", "content", "application~1json", "schema"])
    resource = referencing.Resource.from_contents(spec, default_specification=referencing.jsonschema.DRAFT202012)
    registry = referencing.Registry().with_resource("urn:openai-spec", resource)
    return jsonschema.Draft202012Validator({"$ref": "urn:openai-spec#" + pointer}, registry=registry)


def test_the_daemons_requests_validate_against_the_spec(daemon_on_simulator):
    simulator, daemon = daemon_on_simulator
    spec = load_spec(SPEC_PATH)

    created = raw_call(daemon.socket_path, "io.finetuned.Jobs.Submit", {
        "training_file": SAMPLE, "model": "gpt-4o-mini", "suffix": "spec-check", "seed": 7,
        "hyperparameters": {"n_epochs": 2, "learning_rate_multiplier": 0.5},
        "metadata": {"course": "cs101"}})[-1]["parameters"]["job"]
    wait_until(lambda: raw_call(daemon.socket_path, "io.finetuned.Jobs.Get", {"id": created["id"]})[-1]
               ["parameters"]["job"]["status"] == "succeeded")
    raw_call(daemon.socket_path, "io.finetuned.Models.Chat",
             {"job": created["id"], "messages": [{"role": "user", "content": "What is a loop?"}]})

    bodies = [r for r in simulator.admin("requests")["requests"] if r.get("body") and r["endpoint"] in SPEC_PATHS]
    seen = {r["endpoint"] for r in bodies}
    assert {"POST /fine_tuning/jobs", "POST /chat/completions"} <= seen, seen
    for record in bodies:
        validator = request_validator(spec, record["endpoint"])
        body = json.loads(record["body"])
        errors = sorted(validator.iter_errors(body), key=lambda e: list(e.path))
        assert not errors, f"{record['endpoint']}: " + "; ".join(
            f"{'/'.join(map(str, e.path))}: {e.message[:200]}" for e in errors[:5])
    create = json.loads(next(r["body"] for r in bodies if r["endpoint"] == "POST /fine_tuning/jobs"))
    assert create["metadata"]["finetuned_submission"], "the create carries its submission tag"
    assert create["method"]["supervised"]["hyperparameters"]["n_epochs"] == 2
