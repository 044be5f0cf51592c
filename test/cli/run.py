#!/usr/bin/env python3
"""Runs the CLI suite (test/cli/test_*.py) against the connect-local binary.

For each storage mode (--memory, then a fresh temporary --data-dir) it starts
`connect-local serve` on a free loopback port, waits for /_local/health,
runs every test through unittest discovery with the endpoint and dummy AWS
credentials in the environment, then stops the server with SIGTERM and
requires exit status 0. The aws CLI's start-up dominates and is CPU-bound,
so the modes run in parallel (--jobs), and within a mode the test classes
run on a few threads (--threads). Tests that need a server of their own (a
virtual clock, say) start one with harness.start_server, in the same mode.

The last line printed is always `N passed, M failed` (`, K skipped` when
any were skipped). Under CI=true a skipped test counts as a failure.
"""

import argparse
import inspect
import io
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MODES = ("memory", "data-dir")
STORAGE_OF = {"memory": "memory", "data-dir": "bolt"}


def in_ci():
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One connect-local process."""

    def __init__(self, binary, mode, workdir, clock="real"):
        self.binary, self.mode, self.workdir, self.clock = binary, mode, workdir, clock
        self.log_path = os.path.join(workdir, "server.log")
        self.proc = None
        self.endpoint = None

    def start(self, timeout=15.0):
        for _ in range(3):  # the port can be taken between probe and bind
            port = free_port()
            args = [self.binary, "serve", "--addr", f"127.0.0.1:{port}", "--clock", self.clock]
            if self.mode == "memory":
                args.append("--memory")
            else:
                args += ["--data-dir", os.path.join(self.workdir, "data")]
            log = open(self.log_path, "ab")
            self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            log.close()
            self.endpoint = f"http://127.0.0.1:{port}"
            health = self._wait_healthy(timeout)
            if health is not None:
                want = STORAGE_OF[self.mode]
                if health.get("storage") != want:
                    raise RuntimeError(f"health says storage {health.get('storage')!r}, want {want!r}")
                if health.get("clock") != self.clock:
                    raise RuntimeError(f"health says clock {health.get('clock')!r}, want {self.clock!r}")
                return
            if "address already in use" not in self.log_tail():
                raise RuntimeError(f"server exited with {self.proc.returncode} before it was healthy")
        raise RuntimeError("no free port after 3 tries")

    def _wait_healthy(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return None
            try:
                with urllib.request.urlopen(self.endpoint + "/_local/health", timeout=1) as r:
                    if r.status == 200:
                        return json.load(r)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.02)
        self.proc.kill()
        self.proc.wait()
        raise RuntimeError(f"server not healthy after {timeout:.0f}s")

    def stop(self, timeout=15.0):
        """SIGTERM, then the exit status (None if it had to be killed)."""
        if self.proc.poll() is not None:
            return self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None

    def log_tail(self, n=30):
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return ""


def hermetic_env(endpoint, binary, mode):
    """The environment the tests (and the aws CLI they start) see: the
    endpoint, the binary and storage mode (for tests that start a server of
    their own, e.g. on a virtual clock), dummy credentials, and nothing from
    the user's AWS setup."""
    env = {k: v for k, v in os.environ.items()
           if not (k.startswith("AWS_") or k.startswith("CONNECT_LOCAL_"))}
    env.update(
        CONNECT_LOCAL_ENDPOINT=endpoint,
        CONNECT_LOCAL_BINARY=binary,
        CONNECT_LOCAL_MODE=mode,
        AWS_ACCESS_KEY_ID="test",
        AWS_SECRET_ACCESS_KEY="test",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
    )
    return env


def run_parallel(suite, threads, verbose):
    """Runs `suite` on a pool of threads, in units of one test class (or of
    one file, when the file has module fixtures, such as a server of its
    own), the longest first; prints each unit's report whole when it ends.
    Threads suffice: the time goes to aws CLI processes and HTTP waits, not
    to Python. Returns (tests run, failed, skipped)."""
    todo = queue.Queue()
    for unit in sorted(_units(suite), key=lambda u: -u[2]):
        todo.put(unit)
    lock = threading.Lock()
    totals = [0, 0, 0]

    def worker():
        while True:
            try:
                name, unit, _ = todo.get_nowait()
            except queue.Empty:
                return
            out = io.StringIO()
            started = time.monotonic()
            try:
                r = unittest.TextTestRunner(stream=out, verbosity=2 if verbose else 1).run(unit)
                ran, bad, skipped = r.testsRun, len(r.failures) + len(r.errors) + len(r.unexpectedSuccesses), len(r.skipped)
            except Exception as e:  # noqa: BLE001 - a crash is a failure, not a lost thread
                out.write(f"{name}: the run crashed: {e!r}\n")
                ran, bad, skipped = 1, 1, 0
            with lock:
                totals[0] += ran
                totals[1] += bad
                totals[2] += skipped
                if bad or verbose:
                    sys.stdout.write(out.getvalue())
                if verbose or bad or time.monotonic() - started > 5:
                    print(f"   {name}: {ran} tests, {bad} failed in {time.monotonic() - started:.1f}s", flush=True)

    pool = [threading.Thread(target=worker) for _ in range(max(1, threads))]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return tuple(totals)


def _units(suite):
    """Yields (name, suite, cost) per test class, or per file for files
    with setUpModule/tearDownModule. The cost counts aws CLI calls, which
    take far longer than anything else a test does."""
    for file_suite in suite:
        tests = list(_tests(file_suite))
        if not tests:
            continue
        mod = sys.modules.get(tests[0].__class__.__module__)
        by_class = {}
        for t in tests:
            by_class.setdefault(t.__class__, []).append(t)
        if mod is not None and (hasattr(mod, "setUpModule") or hasattr(mod, "tearDownModule")):
            yield mod.__name__, unittest.TestSuite(tests), sum(_cost(c, len(ts)) for c, ts in by_class.items())
            continue
        for cls, ts in by_class.items():
            yield f"{cls.__module__}.{cls.__name__}", unittest.TestSuite(ts), _cost(cls, len(ts))


def _cost(cls, n):
    try:
        src = inspect.getsource(cls)
    except (OSError, TypeError):  # e.g. unittest's stand-in for a file that failed to import
        return n
    return 20 * (src.count("self.cli(") + src.count("self.cli_error(")) + n


def _tests(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from _tests(t)
        else:
            yield t


def run_mode(mode, binary, verbose, pattern, threads):
    """Runs the suite against one server; returns counts as a dict."""
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"connect-local-cli-{mode}-") as workdir:
        srv = Server(binary, mode, workdir)
        try:
            srv.start()
        except RuntimeError as e:
            print(f"[{mode}] FAIL: server did not start: {e}\n{srv.log_tail()}", flush=True)
            counts["failed"] += 1
            return counts
        try:
            print(f"[{mode}] connect-local at {srv.endpoint}", flush=True)
            env = hermetic_env(srv.endpoint, binary, mode)
            os.environ.clear()
            os.environ.update(env)
            loader = unittest.TestLoader()
            if pattern:
                loader.testNamePatterns = [f"*{pattern}*"]
            suite = loader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
            ran, bad, skipped = run_parallel(suite, threads, verbose)
        finally:
            status = srv.stop()
        counts["skipped"] = skipped
        counts["failed"] = bad
        counts["passed"] = ran - bad - skipped
        if ran == 0:
            print(f"[{mode}] FAIL: no tests found", flush=True)
            counts["failed"] += 1
        if status != 0:
            what = "did not stop within 15s of SIGTERM" if status is None else f"exited with status {status} after SIGTERM"
            print(f"[{mode}] FAIL: server {what}\n{srv.log_tail()}", flush=True)
            counts["failed"] += 1
        elif bad:
            print(f"[{mode}] server log (tail):\n{srv.log_tail()}", flush=True)
    print(f"[{mode}] {summary(counts)} in {time.monotonic() - started:.1f}s", flush=True)
    return counts


def summary(c):
    s = f"{c['passed']} passed, {c['failed']} failed"
    return s + (f", {c['skipped']} skipped" if c["skipped"] else "")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary", default=os.path.join(ROOT, "bin", "connect-local"),
                    help="connect-local binary (default: bin/connect-local)")
    ap.add_argument("--mode", choices=MODES + ("all",), default="all")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                    help="storage modes to run at once (default: min(2, CPUs))")
    ap.add_argument("--threads", type=int, default=2,
                    help="test classes to run at once against each server (default: 2)")
    ap.add_argument("-k", dest="pattern", help="only tests whose name contains PATTERN")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--child-results", help=argparse.SUPPRESS)
    args = ap.parse_args()
    args.binary = os.path.abspath(args.binary)

    if args.child_results:  # one mode, in a process of its own
        counts = run_mode(args.mode, args.binary, args.verbose, args.pattern, args.threads)
        with open(args.child_results, "w") as f:
            json.dump(counts, f)
        return 0

    total = {"passed": 0, "failed": 0, "skipped": 0}
    if not os.access(args.binary, os.X_OK):
        print(f"run.py: no binary at {args.binary}; build it with: go build -o bin/connect-local ./cmd/connect-local")
        total["failed"] = 1
        print(summary(total))
        return 1

    modes = MODES if args.mode == "all" else (args.mode,)
    with tempfile.TemporaryDirectory(prefix="connect-local-cli-") as tmp:
        pending = list(modes)
        running = []
        while pending or running:
            while pending and len(running) < max(1, args.jobs):
                mode = pending.pop(0)
                out_path = os.path.join(tmp, mode + ".out")
                res_path = os.path.join(tmp, mode + ".json")
                cmd = [sys.executable, os.path.abspath(__file__), "--mode", mode, "--binary", args.binary,
                       "--child-results", res_path, "--threads", str(args.threads)] + (["-v"] if args.verbose else []) + \
                      (["-k", args.pattern] if args.pattern else [])
                # Alone, a run streams its output; side by side, each is
                # shown whole when it ends so the two do not interleave.
                out = None if args.jobs <= 1 or len(modes) == 1 else open(out_path, "w")
                running.append((mode, subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT), out, res_path))
            mode, proc, out, res_path = running.pop(0)
            proc.wait()
            if out is not None:
                out.close()
                with open(out.name) as f:
                    sys.stdout.write(f.read())
                sys.stdout.flush()
            try:
                with open(res_path) as f:
                    counts = json.load(f)
            except (OSError, ValueError):
                print(f"[{mode}] FAIL: the run crashed (exit status {proc.returncode})")
                counts = {"passed": 0, "failed": 1, "skipped": 0}
            for k in total:
                total[k] += counts[k]

    ok = total["failed"] == 0
    if total["skipped"] and in_ci():
        print(f"run.py: {total['skipped']} skipped under CI=true; every test must run in CI")
        ok = False
    print(summary(total))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
