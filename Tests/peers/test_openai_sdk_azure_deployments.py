"""The official `openai` python SDK chatting through a deployment of the simulated Azure
(`openai-sim --dialect azure`): before the deployment exists or has succeeded, Azure's 404
`DeploymentNotFound`; once Azure's management plane (ARM, reached here with plain HTTP and an
Entra token from the simulated tenant, as `az`/azure-mgmt would) reports `Succeeded`, the chat
goes through it on the dated API (`AzureOpenAI`, which rewrites the path to
`/deployments/{name}/chat/completions`) and on the v1 API (`OpenAI`, the deployment as `model`);
after the deployment is deleted, 404 again.
"""
import json
import time
import urllib.error
import urllib.parse
import urllib.request

import openai
import pytest

from conftest import API_KEY, Simulator, wait_until

API_VERSION = "2024-10-21"
ARM_VERSION = "2024-10-01"
RESOURCE = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/res"


@pytest.fixture
def azure():
    sim = Simulator(time_scale=50.0, extra_args=("--dialect", "azure"))
    yield sim
    sim.stop()


def management_token(sim):
    body = urllib.parse.urlencode({
        "client_id": "sim-client", "client_secret": "sim-secret", "grant_type": "client_credentials",
        "scope": "https://management.azure.com/.default"}).encode()
    request = urllib.request.Request(f"{sim.root_url}/sim-tenant/oauth2/v2.0/token", data=body)
    with urllib.request.urlopen(request) as response:
        return json.load(response)["access_token"]


def arm(sim, method, name, token, body=None):
    url = f"{sim.root_url}{RESOURCE}/deployments/{name}?api-version={ARM_VERSION}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"authorization": f"Bearer {token}", "content-type": "application/json"})
    try:
        with urllib.request.urlopen(request) as response:
            raw = response.read()
            return response.status, (json.loads(raw) if raw else {})
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def ask(client, deployment):
    return client.chat.completions.create(model=deployment, messages=[{"role": "user", "content": "Why?"}])


def test_the_sdk_chats_only_through_a_deployment_that_has_succeeded(azure):
    dated = openai.AzureOpenAI(azure_endpoint=azure.root_url, api_version=API_VERSION, api_key=API_KEY,
                               max_retries=0)
    v1 = openai.OpenAI(base_url=f"{azure.root_url}/openai/v1/", api_key=API_KEY, max_retries=0)
    job_id = azure.admin("preload", {"count": 1, "status": "succeeded"})["ids"][0]
    model = dated.fine_tuning.jobs.retrieve(job_id).fine_tuned_model
    assert model

    with pytest.raises(openai.NotFoundError) as refused:
        ask(dated, "ta")
    assert refused.value.code == "DeploymentNotFound"

    token = management_token(azure)
    status, created = arm(azure, "PUT", "ta", token, {
        "sku": {"name": "Standard", "capacity": 1},
        "properties": {"model": {"format": "OpenAI", "name": model, "version": "1"}}})
    assert status == 201, created
    assert created["properties"]["provisioningState"] == "Accepted"
    with pytest.raises(openai.NotFoundError):
        ask(v1, "ta")  # not provisioned yet

    def succeeded():
        status, body = arm(azure, "GET", "ta", token)
        return status == 200 and body["properties"]["provisioningState"] == "Succeeded"
    wait_until(succeeded)
    for client in (dated, v1):
        reply = ask(client, "ta")
        assert reply.choices[0].message.content
        assert reply.model == model

    status, _ = arm(azure, "DELETE", "ta", token)
    assert status == 200
    with pytest.raises(openai.NotFoundError):
        ask(dated, "ta")
    status, _ = arm(azure, "DELETE", "ta", token)
    assert status == 204
