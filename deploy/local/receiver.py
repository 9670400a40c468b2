#!/usr/bin/env python3
"""A notification receiver for the local demo: POSTs to any path are checked and kept.

Usage: receiver.py PORT SECRET_FILE OUT_FILE

Each body's X-Kiln-Signature-256 must be the HMAC-SHA256 of the body under the secret (else 401); an accepted
body is appended to OUT_FILE as one JSON line and its `text` printed. Binds 127.0.0.1 only.
"""
import hashlib
import hmac
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

port, secret_file, out_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
with open(secret_file, "rb") as f:
    secret = f.read().strip()


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        expected = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, self.headers.get("X-Kiln-Signature-256", "")):
            self.send_response(401)
            self.end_headers()
            return
        event = json.loads(body)
        with open(out_file, "a", encoding="utf-8") as out:
            out.write(json.dumps(event, sort_keys=True) + "\n")
        print(f"{event['event']}: {event['text']}", flush=True)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


HTTPServer(("127.0.0.1", port), Receiver).serve_forever()
