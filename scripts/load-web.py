#!/usr/bin/env python3
"""Load test of the web page (`sheetflow serve`), on loopback: N concurrent uploads of a roster
to 上传校验, each timed, all required to come back with a receipt; with --user and --password
(a workspace with accounts) each client logs in first. For 本月情况 under 50 concurrent clients
use wrk (apt-get install wrk), with a logged-in session's cookie when the workspace has accounts:
    wrk -t2 -c50 -d30s --latency -H "$(scripts/load-web.py --user 王科长 --password … --cookie)" 'http://127.0.0.1:8080/month?m=2026-10'
Usage: scripts/load-web.py --base http://127.0.0.1:8080 --roster bench-out/roster-5001.xlsx --uploads 10 [--user U --password P]"""
import argparse
import http.cookiejar
import re
import sys
import threading
import time
import urllib.parse
import urllib.request


def session(base, user, password):
    """A cookie-keeping opener, logged in when a user is given."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    if user:
        page = opener.open(base + "/login", timeout=60).read().decode()
        token = re.search(r'name="form_token" value="([0-9a-f]{32})"', page).group(1)
        data = urllib.parse.urlencode({"name": user, "password": password, "form_token": token}).encode()
        if not opener.open(base + "/login", data=data, timeout=60).geturl().endswith("/month"):
            raise SystemExit("login refused")
    return opener, jar


def upload(base, roster, results, index, user, password):
    opener, _ = session(base, user, password)
    page = opener.open(base + "/check", timeout=60).read().decode()
    token = re.search(r'name="form_token" value="([0-9a-f]{32})"', page).group(1)
    boundary = "----sheetflowLoad%d" % index
    with open(roster, "rb") as handle:
        data = handle.read()
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="form_token"\r\n\r\n{token}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="名单{index}.xlsx"\r\n'
            'Content-Type: application/octet-stream\r\n\r\n').encode() + data + f'\r\n--{boundary}--\r\n'.encode()
    request = urllib.request.Request(base + "/check", data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=300) as response:
            html = response.read().decode()
            ok = response.status == 200 and "回执：" in html
    except Exception as error:  # noqa: BLE001 - every failure counts
        ok, html = False, str(error)
    results[index] = (ok, time.perf_counter() - started)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8080")
    parser.add_argument("--roster")
    parser.add_argument("--uploads", type=int, default=10)
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--cookie", action="store_true", help="log in, print the Cookie header for wrk, and stop")
    args = parser.parse_args()
    if args.cookie:
        _, jar = session(args.base, args.user, args.password)
        print("Cookie: " + "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar))
        return
    if not args.roster:
        parser.error("--roster is needed for uploads")
    results = {}
    started = time.perf_counter()
    threads = [threading.Thread(target=upload, args=(args.base, args.roster, results, index, args.user, args.password)) for index in range(args.uploads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = sorted(seconds for _, seconds in results.values())
    failed = sum(1 for ok, _ in results.values() if not ok)
    print(f"{args.uploads} concurrent uploads of {args.roster}: {failed} failed, all done in {time.perf_counter() - started:.2f} s; "
          f"each {seconds[0]:.2f}–{seconds[-1]:.2f} s (median {seconds[len(seconds) // 2]:.2f} s)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
