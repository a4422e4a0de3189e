#!/usr/bin/env python3
"""The ISO 8583 front door (issue #17) driven by an independent peer: pyiso8583 (PyPI) builds and
reads every message with its `default_ascii` spec; this script frames them (2-byte big-endian
length) over TCP to `cardplane serve --iso8583-port`.

Run by Tests/ISO8583/run.sh, which starts the server and gives a merchant; two funded cards are
(made here through the merchant API, the PANs read from its private info). Checks: sign-on and echo; a purchase
approved with an approval code; declines 51 (insufficient funds), 61 (over the single limit), 13
(zero amount), 14 (unknown card), 62 (frozen card), and in authorization mode 05 (the merchant
declines) and 91 (the merchant does not answer in time); a repeated message answered with the first
answer and moving nothing; a malformed message answered 30; garbage closing only its connection;
a fuzz run of random and mutated frames; a slow sender; idle connections closed unless they echo;
many connections with interleaved messages; balances read back through the Open API.
"""

import argparse
import base64
import http.server
import json
import random
import socket
import struct
import threading
import time
import urllib.request
from decimal import Decimal

import iso8583
from iso8583.specs import default_ascii as spec


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)
    print(f"ok - {message}")


class Connection:
    def __init__(self, port):
        self.socket = socket.create_connection(("127.0.0.1", port), timeout=15)

    def send(self, fields):
        raw, _ = iso8583.encode(dict(fields), spec)
        self.send_raw(bytes(raw))

    def send_raw(self, raw):
        self.socket.sendall(struct.pack(">H", len(raw)) + raw)

    def receive(self):
        header = self.read(2)
        if header is None:
            return None
        (length,) = struct.unpack(">H", header)
        decoded, _ = iso8583.decode(self.read(length), spec)
        return decoded

    def read(self, count):
        data = b""
        while len(data) < count:
            chunk = self.socket.recv(count - len(data))
            if not chunk:
                return None
            data += chunk
        return data

    def exchange(self, fields):
        self.send(fields)
        return self.receive()

    def close(self):
        self.socket.close()


STAN = iter(range(100000, 999999))
FUZZ_ROUNDS = 400
IDLE_SECONDS = 2  # run.sh starts the server with --iso8583-idle-seconds 2


def authorization(pan, amount_minor, processing="000000", currency="840"):
    stan = str(next(STAN))
    now = time.gmtime()
    return {
        "t": "0100",
        "2": pan,
        "3": processing,
        "4": str(amount_minor).zfill(12),
        "7": time.strftime("%m%d%H%M%S", now),
        "11": stan,
        "12": time.strftime("%H%M%S", now),
        "13": time.strftime("%m%d", now),
        "18": "5411",
        "22": "051",
        "32": "123456",
        "37": ("RRN" + stan).ljust(12, "0"),
        "41": "TERM0001",
        "42": "ACCEPTOR0000001",
        "43": "Corner Grocery".ljust(25) + "San Francisco".ljust(13) + "US",
        "49": currency,
    }


def stand_in(pan, amount_minor):
    """A stand-in advice (0120): the network approved this spend in the issuer's stead."""
    return dict(authorization(pan, amount_minor), t="0120")


def follow_up(mti, original, amount_minor, processing="000000", kept_minor=None):
    """A completion or refund advice (0220) or a reversal (0400) of `original`, named in DE 90."""
    stan = str(next(STAN))
    fields = {
        "t": mti,
        "3": processing,
        "4": str(amount_minor).zfill(12),
        "7": time.strftime("%m%d%H%M%S", time.gmtime()),
        "11": stan,
        "32": original["32"],
        "37": original["37"],
        "49": original["49"],
        "90": "0100" + original["11"] + original["7"] + original["32"].zfill(11) + "0" * 11,
    }
    if kept_minor is not None:
        fields["95"] = str(kept_minor).zfill(12) + "0" * 30
    return fields


def network(code):
    return {"t": "0800", "7": time.strftime("%m%d%H%M%S", time.gmtime()), "11": str(next(STAN)), "70": code}


class Merchant:
    def __init__(self, base, api_key):
        self.base, self.api_key = base, api_key

    def call(self, method, path, body=None):
        token_request = urllib.request.Request(
            self.base + "/open-api/v1/merchant/token",
            headers={"Api-Key": self.api_key, "Timestamp": str(int(time.time() * 1000))},
        )
        token = json.load(urllib.request.urlopen(token_request, timeout=10))["data"]["access_token"]
        request = urllib.request.Request(
            self.base + path,
            method=method,
            headers={
                "Api-Key": self.api_key,
                "Access-Token": token,
                "Timestamp": str(int(time.time() * 1000)),
                "Content-Type": "application/json",
            },
            data=json.dumps(body).encode() if body is not None else None,
        )
        envelope = json.load(urllib.request.urlopen(request, timeout=10))
        if envelope["code"] != 0:
            raise Failure(f"{path}: {envelope}")
        return envelope["data"]

    def balance(self, cardholder_no):
        """(available, held) of the cardholder's account, as the Open API answers them."""
        account = self.call("GET", f"/open-api/v1/account/{cardholder_no}/info")["list"][0]
        return Decimal(str(account["balance"])), Decimal(str(account.get("pending_balance", "0")))


def approved_cardholder(merchant, unique):
    holder = merchant.call(
        "POST",
        "/open-api/v1/cardholder/apply",
        {"cardholder_unique_no": f"ISO_{unique}", "sumsub_share_token": "sim_approved_alice"},
    )["cardholder_no"]
    for _ in range(50):
        if merchant.call("GET", f"/open-api/v1/cardholder/{holder}/info")["status"] == "Approved":
            break
        time.sleep(0.2)
    return holder


def card_pan(merchant, card, api_secret):
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    sealed = merchant.call("GET", f"/open-api/v1/card/{card}/private/info")
    decryptor = Cipher(algorithms.AES(api_secret.encode()), modes.ECB()).decryptor()
    unpadder = padding.PKCS7(128).unpadder()
    plain = decryptor.update(base64.b64decode(sealed)) + decryptor.finalize()
    return str(json.loads(unpadder.update(plain) + unpadder.finalize())["pan"])


def funded_card(merchant, package_no, api_secret, unique):
    """A cardholder with USD 100.00 and a virtual card; returns (PAN, cardholder_no, card_no)."""
    holder = approved_cardholder(merchant, unique)
    merchant.call(
        "POST",
        "/open-api/v1/account/transfer",
        {"cardholder_no": holder, "transfer_unique_no": f"ISO_IN_{unique}", "type": "In", "balance": "100.00"},
    )
    card = merchant.call(
        "POST",
        "/open-api/v1/card/apply",
        {"package_no": package_no, "cardholder_no": holder, "card_unique_no": f"ISO_{unique}", "card_type": "Virtual"},
    )["card_no"]
    return card_pan(merchant, card, api_secret), holder, card


def bin_card(merchant, bin_no, api_secret):
    """An authorization-mode merchant's virtual card from its BIN; returns its PAN."""
    holder = approved_cardholder(merchant, "AUTH")
    card = merchant.call(
        "POST",
        "/open-api/v1/card/apply",
        {"card_bin_no": bin_no, "cardholder_no": holder, "card_unique_no": "ISO_AUTH", "card_type": "Virtual"},
    )["card_no"]
    return card_pan(merchant, card, api_secret)


class AuthReceiver(http.server.BaseHTTPRequestHandler):
    """The authorization-mode merchant: declines 7.77, answers 9.99 after the 800 ms budget, approves the rest."""

    asked = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        amount = Decimal(str(body.get("data", {}).get("amount", "0")))
        if body.get("action") == "Auth":
            AuthReceiver.asked.append(amount)
        if body.get("action") == "Auth" and amount == Decimal("9.99"):
            time.sleep(2)
        code = 1 if body.get("action") == "Auth" and amount == Decimal("7.77") else 0
        answer = json.dumps({"code": code, "message": "ok" if code == 0 else "declined"}).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *arguments):
        pass


def authorization_mode(port, pan):
    connection = Connection(port)
    for name, amount, code in [
        ("the merchant approves", 1_00, "00"),
        ("the merchant declines", 7_77, "05"),
        ("the merchant does not answer within 800 ms", 9_99, "91"),
    ]:
        answer = connection.exchange(authorization(pan, amount))
        check(answer["39"] == code, f"authorization mode, {name}: {code}")
    asked = len(AuthReceiver.asked)
    answer = connection.exchange(stand_in(pan, 7_77))
    check(answer["t"] == "0130" and answer["39"] == "00", f"a stand-in advice (0120) is acknowledged: {answer}")
    check(len(AuthReceiver.asked) == asked, "and the merchant is not asked about what the network approved")
    connection.close()


def scenario(port, merchant, cards):
    (pan, holder, _), (frozen_pan, _, frozen_card) = cards
    merchant.call("POST", "/open-api/v1/card/status/update", {"card_no": frozen_card, "status": "Frozen"})
    connection = Connection(port)
    check(connection.exchange(network("001"))["39"] == "00", "sign-on (0800/001) answers 0810 with 00")
    echo = connection.exchange(network("301"))
    check(echo["t"] == "0810" and echo["39"] == "00" and echo["70"] == "301", "echo (0800/301)")

    before = merchant.balance(holder)
    purchase = authorization(pan, 1250)
    approved = connection.exchange(purchase)
    check(approved["t"] == "0110" and approved["39"] == "00" and len(approved.get("38", "")) == 6,
          f"a purchase of USD 12.50 is approved with an approval code ({approved})")
    check(approved["11"] == purchase["11"] and approved["37"] == purchase["37"], "the answer carries STAN and RRN")
    check("2" not in approved, "and not the PAN")
    held = merchant.balance(holder)
    check(held[0] <= before[0] - Decimal("12.50") and held[1] >= before[1] + Decimal("12.50"),
          f"the Open API shows the purchase held: {before} -> {held}")
    again = connection.exchange(purchase)
    check(again["39"] == "00" and again["38"] == approved["38"], "the repeated message answers the first answer")
    check(merchant.balance(holder) == held, "and moves nothing")

    lifecycle(connection, merchant, holder, pan)
    stand_in_advices(connection, merchant, holder, pan)

    for name, fields, code in [
        ("insufficient funds", authorization(pan, 500_00), "51"),
        ("over the single limit (demo package: 10,000.00)", authorization(pan, 10_000_01), "61"),
        ("zero amount", authorization(pan, 0), "13"),
        ("unknown card", authorization("4000000000000002", 100), "14"),
        ("frozen card", authorization(frozen_pan, 100), "62"),
        ("an unknown processing code", authorization(pan, 100, processing="990000"), "30"),
    ]:
        answer = connection.exchange(fields)
        check(answer["t"] == "0110" and answer["39"] == code, f"{name}: {code}")

    malformed = b"0100" + b"7" * 16 + b"garbage"
    connection.send_raw(malformed)
    answer = connection.receive()
    check(answer is not None and answer["t"] == "0110" and answer["39"] == "30", "a malformed 0100 answers 30")
    connection.close()

    garbage = Connection(port)
    garbage.send_raw(b"\x00\x01\x02garbage that is no message")
    check(garbage.receive() is None, "garbage closes its own connection")
    garbage.close()

    fuzz(port, pan, FUZZ_ROUNDS)
    slow_and_idle(port, IDLE_SECONDS)
    before = merchant.balance(holder)
    interleaved(port, pan)
    after = merchant.balance(holder)
    check(after[1] - before[1] >= Decimal("0.40") and after[0] + after[1] <= before[0] + before[1],
          f"the 40 purchases are held: {before} -> {after}")


def lifecycle(connection, merchant, holder, pan):
    """A purchase reversed in part, completed for less, then refunded in part; each repeat moves nothing."""
    purchase = authorization(pan, 20_00)
    check(connection.exchange(purchase)["39"] == "00", "a purchase of USD 20.00 is approved")
    before = merchant.balance(holder)
    reversal = follow_up("0400", purchase, 20_00, kept_minor=15_00)
    answer = connection.exchange(reversal)
    check(answer["t"] == "0410" and answer["39"] == "00", "a partial reversal (0400, DE 95 keeps 15.00) is done")
    reversed_part = merchant.balance(holder)
    check(reversed_part[1] == before[1] - Decimal("5.00"), f"the hold shrinks by 5.00: {before} -> {reversed_part}")
    check(connection.exchange(reversal)["39"] == "00" and merchant.balance(holder) == reversed_part,
          "the repeated reversal answers again and moves nothing")
    completion = follow_up("0220", purchase, 12_00)
    answer = connection.exchange(completion)
    check(answer["t"] == "0230" and answer["39"] == "00", "a partial completion (0220) of 12.00 is done")
    cleared = merchant.balance(holder)
    check(cleared[1] < reversed_part[1] and cleared[0] > reversed_part[0] - Decimal("0.01"),
          f"the hold is gone, 12.00 and its fees posted, the rest released: {reversed_part} -> {cleared}")
    check(connection.exchange(completion)["39"] == "00" and merchant.balance(holder) == cleared,
          "the repeated completion moves nothing")
    for original, repeat_type, answer_type in [(completion, "0221", "0230"), (reversal, "0401", "0410"),
                                               (purchase, "0101", "0110")]:
        answer = connection.exchange(dict(original, t=repeat_type))
        check(answer["t"] == answer_type and answer["39"] == "00" and merchant.balance(holder) == cleared,
              f"a repeat ({repeat_type}) is answered as its original ({answer_type}) and moves nothing: {answer}")
    refund = connection.exchange(follow_up("0220", purchase, 4_00, processing="200000"))
    check(refund["39"] == "00", "a refund advice (0220, processing 20) of 4.00 is done")
    refunded = merchant.balance(holder)
    check(refunded[0] > cleared[0], f"the refund is credited: {cleared} -> {refunded}")
    unknown = dict(purchase, **{"7": "0101000000", "11": "999999"})
    check(connection.exchange(follow_up("0220", unknown, 1_00))["39"] == "25", "a completion of no authorization: 25")


def stand_in_advices(connection, merchant, holder, pan):
    """A stand-in advice holds its amount; repeated, nothing more; beyond the funds, nothing at all."""
    before = merchant.balance(holder)
    advice = stand_in(pan, 3_00)
    answer = connection.exchange(advice)
    check(answer["t"] == "0130" and answer["39"] == "00", f"a stand-in advice of 3.00 is acknowledged: {answer}")
    held = merchant.balance(holder)
    check(held[1] >= before[1] + Decimal("3.00") and held[0] <= before[0] - Decimal("3.00"),
          f"and its amount is held: {before} -> {held}")
    check(connection.exchange(advice)["39"] == "00" and merchant.balance(holder) == held,
          "the repeated advice is acknowledged again and moves nothing")
    answer = connection.exchange(stand_in(pan, 900_00))
    check(answer["t"] == "0130" and answer["39"] == "00", "a stand-in beyond the funds is acknowledged")
    check(merchant.balance(holder) == held, "but holds nothing: no balance goes below zero")


def fuzz(port, pan, rounds):
    """Random and mutated frames, each on its own connection: every one is answered (a response type
    with some DE 39) or its connection closed, never a hang; the listener keeps answering others."""
    rng = random.Random(20261203)
    valid, _ = iso8583.encode(authorization(pan, 100), spec)
    valid = bytes(valid)
    outcomes = {"answered": 0, "closed": 0}
    for index in range(rounds):
        if index % 2 == 0:
            body = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300)))
        else:
            body = bytearray(valid)
            for _ in range(rng.randrange(1, 6)):
                choice = rng.randrange(4)
                if choice == 0 and body:
                    body[rng.randrange(len(body))] = rng.randrange(256)
                elif choice == 1 and body:
                    del body[rng.randrange(len(body)):]
                elif choice == 2:
                    body += bytes(rng.randrange(48, 58) for _ in range(rng.randrange(1, 20)))
                else:
                    position = rng.randrange(4, 20)
                    body[position:position + 1] = b"F"
            body = bytes(body) or b"0"
        length = len(body) if rng.random() < 0.9 else rng.choice([0, 1, 9000, 65535])
        connection = Connection(port)
        connection.socket.settimeout(15)
        try:
            connection.socket.sendall(struct.pack(">H", length) + body)
            if length > len(body):
                connection.socket.shutdown(socket.SHUT_WR)
            header = connection.read(2)
            outcomes["answered" if header else "closed"] += 1
        except (ConnectionResetError, BrokenPipeError):
            outcomes["closed"] += 1
        except socket.timeout:
            raise Failure(f"frame {index} (length {length}) got neither an answer nor a close")
        finally:
            connection.close()
    alive = Connection(port)
    check(alive.exchange(network("301"))["39"] == "00",
          f"{rounds} random and mutated frames ({outcomes}); the listener still answers")
    alive.close()


def slow_and_idle(port, idle_seconds):
    """A frame sent a byte at a time is answered; a silent connection is closed after the idle
    timeout, and one that echoes stays open."""
    raw, _ = iso8583.encode(network("301"), spec)
    frame = struct.pack(">H", len(raw)) + bytes(raw)
    slow = Connection(port)
    for byte in frame:
        slow.socket.sendall(bytes([byte]))
        time.sleep(0.01)
    check(slow.receive()["39"] == "00", "a frame sent one byte at a time is answered")
    silent, talking = Connection(port), Connection(port)
    deadline = time.time() + idle_seconds * 2.5
    while time.time() < deadline:
        talking.exchange(network("301"))
        time.sleep(idle_seconds / 3)
    check(silent.read(1) is None, f"a connection silent for {idle_seconds} s is closed")
    check(talking.exchange(network("301"))["39"] == "00", "a connection that echoes stays open")
    for connection in (slow, silent, talking):
        connection.close()


def interleaved(port, pan):
    """Eight connections, each with five purchases in flight at once; every answer matched by STAN."""
    failures = []

    def client():
        try:
            connection = Connection(port)
            sent = {}
            for _ in range(5):
                fields = authorization(pan, random.randint(1, 50))
                sent[fields["11"]] = fields["37"]
                connection.send(fields)
            for _ in range(5):
                answer = connection.receive()
                if answer is None or sent.pop(answer["11"], None) != answer["37"] or answer["39"] != "00":
                    failures.append(answer)
            connection.close()
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(repr(error))

    threads = [threading.Thread(target=client) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check(not failures, f"40 purchases in flight on 8 connections, each answer matched by STAN ({failures[:2]})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--api", required=True)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--api-secret", required=True)
    parser.add_argument("--package-no", required=True)
    parser.add_argument("--auth-api-key", required=True)
    parser.add_argument("--auth-api-secret", required=True)
    parser.add_argument("--bin-no", required=True)
    parser.add_argument("--receiver-port", type=int, required=True)
    parser.add_argument("--pans-file", required=True, help="where to write the card numbers used, one a line")
    arguments = parser.parse_args()
    merchant = Merchant(arguments.api, arguments.api_key)
    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", arguments.receiver_port), AuthReceiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    try:
        cards = [funded_card(merchant, arguments.package_no, arguments.api_secret, name) for name in ("A", "B")]
        authorizing = Merchant(arguments.api, arguments.auth_api_key)
        authorizing_pan = bin_card(authorizing, arguments.bin_no, arguments.auth_api_secret)
        with open(arguments.pans_file, "w") as pans:
            pans.write("".join(f"{pan}\n" for pan in [cards[0][0], cards[1][0], authorizing_pan]))
        authorization_mode(arguments.port, authorizing_pan)
        scenario(arguments.port, merchant, cards)
    except Failure as failure:
        print(f"not ok - {failure}")
        raise SystemExit(1)
    print("iso8583 test: every check held")


if __name__ == "__main__":
    main()
