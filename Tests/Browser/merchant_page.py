#!/usr/bin/env python3
"""A merchant's web page that embeds Cardplane's PCI hosted card page (spec §6), for the browser test.

Serves `/` as an HTML page holding one iframe:

    <iframe id="card" src="{base}/pci/card?token={token}&nonce={nonce}[&lang={lang}]">

where the page's own query parameters give `token` (a client_access_token minted by the merchant's
server), `base` (Cardplane's base URL, e.g. http://127.0.0.1:8080) and optionally `lang` (zh_CN)
and `nonce`. Without `nonce` the page draws a fresh random one (32 URL-safe characters) on every
load, as a real merchant page must; passing one lets a test reuse a nonce on purpose (1017).
When the iframe has loaded, whatever it shows (the card, an error page, or a frame the browser
blocked), the page sets `data-loaded="true"` on `<body>`, so a test can wait for it.

Only the Python standard library. Run one on its own with

    python3 merchant_page.py --port 9101          # serves http://127.0.0.1:9101/

or start it from a test with `start(port)`, which serves from a daemon thread and returns the
server (`server.shutdown()` stops it).
"""

import argparse
import html
import http.server
import re
import secrets
import sys
import threading
import urllib.parse

NONCE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
LANG_PATTERN = re.compile(r"^[A-Za-z_-]{2,16}$")

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Acme Wallet - your card</title>
<style>
  body {{ font-family: sans-serif; margin: 24px; background: #f4f5f7; }}
  h1 {{ font-size: 20px; }}
  iframe {{ width: 420px; height: 300px; border: 0; border-radius: 12px; background: #fff; }}
</style>
</head>
<body data-loaded="false">
<h1>Acme Wallet - your card</h1>
<iframe id="card" title="Card details" src="{src}"></iframe>
<script>
  document.getElementById("card").addEventListener("load", function () {{
    document.body.setAttribute("data-loaded", "true");
  }});
</script>
</body>
</html>
"""


class BadRequest(Exception):
    pass


def frame_source(query):
    """The iframe's URL from the page's query parameters; BadRequest when one is missing or bad."""
    params = urllib.parse.parse_qs(query, keep_blank_values=True)

    def one(name, required):
        values = params.get(name, [])
        if len(values) > 1:
            raise BadRequest(f"parameter {name} given more than once")
        if not values or values[0] == "":
            if required:
                raise BadRequest(f"parameter {name} is missing")
            return None
        return values[0]

    token = one("token", True)
    base = one("base", True).rstrip("/")
    parsed = urllib.parse.urlsplit(base)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or parsed.query or parsed.fragment:
        raise BadRequest("parameter base must be an http(s) URL such as http://127.0.0.1:8080")
    nonce = one("nonce", False) or secrets.token_urlsafe(24)
    if not NONCE_PATTERN.match(nonce):
        raise BadRequest("parameter nonce must be 16-128 URL-safe characters")
    lang = one("lang", False)
    if lang is not None and not LANG_PATTERN.match(lang):
        raise BadRequest("parameter lang is not a language tag")
    frame_query = [("token", token), ("nonce", nonce)]
    if lang is not None:
        frame_query.append(("lang", lang))
    return f"{base}/pci/card?{urllib.parse.urlencode(frame_query)}"


class MerchantPageHandler(http.server.BaseHTTPRequestHandler):
    server_version = "AcmeWallet/1.0"

    def do_GET(self):
        path, _, query = self.path.partition("?")
        if path == "/healthz":
            self.reply(200, "text/plain; charset=utf-8", b"ok\n")
            return
        if path != "/":
            self.reply(404, "text/plain; charset=utf-8", b"not found\n")
            return
        try:
            src = frame_source(query)
        except BadRequest as error:
            self.reply(400, "text/plain; charset=utf-8", f"{error}\n".encode())
            return
        body = PAGE.format(src=html.escape(src, quote=True)).encode()
        self.reply(200, "text/html; charset=utf-8", body)

    def reply(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        # The request line carries the client token: keep it out of the test's output.
        pass


def start(port, host="127.0.0.1"):
    """Serves the merchant page on host:port from a daemon thread; returns the server."""
    server = http.server.ThreadingHTTPServer((host, port), MerchantPageHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name=f"merchant-page-{port}", daemon=True).start()
    return server


def main(argv):
    parser = argparse.ArgumentParser(description="Serve a merchant page that embeds the PCI iframe.")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    server = http.server.ThreadingHTTPServer((args.host, args.port), MerchantPageHandler)
    print(f"merchant page on http://{args.host}:{server.server_address[1]}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
