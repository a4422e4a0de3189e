"""Prepares a running `cardplane serve` for the list benchmark through the merchant API: an
Access-Token, an approved cardholder with funds and CARDS virtual cards (each card's issuance fee
leaves an `Open_card` consumption record, the template the seeder copies). Prints the token. With
CARDS 0 it only gets a token (for a database seeded earlier).

    setup.py BASE API_KEY CARDS
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import merchant_api  # noqa: E402

base, api_key, cards = sys.argv[1], sys.argv[2], int(sys.argv[3])


if cards == 0:
    print(merchant_api.call(base, api_key, "GET", "/open-api/v1/merchant/token")["access_token"])
else:
    token, _, _ = merchant_api.cardholder_with_cards(base, api_key, "LIST", cards)
    print(token)
