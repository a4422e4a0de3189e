#!/usr/bin/env python3
"""Browser test of the operator console (issue #16) in headless Chromium.

Run by Tests/Browser/console.sh against a real `cardplane serve --sandbox` with an admin and a
viewer account and a merchant whose Api-Key is given. It makes its own activity through the
merchant API and the sandbox simulator (a cardholder, a card, a declined payment, callbacks to a
local receiver), then drives the console as the operators would: a wrong password, sign-in, the
overview, a declined payment found and its reason read, a callback replayed, a key revoked (the
merchant's next call answers 1010), a viewer without actions and refused when posting anyway, a
form without its CSRF token refused. Every page the browser rendered is scanned for secrets.
Screenshots: artifacts/console-overview-<engine>.png, artifacts/console-payment-<engine>.png.
"""

import argparse
import http.server
import json
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
REPO = Path(__file__).resolve().parents[2]
PAN_SHAPED = re.compile(r"(?<![0-9A-Za-z])[0-9]{13,19}(?![0-9A-Za-z])")


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)
    print(f"ok - {message}")


# --- The merchant: API calls and a callback receiver -----------------------------------------------


def call(base, method, path, headers=None, body=None):
    request = urllib.request.Request(base + path, method=method, headers=headers or {})
    if body is not None:
        request.data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class Merchant:
    def __init__(self, base, api_key):
        self.base, self.api_key = base, api_key

    def token_code(self):
        _, body = call(self.base, "GET", "/open-api/v1/merchant/token", self.headers())
        return json.loads(body)["code"], json.loads(body).get("data")

    def headers(self, token=None):
        headers = {"Api-Key": self.api_key, "Timestamp": str(int(time.time() * 1000)), "Timezone": "UTC"}
        if token:
            headers["Access-Token"] = token
        return headers

    def api(self, path, body):
        code, data = self.token_code()
        if code != 0:
            raise Failure(f"token answered {code}")
        _, reply = call(self.base, "POST", path, self.headers(data["access_token"]), body)
        envelope = json.loads(reply)
        if envelope["code"] != 0:
            raise Failure(f"{path} answered {reply}")
        return envelope["data"]

    def declined_payment(self, package_no):
        """A cardholder, a virtual card with nothing on it, and a purchase it cannot pay."""
        holder = self.api(
            "/open-api/v1/cardholder/apply",
            {"cardholder_unique_no": "CONSOLE_USER", "sumsub_share_token": "sim_approved_alice"},
        )["cardholder_no"]
        today = time.strftime("%Y-%m-%d", time.gmtime())
        for _ in range(50):
            listed = self.api("/open-api/v1/cardholder/list", {"start_time": today, "end_time": today})
            if listed["list"][0]["status"] == "Approved":
                break
            time.sleep(0.2)
        self.api(
            "/open-api/v1/account/transfer",
            {"cardholder_no": holder, "transfer_unique_no": "CONSOLE_IN", "type": "In", "balance": "5.00"},
        )
        card = self.api(
            "/open-api/v1/card/apply",
            {"package_no": package_no, "cardholder_no": holder, "card_unique_no": "CONSOLE_CARD", "card_type": "Virtual"},
        )["card_no"]
        _, reply = call(
            self.base,
            "POST",
            "/simulator/v1/authorize",
            body={"card_no": card, "amount": "42.00", "network_transaction_id": "ntx_console_browser"},
        )
        payment = json.loads(reply)
        check(payment.get("approved") is False, f"the purchase was declined ({payment.get('decline_reason')})")
        return payment["consume_no"], payment["decline_reason"]


class Receiver(http.server.BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        Receiver.received.append(json.loads(body).get("id"))
        answer = b'{"code":0}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *arguments):
        pass


def wait_for(condition, seconds=15.0):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


# --- The browser -----------------------------------------------------------------------------------


def make_driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,1000"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


class Console:
    def __init__(self, driver, base, secrets):
        self.driver, self.base, self.secrets, self.pages = driver, base, secrets, 0

    def open(self, path):
        self.driver.get(self.base + path)
        self.scan()

    def scan(self):
        """No secret and no card number on the page the browser shows now."""
        source = self.driver.page_source
        self.pages += 1
        for secret in self.secrets:
            if secret in source:
                raise Failure(f"a secret appeared on {self.driver.current_url}")
        match = PAN_SHAPED.search(source)
        if match:
            raise Failure(f"a PAN-shaped number on {self.driver.current_url}: …{match.group()[-4:]}")

    def find(self, selector):
        """The element, waiting up to 15 s for it to appear (a page may still be loading)."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.driver, 15).until(
            expected_conditions.presence_of_element_located((By.CSS_SELECTOR, selector))
        )

    def all(self, selector):
        from selenium.webdriver.common.by import By

        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def click(self, selector):
        """Clicks a button that submits a form, then gives the page it leads to (a POST, a 303, the
        GET) time to replace the old one and load; what follows finds its elements by waiting."""
        from selenium.common.exceptions import (
            StaleElementReferenceException,
            TimeoutException,
            WebDriverException,
        )
        from selenium.webdriver.support.ui import WebDriverWait

        old = self.find("html")

        def replaced(_driver):
            try:
                old.is_enabled()
                return False
            except StaleElementReferenceException:
                return True
            except WebDriverException as error:
                # Chromium asked about a node while its document is being replaced.
                if "does not belong to the document" in str(error):
                    return True
                raise

        self.find(selector).click()
        try:
            WebDriverWait(self.driver, 5).until(replaced)
        except TimeoutException:
            pass  # the next find waits for what it needs
        WebDriverWait(self.driver, 15).until(
            lambda driver: driver.execute_script("return document.readyState") == "complete"
        )
        self.scan()

    def sign_in(self, name, password):
        self.open("/console/login")
        self.find("#name").send_keys(name)
        self.find("#password").send_keys(password)
        self.click("#sign-in-button")

    def cookie(self):
        return next(c["value"] for c in self.driver.get_cookies() if c["name"] == "cardplane_console")

    def post(self, path, form):
        """A POST outside the page's own forms, with this browser's session cookie."""
        request = urllib.request.Request(
            self.base + path,
            method="POST",
            data=urllib.parse.urlencode(form).encode(),
            headers={"Cookie": f"cardplane_console={self.cookie()}", "Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def run(arguments):
    merchant = Merchant(arguments.api, arguments.api_key)
    consume_no, reason = merchant.declined_payment(arguments.package_no)
    check(wait_for(lambda: len(Receiver.received) >= 2), "the merchant received the card's and the payment's callbacks")
    driver = make_driver()
    artifacts = arguments.artifacts
    artifacts.mkdir(parents=True, exist_ok=True)
    try:
        console = Console(driver, arguments.console, [arguments.api_key, arguments.api_secret])
        console.sign_in("ops-admin", "not the password")
        check("Wrong name or password." in console.find("#problem").text, "a wrong password is refused")
        console.sign_in("ops-admin", arguments.admin_password)
        check("ops-admin · admin" in console.find("#who").text, "the admin signed in")
        check(len(console.all("svg")) >= 4, "the overview draws its charts")
        driver.save_screenshot(str(artifacts / f"console-overview-{arguments.engine}.png"))

        console.open(f"/console/payments?merchant={arguments.merchant_no}&status=Fail")
        console.click(f'a[href="/console/payments/{consume_no}"]')
        check(console.find("#decline-reason").text == reason, f"the declined payment's page gives its reason, {reason}")
        driver.save_screenshot(str(artifacts / f"console-payment-{arguments.engine}.png"))

        console.open(f"/console/callbacks?merchant={arguments.merchant_no}")
        before = len(Receiver.received)
        replayed = console.all("button.replay")[0].get_attribute("id").removeprefix("replay-")
        console.click(f"#replay-{replayed}")
        check(wait_for(lambda: Receiver.received[before:].count(replayed) == 1), "a replayed callback reaches the merchant again")

        status = console.post(f"/console/merchants/{arguments.merchant_no}/status", {"status": "disabled"})
        check(status == 403, "a POST without the form's CSRF token is refused")

        console.open(f"/console/merchants/{arguments.merchant_no}")
        console.click("button.revoke")
        check("Key revoked" in console.find("#notice").text, "the admin revoked the merchant's key")
        check(merchant.token_code()[0] == 1010, "the merchant's next API call answers 1010")
        console.click("#sign-out")

        console.sign_in("ops-viewer", arguments.viewer_password)
        console.open(f"/console/merchants/{arguments.merchant_no}")
        check(not console.all("button.revoke") and not console.all("#disable"), "a viewer sees no action")
        csrf = console.find('input[name="csrf"]').get_attribute("value")
        status = console.post(f"/console/merchants/{arguments.merchant_no}/status", {"csrf": csrf, "status": "disabled"})
        check(status == 403, "a viewer's POST is refused")
        check(console.pages >= 10, f"no secret on any of the {console.pages} pages rendered")
    finally:
        driver.quit()


def main():
    parser = argparse.ArgumentParser(description="Browser test of the operator console.")
    for name in ("api", "console", "api-key", "api-secret", "merchant-no", "package-no", "engine"):
        parser.add_argument(f"--{name}", required=True)
    parser.add_argument("--admin-password", required=True)
    parser.add_argument("--viewer-password", required=True)
    parser.add_argument("--receiver-port", type=int, required=True)
    parser.add_argument("--artifacts", type=Path, default=REPO / "artifacts")
    arguments = parser.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", arguments.receiver_port), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        run(arguments)
    except Failure as failure:
        print(f"not ok - {failure}")
        raise SystemExit(1)
    finally:
        server.shutdown()
    print(f"console test ({arguments.engine}): every check held")


if __name__ == "__main__":
    main()
