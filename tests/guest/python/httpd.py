# An HTTP server (http.server, a thread per connection): GET answers
# with its path, POST with the SHA-256 of the body, GET /quit stops the
# server.  Usage: httpd.py ADDRESS PORT [PORTFILE]; the port it bound
# is written to PORTFILE (for port 0, on the host).
import hashlib
import http.server
import sys
import threading


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def reply(self, body):
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/quit":
            self.reply(b"bye\n")
            threading.Thread(target=self.server.shutdown).start()
            return
        self.reply(f"{self.path} from python {sys.version_info[:2]}\n".encode())

    def do_POST(self):
        data = self.rfile.read(int(self.headers["Content-Length"]))
        print("received", len(data), flush=True)
        self.reply(hashlib.sha256(data).hexdigest().encode() + b"\n")

    def log_message(self, fmt, *args):
        print("request", self.command, self.path, flush=True)


address, port = sys.argv[1], int(sys.argv[2])
with http.server.ThreadingHTTPServer((address, port), Handler) as server:
    if len(sys.argv) > 3:
        with open(sys.argv[3] + ".tmp", "w") as f:
            print(server.server_address[1], file=f)
        import os
        os.rename(sys.argv[3] + ".tmp", sys.argv[3])
    print("serving", flush=True)
    server.serve_forever()
print("stopped")
