"""asyncio peer for bench/sync.bench.mjs: prints one JSON object of timings (seconds).

usage: python3 sync_asyncio.py semaphore N LIMIT | queue N MAXSIZE
"""
import asyncio
import json
import sys
import time


async def semaphore_case(n, limit):
    sem = asyncio.Semaphore(limit)

    async def worker():
        async with sem:
            await asyncio.sleep(0)

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(n)))
    return time.perf_counter() - start


async def queue_case(n, maxsize):
    queue = asyncio.Queue(maxsize)

    async def producer():
        for i in range(n):
            await queue.put(i)

    async def consumer():
        total = 0
        for _ in range(n):
            total += await queue.get()
        return total

    start = time.perf_counter()
    _, total = await asyncio.gather(producer(), consumer())
    elapsed = time.perf_counter() - start
    assert total == n * (n - 1) // 2
    return elapsed


def main():
    case, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    fn = semaphore_case if case == "semaphore" else queue_case
    elapsed = asyncio.run(fn(n, size))
    print(json.dumps({"case": case, "seconds": elapsed}))


if __name__ == "__main__":
    main()
