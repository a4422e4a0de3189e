#!/usr/bin/env python3
"""A merchant's side of the merchant API cipher (spec §5), independent of the platform's Swift code.

AES/ECB/PKCS#7 (Java's "AES/ECB/PKCS5Padding"), standard Base64, key = the UTF-8 bytes of the
apiSecret (16, 24 or 32 bytes; the platform issues 32 ASCII characters, so AES-256). Built only on
the `cryptography` package, so the tests compare Swift against OpenSSL through another language.

    python3 merchant_cipher.py encrypt <apiSecret> <plaintext>   # prints the Base64 ciphertext
    python3 merchant_cipher.py decrypt <apiSecret> <base64>      # prints the plaintext

Each prints its result and one newline on standard output and exits 0; on any failure it prints
one line on standard error and exits 1 (2 for bad usage).

TEST TOOL ONLY: the apiSecret and the plaintext are read from argv, where other local users can see
them (ps, /proc). Use it with test secrets, never with a real merchant's.
"""

import base64
import binascii
import os
import sys

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

KEY_SIZES = (16, 24, 32)
BLOCK_BITS = 128


class CipherFailure(Exception):
    """A failure to report on standard error; never carries the secret or the plaintext."""


def argument_bytes(argument):
    """The exact bytes of a command-line argument, whatever the locale decoded them as."""
    return os.fsencode(argument)


def make_cipher(api_secret):
    if len(api_secret) not in KEY_SIZES:
        raise CipherFailure("apiSecret must be 16, 24 or 32 bytes of UTF-8, got %d" % len(api_secret))
    return Cipher(algorithms.AES(api_secret), modes.ECB())


def encrypt(api_secret, plaintext):
    padder = padding.PKCS7(BLOCK_BITS).padder()
    padded = padder.update(plaintext) + padder.finalize()
    encryptor = make_cipher(api_secret).encryptor()
    ciphertext = encryptor.update(padded) + encryptor.finalize()
    return base64.b64encode(ciphertext)


def decrypt(api_secret, text):
    cipher = make_cipher(api_secret)
    try:
        ciphertext = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise CipherFailure("ciphertext is not standard Base64")
    if not ciphertext or len(ciphertext) % (BLOCK_BITS // 8) != 0:
        raise CipherFailure("ciphertext is not a positive multiple of 16 bytes")
    decryptor = cipher.decryptor()
    padded = decryptor.update(ciphertext) + decryptor.finalize()
    unpadder = padding.PKCS7(BLOCK_BITS).unpadder()
    try:
        plaintext = unpadder.update(padded) + unpadder.finalize()
    except ValueError:
        raise CipherFailure("bad padding (wrong apiSecret?)")
    try:
        plaintext.decode("utf-8")
    except UnicodeDecodeError:
        raise CipherFailure("plaintext is not UTF-8")
    return plaintext


def main(argv):
    if len(argv) != 4 or argv[1] not in ("encrypt", "decrypt"):
        sys.stderr.write("usage: merchant_cipher.py encrypt|decrypt <apiSecret> <plaintext|base64>\n")
        return 2
    command, api_secret, value = argv[1], argument_bytes(argv[2]), argument_bytes(argv[3])
    try:
        result = encrypt(api_secret, value) if command == "encrypt" else decrypt(api_secret, value)
    except CipherFailure as failure:
        sys.stderr.write("merchant_cipher.py %s: %s\n" % (command, failure))
        return 1
    sys.stdout.buffer.write(result + b"\n")
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
