#!/usr/bin/env python3
"""Minimal Varlink caller for the system tests: varlink_call.py SOCKET METHOD [JSON] [--more]
Prints every reply as one JSON line; exits 1 on a Varlink error reply."""
import json, socket, sys

def call(path, method, parameters, more=False):
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    message = {"method": method, "parameters": parameters}
    if more:
        message["more"] = True
    s.sendall(json.dumps(message).encode() + b"\0")
    buffer = b""
    while True:
        while b"\0" not in buffer:
            chunk = s.recv(65536)
            if not chunk:
                return
            buffer += chunk
        raw, buffer = buffer.split(b"\0", 1)
        reply = json.loads(raw)
        yield reply
        if not reply.get("continues"):
            return

if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--more"]
    failed = False
    for reply in call(args[0], args[1], json.loads(args[2]) if len(args) > 2 else {}, "--more" in sys.argv):
        print(json.dumps(reply), flush=True)
        failed = failed or "error" in reply
    sys.exit(1 if failed else 0)
