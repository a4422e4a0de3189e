#!/usr/bin/env python3
"""Smoke test of the browser test's machinery, without Cardplane: headless Chromium, chromedriver,
Selenium, the merchant page, and the checks of hosted_card_test.py.

It serves a small stand-in for Cardplane (the merchant token and client token endpoints, card
detail, and `/pci/card` following the issue #7 contract: codes 1014-1018, CSP frame-ancestors,
Cache-Control no-store) on one local port and runs every check of hosted_card_test.py against it,
with merchant pages on two other ports. Then it runs them against a leaky stand-in (no origin
check, no frame-ancestors) and expects the refused-origin check to catch it.

So when run.sh fails, this tells a broken browser or test from a broken server: if this passes,
Chromium can load a page from one port, enter its iframe from another and read inside it.

    python3 Tests/Browser/smoke_test.py      # exits 0 and prints one line when all holds

The stand-in is not a specification: the server's contract is issue #7 and spec §6 and §13.
"""

import base64
import html
import http.server
import json
import secrets
import sys
import tempfile
import threading
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hosted_card_test as test  # noqa: E402

PAN = "4111110000001234"
API_SECRET = "0123456789abcdef0123456789abcdef"  # the stand-in's apiSecret, for the private info
MESSAGES = {
    "en": {
        "1014": "Client-Access-Token invalid or already used",
        "1015": "Parent page origin is not allowed",
        "1016": "Request host does not match the hosted configuration",
        "1017": "Nonce already used",
        "1018": "Sec-Fetch validation failed",
    },
    "zh_CN": {
        "1014": "客户端访问令牌无效或已使用",
        "1015": "父页面来源不在白名单中",
        "1016": "请求来源与托管配置不符",
        "1017": "请求重放或随机数已使用",
        "1018": "Sec-Fetch 校验失败",
    },
}


class StandIn:
    """The state of the stand-in Cardplane: its tokens, nonces and PCI configuration."""

    def __init__(self, allowed_origins, hosts, leaky=False):
        self.allowed_origins = allowed_origins
        self.hosts = hosts
        self.leaky = leaky
        self.tokens = set()
        self.nonces = set()
        self.lock = threading.Lock()


def sealed_private_info():
    """The card's private info as spec §5 seals it: JSON, AES/ECB/PKCS#7 with the apiSecret, Base64."""
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    plain = json.dumps({"card_no": "C0001", "pan": PAN, "cvv": "123", "exp_year": "2030", "exp_month": "9"})
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plain.encode()) + padder.finalize()
    encryptor = Cipher(algorithms.AES(API_SECRET.encode()), modes.ECB()).encryptor()
    return base64.b64encode(encryptor.update(padded) + encryptor.finalize()).decode()


def stand_in_handler(state):
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

        def do_GET(self):
            path, _, query = self.path.partition("?")
            if path == "/open-api/v1/merchant/token":
                self.envelope({"access_token": "AT-" + secrets.token_hex(8), "expired_time": 0})
            elif path.startswith("/open-api/v1/merchant/client/") and path.endswith("/token"):
                token = secrets.token_urlsafe(24)
                with state.lock:
                    state.tokens.add(token)
                self.envelope({"client_access_token": token, "expires_in": 60})
            elif path.startswith("/open-api/v1/card/") and path.endswith("/detail"):
                self.envelope({"card_last_no": PAN[-4:], "status": "Activated"})
            elif path.startswith("/open-api/v1/card/") and path.endswith("/private/info"):
                self.envelope(sealed_private_info())
            elif path == "/pci/card":
                self.card_page(urllib.parse.parse_qs(query))
            else:
                self.send_error(404)

        def envelope(self, data):
            body = json.dumps({"code": 0, "data": data, "msg": "Success"}).encode()
            self.send(200, "application/json", body, {})

        def card_page(self, params):
            lang = "zh_CN" if params.get("lang") == ["zh_CN"] else "en"
            token = params.get("token", [""])[0]
            nonce = params.get("nonce", [""])[0]
            referer = self.headers.get("Origin") or self.headers.get("Referer") or ""
            parent = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(referer)) if referer else ""
            with state.lock:
                if token not in state.tokens:
                    return self.error_page("1014", lang)
                state.tokens.discard(token)
                if not state.leaky and parent not in state.allowed_origins:
                    return self.error_page("1015", lang)
                if self.headers.get("Host") not in state.hosts:
                    return self.error_page("1016", lang)
                if nonce in state.nonces:
                    return self.error_page("1017", lang)
                state.nonces.add(nonce)
            if self.headers.get("Sec-Fetch-Dest") != "iframe" or self.headers.get("Sec-Fetch-Mode") != "navigate":
                return self.error_page("1018", lang)
            grouped = " ".join(PAN[i : i + 4] for i in range(0, len(PAN), 4))
            body = (
                '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Card</title></head>'
                '<body style="font-family:monospace;background:#1d3557;color:#fff;padding:16px">'
                f'<div id="card-number">{grouped}</div><button data-copy="card-number">Copy</button>'
                '<div id="card-expiry">09/2030</div><div id="card-cvv">123</div>'
                '<div id="card-holder">ALICE EXAMPLE</div></body></html>'
            )
            self.send(200, "text/html; charset=utf-8", body.encode(), self.security_headers())

        def security_headers(self):
            headers = {"Cache-Control": "no-store"}
            if not state.leaky:
                headers["Content-Security-Policy"] = (
                    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors " + " ".join(state.allowed_origins)
                )
            return headers

        def error_page(self, code, lang):
            body = (
                '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Error</title></head><body>'
                f'<p id="error-code">{code}</p><p id="error-message">{html.escape(MESSAGES[lang][code])}</p>'
                "</body></html>"
            )
            self.send(403, "text/html; charset=utf-8", body.encode(), self.security_headers())

        def send(self, status, content_type, body, headers):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler


def run_checks(driver, leaky, artifacts):
    cardplane_port, allowed_port, refused_port = test.free_port(), test.free_port(), test.free_port()
    allowed = f"http://127.0.0.1:{allowed_port}"
    refused = f"http://127.0.0.1:{refused_port}"
    state = StandIn([allowed], [f"127.0.0.1:{cardplane_port}"], leaky=leaky)
    servers = [
        http.server.ThreadingHTTPServer(("127.0.0.1", cardplane_port), stand_in_handler(state)),
    ]
    threading.Thread(target=servers[0].serve_forever, daemon=True).start()
    servers += [test.merchant_page.start(allowed_port), test.merchant_page.start(refused_port)]
    try:
        base = f"http://127.0.0.1:{cardplane_port}"
        api = test.MerchantAPI(base, "stand-in-api-key")
        # The full-PAN comparison (private info) on the sound stand-in; last four only on the leaky one.
        expected = test.ExpectedCard.fetch(api, "C0001", None if leaky else API_SECRET)
        if not leaky and (expected.pan, expected.expiry, expected.cvv) != (PAN, "09/2030", "123"):
            raise test.CheckFailure("the private info of the stand-in did not decrypt to its card")
        checks = test.HostedCardTest(
            api, test.Browser(driver, 15.0), expected, "C0001", base, allowed, refused, artifacts
        )
        checks.run(report=lambda line: None)
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def main():
    driver = test.make_driver()
    try:
        with tempfile.TemporaryDirectory() as scratch:
            artifacts = Path(scratch)
            run_checks(driver, leaky=False, artifacts=artifacts)
            if (artifacts / "hosted-card.png").stat().st_size < 1000:
                raise test.CheckFailure("the screenshot is empty")
            try:
                run_checks(driver, leaky=True, artifacts=artifacts)
            except test.CheckFailure as failure:
                if "refused_origin_sees_no_card" not in str(failure):
                    raise test.CheckFailure(f"the leaky stand-in failed the wrong check: {failure}") from None
            else:
                raise test.CheckFailure("the leaky stand-in (no origin check, no frame-ancestors) passed every check")
    except test.CheckFailure as failure:
        print(f"browser smoke test FAILED: {failure}", file=sys.stderr)
        return 1
    finally:
        driver.quit()
    print("browser smoke test: Chromium reads inside a cross-port iframe; the checks hold and catch a leak")
    return 0


if __name__ == "__main__":
    sys.exit(main())
