"""The merchant Open API as the benchmarks' setup scripts call it: one request, its `data`, or exit."""
import json
import time
import urllib.request


def call(base, key, method, path, body=None, token=None):
    """Sends `method path` to `base` as the merchant with Api-Key `key` (and `token` when given);
    returns the answer's `data`, or exits naming the request when its `code` is not 0."""
    headers = {"Api-Key": key, "Timestamp": str(int(time.time() * 1000)), "Timezone": "UTC"}
    if token:
        headers["Access-Token"] = token
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    with urllib.request.urlopen(request) as response:
        reply = json.load(response)
    if reply["code"] != 0:
        raise SystemExit(f"setup: {method} {path} answered {reply}")
    return reply["data"]


def cardholder_with_cards(base, key, prefix, cards):
    """As the merchant with Api-Key `key`: gets an Access-Token, applies for an approved cardholder
    (`<prefix>_BENCH`), waits for its approval, funds it with 10 TUSDT per card and issues `cards`
    virtual cards from the merchant's virtual package. Returns (token, cardholder_no, card numbers)."""
    token = call(base, key, "GET", "/open-api/v1/merchant/token")["access_token"]
    package_no = next(
        p["package_no"]
        for p in call(base, key, "POST", "/open-api/v1/card/package/list", {"page": 0, "size": 10}, token)["list"]
        if p["package_type"] == "Virtual"
    )
    holder = call(
        base, key, "POST", "/open-api/v1/cardholder/apply",
        {"cardholder_unique_no": f"{prefix}_BENCH", "sumsub_share_token": f"sim_approved_{prefix.lower()}"},
        token,
    )["cardholder_no"]
    for _ in range(100):
        today = time.strftime("%Y-%m-%d", time.gmtime())
        listed = call(base, key, "POST", "/open-api/v1/cardholder/list", {"start_time": today, "end_time": today}, token)
        if listed["list"] and listed["list"][0]["status"] == "Approved":
            break
        time.sleep(0.1)
    call(
        base, key, "POST", "/open-api/v1/account/transfer",
        {"cardholder_no": holder, "transfer_unique_no": f"{prefix}_FUNDS", "type": "In", "balance": str(10 * cards)},
        token,
    )
    numbers = [
        call(
            base, key, "POST", "/open-api/v1/card/apply",
            {"package_no": package_no, "cardholder_no": holder, "card_unique_no": f"{prefix}_{i}",
             "card_type": "Virtual"},
            token,
        )["card_no"]
        for i in range(cards)
    ]
    return token, holder, numbers
