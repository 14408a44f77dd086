"""asyncio side of bench/core.bench.mjs: one case per process, one JSON line on stdout.

Usage: python3 bench/core_asyncio.py <gather|yield10|heap|yield|cancel|timer|pingpong> [--uvloop]
       [--n N] [--budget SECONDS] [--reps R]

Each case mirrors the aio workload in core.bench.mjs. Loops that can run long (yield,
pingpong) stop once --budget seconds have passed and report how far they got, so the
caller can extrapolate; every other case runs to completion.
"""

import argparse
import asyncio
import gc
import json
import os
import statistics
import sys
import time

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


def start_clock():
    return time.perf_counter(), time.process_time()


def stop_clock(clock):
    """Wall and process CPU time (ms) since start_clock()."""
    return {
        "ms": (time.perf_counter() - clock[0]) * 1000,
        "cpuMs": (time.process_time() - clock[1]) * 1000,
    }


def median_of(samples):
    return {
        "ms": statistics.median(s["ms"] for s in samples),
        "cpuMs": statistics.median(s["cpuMs"] for s in samples),
        "samples": len(samples),
    }


def stack_depth():
    depth = 0
    frame = sys._getframe(1)
    while frame is not None:
        depth += 1
        frame = frame.f_back
    return depth


REP_BUDGET_S = 5


async def repeat(once, n, reps):
    """Median material: up to `reps` runs, stopping early once REP_BUDGET_S has passed."""
    times = []
    reps_end = time.perf_counter() + REP_BUDGET_S
    while len(times) < reps and (not times or time.perf_counter() < reps_end):
        gc.collect()
        times.append(await once(n))
    return times


async def gathered(child, n, reps):
    """Times asyncio.gather over child(0..n-1) (after a warm-up) and checks the results."""

    async def once(count):
        clock = start_clock()
        results = await asyncio.gather(*[child(i) for i in range(count)])
        took = stop_clock(clock)
        assert len(results) == count and results[-1] == count - 1
        return took

    await once(n)  # warm-up at full size, as every implementation does (see core.bench.mjs)
    times = await repeat(once, n, reps)
    return {**median_of(times), "n": n, "done": n}


async def gather_case(n, reps):
    async def child(i):
        return i

    return await gathered(child, n, reps)


async def yield_case(n, budget):
    gc.collect()
    rss_before = rss_bytes()
    depth_first = depth_last = 0
    deadline = time.perf_counter() + budget
    clock = start_clock()
    done = 0
    while done < n:
        if done == 0:
            depth_first = stack_depth()
        await asyncio.sleep(0)
        done += 1
        if done & 1023 == 0 and time.perf_counter() > deadline:
            break
    depth_last = stack_depth()
    took = stop_clock(clock)
    rss_after_peak = rss_bytes()
    gc.collect()
    return {
        **took,
        "n": n,
        "done": done,
        "memory": {"rssBefore": rss_before, "rssAfter": rss_after_peak},
        "stack": {"first": depth_first, "last": depth_last},
    }


async def cancel_case(n, reps):
    async def once(count):
        finished = 0

        async def child():
            nonlocal finished
            try:
                await asyncio.sleep(3600)
            finally:
                finished += 1

        tasks = [asyncio.create_task(child()) for _ in range(count)]
        await asyncio.sleep(0)  # every child is now parked in its sleep
        clock = start_clock()
        for task in tasks:
            task.cancel()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        took = stop_clock(clock)
        assert finished == count, (finished, count)
        assert all(isinstance(r, asyncio.CancelledError) for r in results)
        return took

    await once(n)  # warm-up at full size, as the aio side does
    times = await repeat(once, n, reps)
    return {**median_of(times), "n": n, "done": n}


async def yield10_case(n, reps):
    async def child(i):
        for _ in range(10):
            await asyncio.sleep(0)
        return i

    return await gathered(child, n, reps)


async def heap_case(n, _reps):
    """Bytes Python allocates per task blocked on one asyncio.Event (tracemalloc)."""
    import tracemalloc

    event = asyncio.Event()

    async def waiter():
        await event.wait()

    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    tasks = [asyncio.create_task(waiter()) for _ in range(n)]
    await asyncio.sleep(0)  # every task is now blocked in event.wait()
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    event.set()
    await asyncio.gather(*tasks)
    return {"bytes": (after - before) / n, "n": n, "done": n}


async def timer_case(n, _budget):
    overshoots = []
    for _ in range(n):
        start = time.perf_counter()
        await asyncio.sleep(0.05)
        overshoots.append((time.perf_counter() - start) * 1000 - 50)
    return {"n": n, "done": n, "overshoots": overshoots}


async def pingpong_case(n, budget):
    loop = asyncio.get_running_loop()
    ping = loop.create_future()
    pong = loop.create_future()
    stop_at = n
    deadline = time.perf_counter() + budget

    async def a():
        nonlocal ping, stop_at
        i = 0
        while i < stop_at:
            reply = pong
            p = ping
            ping = loop.create_future()
            p.set_result(i)
            assert await reply == i
            i += 1
            if i & 1023 == 0 and time.perf_counter() > deadline:
                stop_at = i
        p = ping
        p.set_result(-1)
        return i

    async def b(first):
        nonlocal pong
        value = await first
        while value >= 0:
            q = pong
            nxt = ping
            pong = loop.create_future()
            q.set_result(value)
            value = await nxt

    clock = start_clock()
    tb = asyncio.create_task(b(ping))
    done, _ = await asyncio.gather(a(), tb)
    return {**stop_clock(clock), "n": n, "done": done}


CASES = {
    "gather": (gather_case, 100_000),
    "yield10": (yield10_case, 100_000),
    "heap": (heap_case, 100_000),
    "yield": (yield_case, 1_000_000),
    "cancel": (cancel_case, 10_000),
    "timer": (timer_case, 50),
    "pingpong": (pingpong_case, 1_000_000),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("case", choices=sorted(CASES))
    parser.add_argument("--uvloop", action="store_true")
    parser.add_argument("--n", type=int)
    parser.add_argument("--budget", type=float, default=8.0)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    fn, default_n = CASES[args.case]
    n = args.n or default_n
    extra = args.reps if args.case in ("gather", "cancel", "yield10", "heap") else args.budget
    factory = None
    if args.uvloop:
        import uvloop

        factory = uvloop.new_event_loop
    with asyncio.Runner(loop_factory=factory) as runner:
        result = runner.run(fn(n, extra))
    result["impl"] = "asyncio+uvloop" if args.uvloop else "asyncio"
    result["python"] = sys.version.split()[0]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
