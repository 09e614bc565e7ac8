"""The official `openai` python SDK against the simulator's Azure dialect (`openai-sim --dialect
azure`): `AzureOpenAI` on the dated API with a key and with an Entra ID token provider, and the
plain `OpenAI` client on the v1 API, as Microsoft documents them.

azure-identity is not used as the token provider: it refuses any authority that is not https
("The value must be a TLS protected (https) URL"), and the simulator speaks plain http on
loopback. The provider below asks the simulated tenant's token endpoint itself, as
azure-identity's ClientSecretCredential would (client credentials, form-encoded).
"""
import io
import json
import re
import time
import urllib.parse
import urllib.request

import openai
import pytest

from conftest import API_KEY, Simulator, training_jsonl, wait_until

API_VERSION = "2025-04-01-preview"


@pytest.fixture
def azure():
    sim = Simulator(extra_args=("--dialect", "azure", "--token-lifetime", "2"))
    yield sim
    sim.stop()


def finished(client, job_id):
    job = client.fine_tuning.jobs.retrieve(job_id)
    return job if job.status in ("succeeded", "failed", "cancelled") else None


def test_azure_openai_with_a_key_on_the_dated_api(azure):
    client = openai.AzureOpenAI(azure_endpoint=azure.root_url, api_version=API_VERSION, api_key=API_KEY,
                                max_retries=0)
    uploaded = client.files.create(file=("train.jsonl", io.BytesIO(training_jsonl(12))), purpose="fine-tune")
    job = client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=uploaded.id, suffix="sdk",
                                         extra_body={"trainingType": "standard"})
    assert job.status == "pending"
    assert re.fullmatch(r"ftjob-[0-9a-f]{32}", job.id)
    assert job.hyperparameters.n_epochs in (-1, "auto")
    job = wait_until(lambda: finished(client, job.id))
    assert job.status == "succeeded", job.error
    assert job.fine_tuned_model == f"gpt-4o-mini-2024-07-18.ft-{job.id[len('ftjob-'):]}-sdk"
    checkpoints = list(client.fine_tuning.jobs.checkpoints.list(job.id))
    assert checkpoints and all(c.id.startswith("ftchkpt-") for c in checkpoints)
    requests = azure.admin("requests")["requests"]
    assert requests and all(r["query"].get("api-version") == API_VERSION for r in requests)

    # The SDK reads Azure's 401 for a wrong key.
    wrong = openai.AzureOpenAI(azure_endpoint=azure.root_url, api_version=API_VERSION, api_key="wrong",
                               max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        wrong.fine_tuning.jobs.list()


class TenantTokens:
    """An `azure_ad_token_provider`: client credentials at the simulated tenant, cached until
    shortly before expiry (the SDK calls the provider on every request)."""

    def __init__(self, authority, secret="sim-secret"):
        self.url = f"{authority}/sim-tenant/oauth2/v2.0/token"
        self.secret = secret
        self.token, self.expires = None, 0.0

    def __call__(self):
        if self.token is None or time.time() > self.expires - 0.2:
            body = urllib.parse.urlencode({
                "client_id": "sim-client", "client_secret": self.secret, "grant_type": "client_credentials",
                "scope": "https://cognitiveservices.azure.com/.default"}).encode()
            with urllib.request.urlopen(urllib.request.Request(self.url, data=body)) as response:
                answer = json.load(response)
            self.token, self.expires = answer["access_token"], time.time() + answer["expires_in"]
        return self.token


def test_azure_openai_with_entra_tokens_that_expire(azure):
    client = openai.AzureOpenAI(azure_endpoint=azure.root_url, api_version=API_VERSION,
                                azure_ad_token_provider=TenantTokens(azure.root_url), max_retries=0)
    uploaded = client.files.create(file=("train.jsonl", io.BytesIO(training_jsonl(12))), purpose="fine-tune")
    job = client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=uploaded.id)
    time.sleep(2.2)  # past the token's two-second life: the provider must fetch a new one
    job = wait_until(lambda: finished(client, job.id))
    assert job.status == "succeeded"
    assert azure.admin("stats")["counts"]["POST /{tenant}/oauth2/v2.0/token"] >= 2

    # A stale token is refused with Azure's 401 without an `error` key; the SDK still raises.
    stale = openai.AzureOpenAI(azure_endpoint=azure.root_url, api_version=API_VERSION,
                               azure_ad_token="eyJ0eXAiOiJKV1QifQ.expired.sig", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as refused:
        stale.fine_tuning.jobs.list()
    assert refused.value.body is None or "error" not in refused.value.body


def test_plain_openai_client_on_the_v1_api(azure):
    client = openai.OpenAI(base_url=f"{azure.root_url}/openai/v1/", api_key=API_KEY, max_retries=0)
    uploaded = client.files.create(file=("train.jsonl", io.BytesIO(training_jsonl(12))), purpose="fine-tune")
    job = client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=uploaded.id,
                                         metadata={"finetuned_submission": "abc"},
                                         extra_body={"trainingType": "globalstandard"})
    assert job.status == "validating_files"
    job = wait_until(lambda: finished(client, job.id))
    assert job.status == "succeeded"
    assert job.fine_tuned_model.startswith("gpt-4o-mini-2024-07-18.ft-")
    assert job.metadata == {"finetuned_submission": "abc"}
    requests = azure.admin("requests")["requests"]
    assert all("api-version" not in r["query"] for r in requests)
