"""The benchmark's load generator: C clients, each opening a new connection per request (the
sync workers of gunicorn close it after every response), for D seconds; and the server's CPU
time, read from /proc for the gunicorn workers and the PostgreSQL backends they use."""

import http.client
import os
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Result:
    requests: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    size: int = 0
    cpu_seconds: float = 0.0
    database_cpu_seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) if self.latencies else float("nan")

    @property
    def p95(self) -> float:
        return self.percentile(0.95)

    @property
    def cpu_per_request(self) -> float:
        return self.cpu_seconds / self.requests if self.requests else float("nan")

    @property
    def database_cpu_per_request(self) -> float:
        return self.database_cpu_seconds / self.requests if self.requests else float("nan")

    @property
    def non_200(self) -> dict[int, int]:
        return {code: n for code, n in self.statuses.items() if code != 200}


def request(port: int, path: str, headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        return response.status, body, dict(response.getheaders())
    finally:
        connection.close()


def run(port: int, path: str, headers: dict[str, str], *, seconds: float, clients: int) -> Result:
    """Each client sends requests one after the other until `seconds` have passed; requests
    under way then are awaited and counted, so a page slower than the run still gets figures
    (its run simply lasts longer)."""
    result = Result()
    lock = threading.Lock()
    started = time.perf_counter()
    deadline = started + seconds

    def client():
        while time.perf_counter() < deadline:
            sent = time.perf_counter()
            try:
                status, body, _headers = request(port, path, headers)
            except OSError as error:
                with lock:
                    result.errors.append(repr(error))
                continue
            latency = time.perf_counter() - sent
            with lock:
                result.requests += 1
                result.latencies.append(latency)
                result.statuses[status] = result.statuses.get(status, 0) + 1
                result.size = len(body)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (gunicorn's workers, for its master)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


def process_cpu(pid: int) -> float:
    """utime + stime of a process, in seconds (0 for a process that is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # fields 14 and 15 of stat(5)


def cpu_since(before: dict[int, float], pids: list[int]) -> float:
    """CPU seconds `pids` spent since `before` (a process started meanwhile counts whole)."""
    return sum(process_cpu(pid) - before.get(pid, 0.0) for pid in pids)


def measure(
    port: int,
    path: str,
    headers,
    *,
    seconds: float,
    clients: int,
    workers: Callable[[], list[int]],
    database: Callable[[], list[int]],
) -> Result:
    """`run`, with the CPU time the gunicorn workers and the PostgreSQL backends serving them
    spent meanwhile."""
    worker_pids, database_pids = workers(), database()
    worker_before = {pid: process_cpu(pid) for pid in worker_pids}
    database_before = {pid: process_cpu(pid) for pid in database_pids}
    result = run(port, path, headers, seconds=seconds, clients=clients)
    if sorted(workers()) != sorted(worker_pids):
        result.errors.append("a gunicorn worker was restarted during the run (timeout?)")
    result.cpu_seconds = cpu_since(worker_before, worker_pids)
    result.database_cpu_seconds = cpu_since(database_before, database())
    return result
