#!/usr/bin/env python3
"""Save-to-reload latency of `kiosque serve`, measured from outside.

Starts `kiosque serve` on a site, listens to its live-reload event stream
like a browser tab does, then edits the title of EDITS issues spread over
the archive, one at a time, and restores each one. Every other chosen issue
is given a TOML front matter (`+++` block with its summary) before serve
starts, so half the edits change the title line below a front matter; the
figures are given for all saves and for each half. For every save it
records the time from just before the file is written to the arrival of
the reload event: the watcher, the debounce, the rebuild and the event
itself, all counted. Prints the median, the 90th percentile and the worst,
and serve's own per-stage timings of the median rebuild.

    bench/serve_latency.py SITE [--kiosque target/release/kiosque] [--edits 20] [--pause 0.3]

SITE is left as it was found (each edit is undone, each front matter added
is taken out).
"""

import argparse
import http.client
import os
import re
import queue
import statistics
import subprocess
import sys
import threading
import time


def start_serve(kiosque, site):
    process = subprocess.Popen(
        [kiosque, "serve", "--root", site, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    for line in process.stdout:
        print("  serve:", line.rstrip(), file=sys.stderr)
        match = re.search(r"at http://([^/:]+):(\d+)/", line)
        if match:
            return process, match.group(1), int(match.group(2))
    raise SystemExit("kiosque serve stopped before serving")


class Events:
    """The `status` events of serve's stream, read as they come."""

    def __init__(self, host, port):
        self.connection = http.client.HTTPConnection(host, port)
        self.connection.request("GET", "/__kiosque/events")
        response = self.connection.getresponse()
        self.queue = queue.Queue()

        def read():
            data = []
            for line in iter(response.readline, b""):
                line = line.strip()
                if line.startswith(b"data:"):
                    data.append(line[5:].strip())
                elif not line and data:
                    self.queue.put(b"".join(data).decode())
                    data = []

        threading.Thread(target=read, daemon=True).start()

    def next(self, timeout):
        """The data of the next event, or None after `timeout` seconds."""
        try:
            return self.queue.get(timeout=timeout)
        except queue.Empty:
            return None


FRONT_MATTER = '+++\nsummary = "Un numéro mesuré par serve_latency.py"\n+++\n'


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def edit_title(path, suffix):
    """Adds `suffix` to the title: the first line, or the first line below
    the front matter when the file has one. Returns the text before."""
    text = read(path)
    head = ""
    for fence in ("+++", "---"):
        if text.startswith(fence + "\n"):
            end = text.index("\n" + fence + "\n", len(fence)) + len(fence) + 2
            head, text = text[:end], text[end:]
            break
    first, rest = text.split("\n", 1)
    write(path, head + first + suffix + "\n" + rest)
    return head + text


def report(name, latencies):
    latencies = sorted(latencies)
    median = statistics.median(latencies)
    p90 = latencies[int(0.9 * (len(latencies) - 1))]
    print(
        f"{name}: {len(latencies)} saves, save -> reload event: median {median:.0f} ms, "
        f"p90 {p90:.0f} ms, worst {latencies[-1]:.0f} ms"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("site")
    parser.add_argument("--kiosque", default="target/release/kiosque")
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument(
        "--pause",
        type=float,
        default=0.3,
        help="seconds between a reload and the next save (serve writes the data files after 0.5 s without edits)",
    )
    args = parser.parse_args()

    issues_dir = os.path.join(args.site, "content", "issues")
    files = sorted(
        os.path.join(issues_dir, name)
        for name in os.listdir(issues_dir)
        if name.endswith(".txt")
    )
    if not files:
        raise SystemExit(f"no .txt issue in {issues_dir}")
    step = max(1, len(files) // args.edits)
    chosen = files[::step][: args.edits]
    fronted = [p for p in chosen[1::2] if not read(p).startswith(("+++\n", "---\n"))]
    plain_texts = {path: read(path) for path in fronted}
    for path in fronted:
        write(path, FRONT_MATTER + plain_texts[path])

    started = time.monotonic()
    process, host, port = start_serve(args.kiosque, args.site)
    print(f"  serve ready in {time.monotonic() - started:.1f} s", file=sys.stderr)
    rebuilds = []
    try:
        events = Events(host, port)
        if events.next(10) is None:
            raise SystemExit("no first status event")
        latencies = []
        kinds = []
        for n, path in enumerate(chosen):
            for restore in (False, True):
                time.sleep(args.pause)
                t0 = time.monotonic()
                if restore:
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(original)
                else:
                    original = edit_title(path, f" (édition {n})")
                data = events.next(10)
                if data is None:
                    raise SystemExit(f"no reload event within 10 s after editing {path}")
                latencies.append((time.monotonic() - t0) * 1000)
                kinds.append(path in plain_texts)
                if '"error":null' not in data:
                    raise SystemExit(f"serve reported an error: {data}")
    finally:
        process.terminate()
        rest, _ = process.communicate(timeout=30)
        rebuilds = [l for l in rest.splitlines() if l.startswith("rebuilt in")]
        for path, text in plain_texts.items():
            write(path, text)

    print("in order (ms):", " ".join(f"{l:.0f}" for l in latencies), file=sys.stderr)
    print(f"{len(files)} issues, {len(latencies)} saves (each edit and its undo)")
    report("all", latencies)
    report("title on the first line", [l for l, fm in zip(latencies, kinds) if not fm])
    report("title below a front matter", [l for l, fm in zip(latencies, kinds) if fm])
    if rebuilds:
        figures = [re.search(r"rebuilt in (\d+) ms, reload sent (\d+) ms", l) for l in rebuilds]
        rebuild = statistics.median(int(m.group(1)) for m in figures if m)
        sent = statistics.median(int(m.group(2)) for m in figures if m)
        print(f"serve's own figures, medians: rebuild {rebuild:.0f} ms, reload sent {sent:.0f} ms after the change")
        by_total = sorted(rebuilds, key=lambda l: int(l.split()[2].rstrip(",")))
        print("serve's median rebuild:", by_total[len(by_total) // 2])


if __name__ == "__main__":
    main()
