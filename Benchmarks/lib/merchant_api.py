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
