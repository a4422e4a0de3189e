"""Prepares a running `cardplane serve` for the list benchmark through the merchant API: an
Access-Token, an approved cardholder with funds and CARDS virtual cards (each card's issuance fee
leaves an `Open_card` consumption record, the template the seeder copies). Prints the token.

    setup.py BASE API_KEY CARDS
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import merchant_api  # noqa: E402

base, api_key, cards = sys.argv[1], sys.argv[2], int(sys.argv[3])


def call(method, path, body=None, token=None):
    return merchant_api.call(base, api_key, method, path, body, token)


token = call("GET", "/open-api/v1/merchant/token")["access_token"]
package_no = next(
    p["package_no"]
    for p in call("POST", "/open-api/v1/card/package/list", {"page": 0, "size": 10}, token)["list"]
    if p["package_type"] == "Virtual"
)
holder = call(
    "POST",
    "/open-api/v1/cardholder/apply",
    {"cardholder_unique_no": "LIST_BENCH", "sumsub_share_token": "sim_approved_lists"},
    token,
)["cardholder_no"]
for _ in range(100):
    today = time.strftime("%Y-%m-%d", time.gmtime())
    listed = call("POST", "/open-api/v1/cardholder/list", {"start_time": today, "end_time": today}, token)
    if listed["list"] and listed["list"][0]["status"] == "Approved":
        break
    time.sleep(0.1)
call(
    "POST",
    "/open-api/v1/account/transfer",
    {"cardholder_no": holder, "transfer_unique_no": "LIST_FUNDS", "type": "In", "balance": str(10 * cards)},
    token,
)
for i in range(cards):
    call(
        "POST",
        "/open-api/v1/card/apply",
        {"package_no": package_no, "cardholder_no": holder, "card_unique_no": f"LIST_{i}", "card_type": "Virtual"},
        token,
    )
print(token)
