#!/usr/bin/env python3
"""Fake service manager: binds a datagram socket, runs a program with NOTIFY_SOCKET and
WATCHDOG_USEC/WATCHDOG_PID set, and checks the sd_notify datagrams it sends.

usage: notify-capture.py --expect PREFIX... -- PROG [ARGS...]
Each datagram must begin with the next expected prefix (so ordering is checked); the run
ends at STOPPING=1. Exits non-zero on a mismatch, a timeout or a failing program."""
import os, socket, subprocess, sys, tempfile

args = sys.argv[1:]
sep = args.index("--")
expected = [a for a in args[:sep] if a != "--expect"]
prog = args[sep + 1:]

d = tempfile.mkdtemp(prefix="notify-")
path = os.path.join(d, "notify.sock")
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
s.settimeout(10)

# WATCHDOG_PID must name the program itself: exec it from a child that knows its own pid.
read_fd, write_fd = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(write_fd)
    os.read(read_fd, 1)  # wait until the parent is listening
    env = dict(os.environ, NOTIFY_SOCKET=path, WATCHDOG_USEC="4000000", WATCHDOG_PID=str(os.getpid()))
    os.execvpe(prog[0], prog, env)
os.close(read_fd)
os.write(write_fd, b"x")
os.close(write_fd)

received = []
try:
    while True:
        data = s.recv(4096).decode()
        received.append(data)
        print(f"datagram: {data!r}")
        if data.startswith("STOPPING=1"):
            break
except socket.timeout:
    print("FAIL: timed out waiting for STOPPING=1", file=sys.stderr)
    sys.exit(1)
_, status = os.waitpid(pid, 0)
if os.waitstatus_to_exitcode(status) != 0:
    print(f"FAIL: program exited with {os.waitstatus_to_exitcode(status)}", file=sys.stderr)
    sys.exit(1)
if len(received) != len(expected) or not all(r.startswith(e) for r, e in zip(received, expected)):
    print(f"FAIL: expected prefixes {expected}, got {received}", file=sys.stderr)
    sys.exit(1)
reloading = next(r for r in received if r.startswith("RELOADING=1"))
if "MONOTONIC_USEC=" not in reloading:
    print("FAIL: RELOADING=1 without MONOTONIC_USEC", file=sys.stderr)
    sys.exit(1)
print("ok: notifications in order:", " ".join(e.rstrip("=") for e in expected))
