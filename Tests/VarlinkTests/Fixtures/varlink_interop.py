"""Talks to a Varlink server with the python `varlink` package (the reference client).

Usage: python3 varlink_interop.py SOCKET_PATH
Prints one JSON object with what it saw; the Swift test checks it. Exits non-zero on any
unexpected exception (the varlink CLI would exit 0 on errors, so we do not use it).
"""
import faulthandler
import json
import sys

import varlink

# A server that never answers makes this script print where it waited and fail, not hang.
faulthandler.dump_traceback_later(15, exit=True)

path = sys.argv[1]
result = {}
with varlink.Client(address="unix:" + path) as client:
    # `open` fetches and parses our interface description: it checks our IDL text too.
    with client.open("org.varlink.service") as service:
        info = service.GetInfo()
        result["interfaces"] = info["interfaces"]
        result["vendor"] = info["vendor"]
    with client.open("io.finetuned.test", namespaced=True) as test:
        result["echo"] = test.Echo("grüße\n\"quoted\"").text
        result["sum"] = test.Add(40, 2).sum
        result["count"] = [reply.value for reply in test.Count(5, _more=True)]
        try:
            test.Fail("failure")
            result["fail"] = "no error"
        except varlink.VarlinkError as error:
            result["fail"] = error.error()
            result["fail_parameters"] = error.parameters()
        try:
            # (A wrongly typed argument would be caught by the python client itself, which
            # checks calls against the description it fetched; the Swift tests cover ours.)
            test.Fail("other")
            result["internal"] = "no error"
        except varlink.VarlinkError as error:
            result["internal"] = error.error()
print(json.dumps(result))
