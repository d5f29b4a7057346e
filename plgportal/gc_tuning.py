"""Python's cyclic garbage collector, tuned for the web and worker processes.

A request to a list page allocates tens of thousands of objects (model instances, template
nodes); with the default thresholds (700, 10, 10) the collector runs many times per request and
each full run walks every object the process holds, Django's own modules and templates
included. Measured with `make bench` (README, "Benchmark"), pages run faster when:
- everything alive after start-up is frozen (`gc.freeze()`): collections no longer walk it, and
  after a fork it is not written to, so the workers keep sharing those pages with the master;
- the youngest generation is collected far less often: a request's garbage is mostly freed by
  reference counting anyway, and the cycles it leaves are collected a little later.

`WEB_GC_TUNING=0` turns it off (the benchmark's `--gc default`).
"""

import gc
import os

THRESHOLDS = (50_000, 20, 100)


def gc_tuning_enabled() -> bool:
    return os.environ.get("WEB_GC_TUNING", "1").strip().lower() not in {"0", "false", "no", "off"}


def freeze_after_startup() -> None:
    """Call once start-up is done, before forking if the process forks: what is alive now lives
    as long as the process, so no collection needs to look at it again."""
    if not gc_tuning_enabled():
        return
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
