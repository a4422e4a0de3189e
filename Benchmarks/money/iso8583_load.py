"""Drives `cardplane serve --iso8583-port` with authorizations (0100) for the money benchmark:
CONNECTIONS connections, each keeping IN_FLIGHT requests outstanding, for SECONDS, each a purchase
of 0.01-1.99 USD on a random PAN of PANS_FILE (one per line). Messages are built and read by
pyiso8583 (the peer of Tests/ISO8583); answers are matched by STAN (DE 11).

    iso8583_load.py PORT PANS_FILE SECONDS CONNECTIONS IN_FLIGHT

Prints one line: `<answers/s> <p50>ms <p99>ms <refused> <answers>` (refused: DE 39 other than 00).
"""
import asyncio
import itertools
import random
import sys
import time

import iso8583
from iso8583.specs import default_ascii as spec

port, pans_file, seconds, connections, in_flight = (
    int(sys.argv[1]),
    sys.argv[2],
    float(sys.argv[3]),
    int(sys.argv[4]),
    int(sys.argv[5]),
)
with open(pans_file) as lines:
    pans = [line.strip() for line in lines if line.strip()]
stans = itertools.count(1)
latencies = []
refused = 0


def authorization(acquirer):
    stan = str(next(stans) % 1_000_000).zfill(6)
    now = time.gmtime()
    amount = random.randint(1, 199)
    fields = {
        "t": "0100",
        "2": random.choice(pans),
        "3": "000000",
        "4": str(amount).zfill(12),
        "7": time.strftime("%m%d%H%M%S", now),
        "11": stan,
        "12": time.strftime("%H%M%S", now),
        "13": time.strftime("%m%d", now),
        "18": "5411",
        "22": "051",
        "32": acquirer,
        "37": ("B" + stan).ljust(12, "0"),
        "41": "TERM0001",
        "42": "ACCEPTOR0000001",
        "43": "Bench Grocery".ljust(25) + "San Francisco".ljust(13) + "US",
        "49": "840",
    }
    raw, _ = iso8583.encode(fields, spec)
    return stan, len(raw).to_bytes(2, "big") + bytes(raw)


async def connection(index, deadline):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    acquirer = str(100000 + index)  # each connection its own acquirer: keys never collide
    sent = {}

    def send():
        stan, frame = authorization(acquirer)
        sent[stan] = time.perf_counter()
        writer.write(frame)

    async def read():
        global refused
        while sent:
            length = int.from_bytes(await reader.readexactly(2), "big")
            answer, _ = iso8583.decode(bytearray(await reader.readexactly(length)), spec)
            started = sent.pop(answer["11"])
            latencies.append(time.perf_counter() - started)
            if answer.get("39") != "00":
                refused += 1
            if time.perf_counter() < deadline:
                send()

    for _ in range(in_flight):
        send()
    await read()
    writer.close()


async def main():
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    await asyncio.gather(*(connection(index, deadline) for index in range(connections)))
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)

    def quantile(q):
        return f"{ordered[int(q * (len(ordered) - 1))] * 1000:.2f}ms"

    print(f"{len(ordered) / elapsed:.0f} {quantile(0.5)} {quantile(0.99)} {refused} {len(ordered)}")


asyncio.run(main())
