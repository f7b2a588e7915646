# The host's client of httpd.py: http_client.py QMP GUEST_PORT asks
# QEMU on its QMP socket which host port its hostfwd bound for
# GUEST_PORT; http_client.py - PORT connects to PORT.  Until the guest's
# server listens, slirp accepts and the guest resets: it tries again.
# http_client.py QMP GUEST_PORT --fetch PATH: GET PATH alone, print its
# size and SHA-256, then quit QEMU (for a server that never stops).
import hashlib
import http.client
import json
import socket
import sys
import time


def qmp_connect(path):
    """A function sending a QMP command (None: none) and returning the reply."""
    q = socket.socket(socket.AF_UNIX)
    for _ in range(600):
        try:
            q.connect(path)
            break
        except (FileNotFoundError, ConnectionRefusedError):
            time.sleep(0.1)
    f = q.makefile("rw")

    def reply(command):
        if command:
            f.write(json.dumps(command) + "\n")
            f.flush()
        while True:
            r = json.loads(f.readline())
            if "event" not in r:
                return r

    reply(None)
    reply({"execute": "qmp_capabilities"})
    return reply


def forwarded_port(qmp, guest_port):
    info = qmp({"execute": "human-monitor-command",
                "arguments": {"command-line": "info usernet"}})["return"]
    for line in info.splitlines():
        w = line.split()
        # Protocol[State] FD Source-Address Port Dest-Address Port ...
        if "HOST_FORWARD" in line and w[5] == guest_port:
            return int(w[3])
    sys.exit(f"no host port forwarded to {guest_port} in {info}")


def first_get(port, path):
    deadline = time.monotonic() + 120
    while True:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            c.request("GET", path)
            return c, c.getresponse()
        except (OSError, http.client.HTTPException):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


where, port = sys.argv[1], sys.argv[2]
qmp = qmp_connect(where) if where != "-" else None
port = forwarded_port(qmp, port) if qmp else int(port)
if sys.argv[3:4] == ["--fetch"]:
    c, r = first_get(port, sys.argv[4])
    body = r.read()
    print("fetch", r.status, len(body), hashlib.sha256(body).hexdigest())
    qmp({"execute": "quit"})
    sys.exit(0)
c, r = first_get(port, "/hello")
print("get", r.status, r.read())
body = bytes(range(256)) * 4096
c.request("POST", "/sha256", body)
r = c.getresponse()
print("post", r.status, r.read().decode().strip() == hashlib.sha256(body).hexdigest())
c.request("GET", "/second/request")
r = c.getresponse()
print("get", r.status, r.read())
c.request("GET", "/quit")
r = c.getresponse()
print("quit", r.status, r.read())
