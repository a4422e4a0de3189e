#!/usr/bin/env python3
"""End-to-end test of the PCI hosted card page (issue #7, spec §6 and §13) in real headless Chromium.

A merchant page (merchant_page.py) embeds `{base}/pci/card?token=…&nonce=…` in an iframe. This
test mints single-use client tokens over the merchant API (urllib), serves the merchant page from
two origins that differ by port (one allowed by `merchant pci set --origin`, one not), drives
Debian's chromium through chromedriver with Selenium, and checks:

  1. allowed origin: inside the frame `#card-number` shows the card's PAN grouped in fours (the
     full PAN when --api-secret is given, else its last four and the BIN), with `#card-expiry`
     (MM/YYYY), `#card-cvv`, `#card-holder` and copy buttons; saves a screenshot of the page as
     artifacts/hosted-card.png, for CI to keep as an artifact (gitignored);
  2. the same page from a refused origin, fresh token: no card number is readable (the frame
     shows error 1015, or Chromium blocks it on the CSP `frame-ancestors`);
  3. the first token loaded again (fresh nonce): error 1014;
  4. the same with lang=zh_CN: error 1014 with a Chinese message;
  5. a fresh token with the nonce of check 1: error 1017;
  6. a top-level navigation to the hosted page from the allowed page: error 1018;
  7. over HTTP with the browser's iframe headers: `Content-Security-Policy` frame-ancestors lists
     the allowed origin and not the refused one, `Cache-Control: no-store`; and a `Host` that is
     not in the hosted hosts gets error 1016.

Every check uses its own fresh token (a token is consumed by the first request that passes the
token check). Prints one line per check; exits 0 when all pass, 1 on the first failure (with a
screenshot artifacts/hosted-card-failure.png when the browser was involved), 2 on bad usage.

Arguments (each also from the environment variable in brackets):
  --base        Cardplane's base URL, e.g. http://127.0.0.1:8080          [CARDPLANE_BASE_URL]
  --api-key     the merchant's Api-Key                                    [CARDPLANE_API_KEY]
  --api-secret  optional: the apiSecret, to read the full PAN, expiry and CVV from
                /card/{card_no}/private/info and compare them exactly     [CARDPLANE_API_SECRET]
  --card-no     the card to show                                          [CARDPLANE_CARD_NO]
  --allowed-port  port of the merchant page on 127.0.0.1 that `merchant pci set --origin` allows
                                                                          [CARDPLANE_PCI_ALLOWED_PORT]
  --refused-port  port of the refused merchant page (default: any free port)
                                                                          [CARDPLANE_PCI_REFUSED_PORT]
  --artifacts   folder for the screenshots (default: <repo>/artifacts)    [CARDPLANE_ARTIFACTS]

Needs selenium (PyPI), /usr/bin/chromium and /usr/bin/chromedriver (Debian's chromium and
chromium-driver); `cryptography` only with --api-secret. scripts/test.sh provisions all of them.
"""

import argparse
import base64
import json
import os
import re
import secrets
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import merchant_page  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
REPO = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")


class CheckFailure(Exception):
    """A check that did not hold; the message says what was expected and what was seen."""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def group_in_fours(digits):
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


# --- The merchant's server side: the merchant API over HTTP ---------------------------------------


class MerchantAPI:
    def __init__(self, base, api_key):
        self.base = base.rstrip("/")
        self.api_key = api_key
        self.access_token = None

    def request(self, method, path, body=None, authenticated=True):
        headers = {
            "Api-Key": self.api_key,
            "Timestamp": str(int(time.time() * 1000)),
            "Content-Type": "application/json",
        }
        if authenticated:
            if self.access_token is None:
                self.access_token = self.request("GET", "/open-api/v1/merchant/token", authenticated=False)[
                    "access_token"
                ]
            headers["Access-Token"] = self.access_token
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            raw = error.read()
        except OSError as error:
            raise CheckFailure(f"{method} {path}: Cardplane did not answer: {error}") from None
        try:
            envelope = json.loads(raw)
        except ValueError:
            raise CheckFailure(f"{method} {path}: not a JSON envelope: {raw[:200]!r}") from None
        if envelope.get("code") != 0:
            raise CheckFailure(f"{method} {path}: code {envelope.get('code')} {envelope.get('msg')!r}, expected 0")
        return envelope.get("data")

    def client_token(self, card_no):
        data = self.request("GET", f"/open-api/v1/merchant/client/{urllib.parse.quote(card_no, safe='')}/token")
        token = data.get("client_access_token") if isinstance(data, dict) else None
        if not isinstance(token, str) or not token:
            raise CheckFailure(f"client token: no client_access_token in {data!r}")
        if data.get("expires_in") != 60:
            raise CheckFailure(f"client token: expires_in {data.get('expires_in')!r}, expected 60")
        return token

    def card_detail(self, card_no):
        return self.request("GET", f"/open-api/v1/card/{urllib.parse.quote(card_no, safe='')}/detail")

    def private_info(self, card_no, api_secret):
        from cryptography.hazmat.primitives import padding
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        sealed = self.request("GET", f"/open-api/v1/card/{urllib.parse.quote(card_no, safe='')}/private/info")
        decryptor = Cipher(algorithms.AES(api_secret.encode()), modes.ECB()).decryptor()
        unpadder = padding.PKCS7(128).unpadder()
        plain = decryptor.update(base64.b64decode(sealed)) + decryptor.finalize()
        return json.loads(unpadder.update(plain) + unpadder.finalize())


class ExpectedCard:
    """What the hosted page must show: the full PAN, expiry and CVV when known, else last four + BIN."""

    def __init__(self, last_four, bin_prefix=None, pan=None, expiry=None, cvv=None):
        self.last_four = last_four
        self.bin_prefix = bin_prefix
        self.pan = pan
        self.expiry = expiry
        self.cvv = cvv

    @classmethod
    def fetch(cls, api, card_no, api_secret):
        detail = api.card_detail(card_no)
        last_four = str(detail.get("card_last_no", ""))
        if not re.fullmatch(r"\d{4}", last_four):
            raise CheckFailure(f"card detail: card_last_no {last_four!r} is not four digits")
        bin_prefix = str(detail.get("card_bin") or "") or None
        if not api_secret:
            return cls(last_four, bin_prefix)
        info = api.private_info(card_no, api_secret)
        pan = str(info["pan"])
        if not pan.endswith(last_four):
            raise CheckFailure("private info: the PAN does not end with the card detail's last four")
        month = str(info["exp_month"]).zfill(2)
        year = str(info["exp_year"])
        if len(year) == 2:
            year = "20" + year
        return cls(last_four, bin_prefix, pan, f"{month}/{year}", str(info["cvv"]))


# --- The browser ----------------------------------------------------------------------------------


def make_driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=900,700",
        "--lang=en-US",
    ):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


class Browser:
    def __init__(self, driver, timeout):
        self.driver = driver
        self.timeout = timeout

    def open_merchant_page(self, origin, base, token, lang=None, nonce=None):
        """Loads the merchant page, waits for its iframe's load event; returns the iframe's URL."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait

        query = {"token": token, "base": base}
        if lang:
            query["lang"] = lang
        if nonce:
            query["nonce"] = nonce
        self.driver.switch_to.default_content()
        self.driver.get(f"{origin}/?{urllib.parse.urlencode(query)}")
        try:
            WebDriverWait(self.driver, self.timeout).until(
                lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-loaded") == "true"
            )
        except Exception:
            raise CheckFailure(f"the merchant page at {origin} did not finish loading its iframe") from None
        return self.driver.find_element(By.ID, "card").get_attribute("src")

    def read_document(self, settle_seconds):
        """What the current document shows: ("card", fields), ("error", (code, message)),
        ("blocked", url) for Chromium's own error page in place of the document, or ("nothing", url).
        Polls up to settle_seconds for `#card-number` or `#error-code`."""
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.common.by import By

        deadline = time.monotonic() + settle_seconds
        while True:
            try:
                numbers = self.driver.find_elements(By.CSS_SELECTOR, "#card-number")
                if numbers:
                    fields = {"number": numbers[0].text}
                    for name in ("expiry", "cvv", "holder"):
                        found = self.driver.find_elements(By.CSS_SELECTOR, f"#card-{name}")
                        fields[name] = found[0].text if found else None
                    fields["copy_buttons"] = len(self.driver.find_elements(By.CSS_SELECTOR, "button[data-copy]"))
                    return "card", fields
                codes = self.driver.find_elements(By.CSS_SELECTOR, "#error-code")
                if codes and codes[0].text.strip():
                    messages = self.driver.find_elements(By.CSS_SELECTOR, "#error-message")
                    return "error", (codes[0].text.strip(), messages[0].text.strip() if messages else "")
                url = self.driver.execute_script("return document.URL")
                if url.startswith("chrome-error://"):
                    return "blocked", url  # Chromium refused to render this document (e.g. CSP)
            except WebDriverException as error:
                # A frame Chromium blocked holds its own error page; scripting it may fail.
                url = f"<unreadable: {error.msg or type(error).__name__}>"
            if time.monotonic() >= deadline:
                return "nothing", url
            time.sleep(0.1)

    def read_frame(self, settle_seconds):
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.common.by import By

        self.driver.switch_to.default_content()
        try:
            self.driver.switch_to.frame(self.driver.find_element(By.ID, "card"))
        except WebDriverException as error:
            return "nothing", f"<cannot enter the frame: {error.msg or type(error).__name__}>"
        try:
            return self.read_document(settle_seconds)
        finally:
            self.driver.switch_to.default_content()

    def screenshot(self, path):
        self.driver.switch_to.default_content()
        path.parent.mkdir(parents=True, exist_ok=True)
        if not self.driver.save_screenshot(str(path)):
            raise CheckFailure(f"could not save the screenshot {path}")


def nonce_of(frame_url):
    values = urllib.parse.parse_qs(urllib.parse.urlsplit(frame_url).query).get("nonce", [])
    if len(values) != 1:
        raise CheckFailure(f"the merchant page's iframe has no nonce: {frame_url}")
    return values[0]


def expect_error(kind, value, code, what):
    if kind == "card":
        raise CheckFailure(
            f"{what}: the card number is readable (ending {value['number'][-4:]}); expected error {code}"
        )
    if kind == "blocked":
        raise CheckFailure(f"{what}: expected error page {code}, Chromium blocked the document ({value})")
    if kind != "error":
        raise CheckFailure(f"{what}: expected error page {code}, the document shows neither card nor error ({value})")
    if value[0] != code:
        raise CheckFailure(f"{what}: expected error {code}, got {value[0]} {value[1]!r}")
    return value


# --- The checks -----------------------------------------------------------------------------------


class HostedCardTest:
    def __init__(self, api, browser, expected, card_no, base, allowed, refused, artifacts):
        self.api = api
        self.browser = browser
        self.expected = expected
        self.card_no = card_no
        self.base = base
        self.allowed = allowed
        self.refused = refused
        self.artifacts = artifacts
        self.first_token = None
        self.first_nonce = None

    def check_card_number(self, fields):
        shown = " ".join(fields["number"].split())
        if not re.fullmatch(r"\d{4}( \d{4})*( \d{1,3})?", shown):
            raise CheckFailure(f"#card-number {shown!r} is not digits grouped in fours")
        digits = shown.replace(" ", "")
        if self.expected.pan is not None:
            if shown != group_in_fours(self.expected.pan):
                raise CheckFailure(
                    f"#card-number shows {len(digits)} digits ending {digits[-4:]}, not the card's PAN "
                    f"grouped in fours (ending {self.expected.last_four})"
                )
        else:
            if not digits.endswith(self.expected.last_four):
                raise CheckFailure(
                    f"#card-number ends {digits[-4:]}, the card's last four are {self.expected.last_four}"
                )
            if self.expected.bin_prefix and not digits.startswith(self.expected.bin_prefix):
                raise CheckFailure(f"#card-number does not start with the card's BIN {self.expected.bin_prefix}")
            if not 13 <= len(digits) <= 19:
                raise CheckFailure(f"#card-number has {len(digits)} digits")
        expiry = (fields["expiry"] or "").strip()
        if not re.fullmatch(r"(0[1-9]|1[0-2])/\d{4}", expiry):
            raise CheckFailure(f"#card-expiry {expiry!r} is not MM/YYYY")
        if self.expected.expiry is not None and expiry != self.expected.expiry:
            raise CheckFailure(f"#card-expiry {expiry!r}, the card's is {self.expected.expiry!r}")
        cvv = (fields["cvv"] or "").strip()
        if not re.fullmatch(r"\d{3,4}", cvv):
            raise CheckFailure("#card-cvv is not three or four digits")
        if self.expected.cvv is not None and cvv != self.expected.cvv:
            raise CheckFailure("#card-cvv is not the card's CVV")
        if not (fields["holder"] or "").strip():
            raise CheckFailure("#card-holder is missing or empty")
        if fields["copy_buttons"] < 1:
            raise CheckFailure("no copy button (button[data-copy]) on the card page")

    def allowed_origin_shows_card(self):
        self.first_token = self.api.client_token(self.card_no)
        frame_url = self.browser.open_merchant_page(self.allowed, self.base, self.first_token)
        self.first_nonce = nonce_of(frame_url)
        kind, value = self.browser.read_frame(self.browser.timeout)
        if kind == "error":
            raise CheckFailure(f"allowed origin {self.allowed}: the frame shows error {value[0]} {value[1]!r}")
        if kind == "blocked":
            raise CheckFailure(
                f"allowed origin {self.allowed}: Chromium blocked the frame ({value}); check frame-ancestors"
            )
        if kind != "card":
            raise CheckFailure(f"allowed origin {self.allowed}: no #card-number inside the frame ({value})")
        self.check_card_number(value)
        shot = self.artifacts / "hosted-card.png"
        self.browser.screenshot(shot)
        return f"allowed origin {self.allowed} shows the card ending {self.expected.last_four}; screenshot {shot}"

    def refused_origin_sees_no_card(self):
        token = self.api.client_token(self.card_no)
        self.browser.open_merchant_page(self.refused, self.base, token)
        kind, value = self.browser.read_frame(self.browser.timeout)
        if kind == "blocked":
            return f"refused origin {self.refused}: Chromium blocked the frame (frame-ancestors)"
        expect_error(kind, value, "1015", f"refused origin {self.refused}")
        return f"refused origin {self.refused}: the frame shows error 1015"

    def reused_token_refused(self):
        self.browser.open_merchant_page(self.allowed, self.base, self.first_token)
        expect_error(*self.browser.read_frame(self.browser.timeout), "1014", "token used a second time")
        return "the first token loaded again: error 1014"

    def reused_token_refused_in_chinese(self):
        self.browser.open_merchant_page(self.allowed, self.base, self.first_token, lang="zh_CN")
        _, message = expect_error(*self.browser.read_frame(self.browser.timeout), "1014", "token reused, lang=zh_CN")
        if not CJK.search(message):
            raise CheckFailure(f"lang=zh_CN: #error-message {message!r} is not in Chinese")
        return "lang=zh_CN: error 1014 in Chinese"

    def reused_nonce_refused(self):
        token = self.api.client_token(self.card_no)
        self.browser.open_merchant_page(self.allowed, self.base, token, nonce=self.first_nonce)
        expect_error(*self.browser.read_frame(self.browser.timeout), "1017", "nonce used a second time")
        return "a fresh token with a used nonce: error 1017"

    def top_level_navigation_refused(self):
        token = self.api.client_token(self.card_no)
        url = f"{self.base}/pci/card?{urllib.parse.urlencode({'token': token, 'nonce': secrets.token_urlsafe(24)})}"
        # From the allowed merchant page, so that only Sec-Fetch-Dest (document) is wrong.
        self.browser.driver.switch_to.default_content()
        self.browser.driver.get(f"{self.allowed}/healthz")
        self.browser.driver.execute_script("window.location.assign(arguments[0])", url)
        deadline = time.monotonic() + self.browser.timeout
        while not self.browser.driver.current_url.startswith(self.base) and time.monotonic() < deadline:
            time.sleep(0.05)
        expect_error(*self.browser.read_document(self.browser.timeout), "1018", "top-level navigation")
        return "a top-level navigation to the hosted page: error 1018"

    def hosted_page_get(self, token, host=None):
        """The hosted page fetched as Chromium fetches it for an iframe of the allowed page."""
        query = urllib.parse.urlencode({"token": token, "nonce": secrets.token_urlsafe(24)})
        request = urllib.request.Request(f"{self.base}/pci/card?{query}")
        request.add_header("Referer", self.allowed + "/")
        request.add_header("Sec-Fetch-Dest", "iframe")
        request.add_header("Sec-Fetch-Mode", "navigate")
        request.add_header("Sec-Fetch-Site", "same-site")
        if host is not None:
            request.add_header("Host", host)
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                return response.status, response.headers, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode("utf-8", "replace")

    def response_headers_and_hosts(self):
        status, headers, body = self.hosted_page_get(self.api.client_token(self.card_no))
        if status != 200 or 'id="card-number"' not in body:
            code = re.search(r'id="error-code"[^>]*>\s*([^<\s]+)', body)
            raise CheckFailure(
                f"GET /pci/card with iframe headers from {self.allowed}: HTTP {status}, "
                f"error {code.group(1) if code else 'none'}; expected the card page"
            )
        policy = headers.get("Content-Security-Policy", "")
        ancestors = re.search(r"frame-ancestors([^;]*)", policy)
        if not ancestors:
            raise CheckFailure(f"Content-Security-Policy {policy!r} has no frame-ancestors")
        sources = ancestors.group(1).split()
        if self.allowed not in sources and self.allowed + "/" not in sources:
            raise CheckFailure(f"frame-ancestors {sources} does not list the allowed origin {self.allowed}")
        if any(source.startswith(self.refused) for source in sources) or "*" in sources:
            raise CheckFailure(f"frame-ancestors {sources} lets the refused origin {self.refused} frame the page")
        if "no-store" not in headers.get("Cache-Control", ""):
            raise CheckFailure(f"Cache-Control {headers.get('Cache-Control')!r} lacks no-store")
        netloc = urllib.parse.urlsplit(self.base).netloc
        stranger = "cardplane.invalid" + (":" + netloc.rsplit(":", 1)[1] if ":" in netloc else "")
        status, _, body = self.hosted_page_get(self.api.client_token(self.card_no), host=stranger)
        code = re.search(r'id="error-code"[^>]*>\s*([^<\s]+)', body)
        if 'id="card-number"' in body or not code or code.group(1) != "1016":
            raise CheckFailure(
                f"GET /pci/card with Host {stranger}: HTTP {status}, error {code.group(1) if code else 'none'}; "
                "expected error 1016"
            )
        return f"CSP frame-ancestors lists only {self.allowed}, Cache-Control no-store; Host {stranger}: error 1016"

    CHECKS = (
        "allowed_origin_shows_card",
        "refused_origin_sees_no_card",
        "reused_token_refused",
        "reused_token_refused_in_chinese",
        "reused_nonce_refused",
        "top_level_navigation_refused",
        "response_headers_and_hosts",
    )

    def run(self, report=lambda line: print(line, flush=True)):
        """Runs every check in order; raises CheckFailure on the first that fails."""
        (self.artifacts / "hosted-card-failure.png").unlink(missing_ok=True)
        for number, name in enumerate(self.CHECKS, start=1):
            try:
                detail = getattr(self, name)()
            except CheckFailure as failure:
                shot = self.artifacts / "hosted-card-failure.png"
                try:
                    self.browser.screenshot(shot)
                    where = f" (screenshot {shot})"
                except Exception:
                    where = ""
                raise CheckFailure(f"check {number} {name}: {failure}{where}") from None
            report(f"ok {number} - {detail}")
        return len(self.CHECKS)


def parse_arguments(argv):
    env = os.environ.get
    parser = argparse.ArgumentParser(description="Browser test of the PCI hosted card page.")
    parser.add_argument("--base", default=env("CARDPLANE_BASE_URL"))
    parser.add_argument("--api-key", default=env("CARDPLANE_API_KEY"))
    parser.add_argument("--api-secret", default=env("CARDPLANE_API_SECRET"))
    parser.add_argument("--card-no", default=env("CARDPLANE_CARD_NO"))
    parser.add_argument("--allowed-port", type=int, default=env("CARDPLANE_PCI_ALLOWED_PORT"))
    parser.add_argument("--refused-port", type=int, default=env("CARDPLANE_PCI_REFUSED_PORT"))
    parser.add_argument("--artifacts", type=Path, default=Path(env("CARDPLANE_ARTIFACTS") or REPO / "artifacts"))
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for a page")
    args = parser.parse_args(argv)
    missing = [flag for flag in ("base", "api_key", "card_no", "allowed_port") if not getattr(args, flag)]
    if missing:
        parser.error("missing " + ", ".join("--" + flag.replace("_", "-") for flag in missing))
    if args.refused_port is None:
        args.refused_port = free_port()
    if args.refused_port == args.allowed_port:
        parser.error("--refused-port must differ from --allowed-port")
    args.base = args.base.rstrip("/")
    return args


def main(argv):
    args = parse_arguments(argv)
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            print(f"hosted card test: {path} is missing (apt-get install chromium chromium-driver)", file=sys.stderr)
            return 1
    servers = []
    driver = None
    try:
        servers = [merchant_page.start(args.allowed_port), merchant_page.start(args.refused_port)]
        api = MerchantAPI(args.base, args.api_key)
        expected = ExpectedCard.fetch(api, args.card_no, args.api_secret)
        driver = make_driver()
        test = HostedCardTest(
            api,
            Browser(driver, args.timeout),
            expected,
            args.card_no,
            args.base,
            f"http://127.0.0.1:{args.allowed_port}",
            f"http://127.0.0.1:{args.refused_port}",
            args.artifacts,
        )
        count = test.run()
    except CheckFailure as failure:
        print(f"hosted card test FAILED: {failure}", file=sys.stderr)
        return 1
    finally:
        if driver is not None:
            driver.quit()
        for server in servers:
            server.shutdown()
            server.server_close()
    print(f"hosted card test: all {count} checks held", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
