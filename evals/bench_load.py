"""Concurrent users against a real `rag serve` on loopback (a benchmark, not a timed test).

    python evals/bench_load.py [--users 20]

Starts the server on a free port over a private copy of the index, sends `--users` questions at
once through `gradio_client` (each its own client), checks every answer holds its expected fact,
and reports latency p50/p95/max. Bounded: one round, a timeout per question, then the server stops.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from rag.pipeline import Pipeline
from rag.settings import REPO_ROOT, Settings

QUESTIONS = {
    "Who went with Putin?": "Belousov",
    "How many deputy prime ministers travelled with Putin?": "five",
    "Which Chinese premier was Putin also scheduled to talk with?": "Li Qiang",
    "How much was trade between China and Russia worth in 2023?": "240",
    "Where is a peace conference on Ukraine expected to take place next month?": "Switzerland",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    args = parser.parse_args()
    from gradio_client import Client

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        Pipeline(Settings(_env_file=None, data_dir=data)).ensure_index()
        port = free_port()
        env = {**os.environ, "RAG_DATA_DIR": str(data)}
        server = subprocess.Popen([sys.executable, "-m", "rag.cli", "serve", "--port", str(port)],
                                  cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)  # fmt: skip
        url = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.time() + 120
            while True:
                try:
                    urllib.request.urlopen(url, timeout=2)
                    break
                except OSError:
                    if time.time() > deadline:
                        raise
                    time.sleep(0.5)
            questions = [list(QUESTIONS)[i % len(QUESTIONS)] for i in range(args.users)]

            def one(question: str) -> tuple[float, bool]:
                start = time.perf_counter()
                job = Client(url, verbose=False).submit(
                    question, None, "extractive", 8, "All", "", "", api_name="/ask"
                )
                chat = job.result(timeout=300)[3]
                text = "".join(p.get("text", "") for p in chat[-1]["content"])
                return time.perf_counter() - start, QUESTIONS[question].lower() in text.lower()

            start = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.users) as pool:
                results = list(pool.map(one, questions))
            wall = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)
    times = sorted(t for t, _ in results)
    correct = sum(ok for _, ok in results)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"{args.users} concurrent questions: {correct}/{len(results)} answered correctly; "
          f"latency p50 {statistics.median(times):.2f} s, p95 {p95:.2f} s, max {times[-1]:.2f} s; "
          f"wall {wall:.2f} s")  # fmt: skip
    if correct < len(results):
        sys.exit(1)


if __name__ == "__main__":
    main()
