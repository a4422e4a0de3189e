#!/usr/bin/env python3
"""A merchant's check of Cardplane callback signatures, written from the spec alone (§7.1, §13).

Usage: verify_callback.py <apiSecret> <merchant_no>  < callbacks.json

stdin holds a JSON array of {"headers": {name: value}, "body": "<raw body text>"}. For each, the
`data` must hold exactly the fields §7 lists for the action (`merchant_info` when known), and a
`Consumption` or `Card_update` an `Event-Version` header. The
signature is recomputed with hmac + hashlib: HMAC-SHA256 (key = apiSecret UTF-8) over
appId=<merchant_no>, timestamp=<Timestamp header> and every non-null field of `data`, sorted by
key, joined as key=value with '&'; strings as-is, other values as compact JSON with sorted keys and
numbers exactly as written. Prints "ok <count>", or exits 1 naming the first mismatch.
For tests only: the secret comes from argv.
"""
import hashlib
import hmac
import json
import sys
from decimal import Decimal


def string(text):
    """A JSON string as the spec's §13 JSON writes it: quote, backslash, \\n, \\r, \\t escaped; other
    control characters as \\u00xx; everything else as itself."""
    escapes = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
    out = []
    for char in text:
        if char in escapes:
            out.append(escapes[char])
        elif ord(char) < 0x20:
            out.append("\\u%04x" % ord(char))
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def canonical(value):
    """Compact JSON with sorted keys; decimals keep their text (100.00 stays 100.00)."""
    if isinstance(value, dict):
        return "{" + ",".join(string(k) + ":" + canonical(value[k]) for k in sorted(value)) + "}"
    if isinstance(value, list):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, Decimal)):
        return str(value)
    return string(value)


def signing_string(app_id, timestamp, data):
    fields = {k: v for k, v in data.items() if v is not None}
    fields["appId"] = app_id
    fields["timestamp"] = timestamp
    parts = []
    for key in sorted(fields):
        value = fields[key]
        parts.append(f"{key}={value if isinstance(value, str) else canonical(value)}")
    return "&".join(parts)


# The `data` fields of each action, as the spec's §7.2–7.4 list them; `merchant_info` only when the
# network named the merchant, nothing else (the object's version travels in `Event-Version`).
FIELDS = {
    "Consumption": {
        "consume_no", "consume_relate_no", "card_no", "cardholder_no", "type", "amount", "local_amount",
        "local_currency", "fee", "remark", "detail", "fee_detail", "merchant_info", "status", "time",
    },
    "Auth": {
        "consume_no", "card_no", "cardholder_no", "type", "amount", "local_amount", "local_currency",
        "merchant_info", "status", "time",
    },
    "Card_update": {"card_no", "before_status", "after_status", "reason", "time"},
}
OPTIONAL = {"merchant_info"}
VERSIONED = {"Consumption", "Card_update"}


def field_problem(body, headers):
    """Why the callback's `data` or headers are not the spec's, or None."""
    fields = FIELDS.get(body["action"])
    if fields is None:
        return f"unknown action {body['action']!r}"
    keys = set(body["data"])
    if not fields - OPTIONAL <= keys <= fields:
        return f"data fields {sorted(keys)} are not §7's {sorted(fields)}"
    version = headers.get("event-version")
    if body["action"] in VERSIONED and not (version or "").isdigit():
        return f"no Event-Version header: {version!r}"
    return None


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    secret, app_id = sys.argv[1].encode(), sys.argv[2]
    callbacks = json.load(sys.stdin)
    for index, callback in enumerate(callbacks):
        headers = {k.lower(): v for k, v in callback["headers"].items()}
        body = json.loads(callback["body"], parse_float=Decimal)
        if set(body) != {"id", "action", "data"} or headers.get("sign-version") != "V1":
            print(f"callback {index}: not a V1 callback envelope", file=sys.stderr)
            return 1
        problem = field_problem(body, headers)
        if problem:
            print(f"callback {index} ({body['id']}): {problem}", file=sys.stderr)
            return 1
        message = signing_string(app_id, headers["timestamp"], body["data"])
        expected = hmac.new(secret, message.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, headers.get("signature", "")):
            print(f"callback {index} ({body['id']}): signature mismatch over {message!r}", file=sys.stderr)
            return 1
    print(f"ok {len(callbacks)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
