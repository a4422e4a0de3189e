"""Schemathesis hooks for fuzzing a running `cardplane serve` (Tests/Fuzz/run.sh).

Supplies the merchant's headers the way a merchant's client does (a fresh Timestamp on every call,
the Api-Key, an Access-Token fetched once), and adds the checks the document's shape cannot express:
every answer is HTTP 200 with a `code`, so a server error shows as code 1001, not as a 5xx.
"""

import datetime
import json
import os
import re
import time
import urllib.request
import uuid

import schemathesis
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import negative_data_rejection

BASE_URL = os.environ["CARDPLANE_FUZZ_URL"]
API_KEY = os.environ["CARDPLANE_FUZZ_API_KEY"]
TOKEN_PATH = "/open-api/v1/merchant/token"
_access_token = None


def timestamp():
    return str(int(time.time() * 1000))


def access_token():
    """The merchant's Access-Token, fetched once (tokens live for hours)."""
    global _access_token
    if _access_token is None:
        request = urllib.request.Request(
            BASE_URL + TOKEN_PATH, headers={"Api-Key": API_KEY, "Timestamp": timestamp()}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            _access_token = json.load(response)["data"]["access_token"]
    return _access_token


def negative_in(case, location):
    """Whether the case was generated to violate the document in `location`."""
    component = case.meta.components.get(location) if case.meta else None
    return component is not None and component.mode.is_negative


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    """Merchant API calls carry valid credentials, so generated data reaches the handlers; a case
    generated with invalid headers keeps its Timestamp and Idempotency-Key as generated."""
    if not case.path.startswith("/open-api/"):
        return
    headers = dict(case.headers or {})
    headers["Api-Key"] = API_KEY
    if case.path != TOKEN_PATH:
        headers["Access-Token"] = access_token()
    if not negative_in(case, ParameterLocation.HEADER):
        headers["Timestamp"] = timestamp()
        # A generated key would be reused across different requests (1004 by design, spec §13) and
        # stop them before their handlers; a fresh valid key still runs every POST through it.
        if "Idempotency-Key" in headers:
            headers["Idempotency-Key"] = uuid.uuid4().hex
    case.headers = headers


def envelope_code(response):
    """The `code` of an API envelope, or None for anything else (the document, the hosted page)."""
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get("code") if isinstance(body, dict) else None


@schemathesis.check
def not_a_system_error(ctx, response, case):
    """Code 1001 is the API's server error: whatever the input, the server must not fail."""
    if envelope_code(response) == 1001:
        raise AssertionError(f"code 1001 (system error) for {case.method} {case.path}: {response.text[:200]}")
    return None


@schemathesis.check
def invalid_data_is_refused_with_a_code(ctx, response, case):
    """A request that violates the document is refused: a non-zero code. Only a success (code 0)
    is judged, by schemathesis's own negative_data_rejection, which knows when a violation did not
    survive serialisation (and so was no violation on the wire)."""
    if envelope_code(response) != 0:
        return None
    return negative_data_rejection(ctx, response, case)


# The shape of an IANA zone name in the document's Timezone pattern (not the offsets).
ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*|[A-Za-z]+(/[A-Za-z0-9_+-]+)+")
# Address fields of card apply whose rules JSON Schema cannot state: they depend on the card type
# (Physical requires them all, Virtual some), on reference data (supported countries, calling
# codes, each country's postal formats) or count a blank value as missing. The document says so
# in prose (AddressInfo); each refusal still names its field.
ADDRESS_FIELDS = {
    "first_name", "last_name", "phone_code", "phone", "postal_code", "country", "state", "city",
    "address_line1", "address_line2",
}


def refusal_stated_in_prose(case, field):
    """Whether a 1004 naming `field` is one of the document's rules that JSON Schema cannot
    express, checked precisely on the request; any other 1004 for schema-valid data fails."""
    body = case.body if isinstance(case.body, dict) else {}
    if field == "cursor":  # opaque: only a next_cursor this server made is one.
        return isinstance(body.get("cursor"), str)
    if field in ("start_time", "end_time"):  # a real day: the pattern cannot know February.
        value = body.get(field, "")
        for layout in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
            try:
                datetime.datetime.strptime(value, layout)
                return False
            except (TypeError, ValueError):
                continue
        return True
    if field == "Timezone":  # a name must be in the IANA database, which a pattern cannot list.
        value = (case.headers or {}).get("Timezone", "")
        return isinstance(value, str) and ZONE_NAME.fullmatch(value) is not None
    return case.path == "/open-api/v1/card/apply" and field in ADDRESS_FIELDS


@schemathesis.check
def valid_data_is_not_a_parameter_error(ctx, response, case):
    """A request the document allows is never refused as malformed (1004): the document is as
    strict as the server. Business refusals (an unknown card, too little balance) are fine."""
    if case.meta is None or case.meta.generation.mode.is_negative or envelope_code(response) != 1004:
        return None
    field = response.json().get("msg", "").split(":")[0]
    if refusal_stated_in_prose(case, field):
        return None
    raise AssertionError(f"the document allows what the server refuses as invalid: {response.text[:300]}")
