"""aiohttp side of bench/http-client.bench.mjs: N GETs with C in flight, one JSON line.

Usage: python3 bench/http_client_aiohttp.py <url> <n> <concurrency> [--uvloop] [--warmup W]

C worker coroutines share one ClientSession (TCPConnector limit=C) and each GET reads
the whole body, as the aio side does. Prints {"rps": ..., "ms": ...}.
"""

import argparse
import asyncio
import json
import time

import aiohttp


async def bench(url, n, concurrency, warmup):
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def run(total):
            remaining = total

            async def worker():
                nonlocal remaining
                while remaining > 0:
                    remaining -= 1
                    async with session.get(url) as response:
                        await response.read()

            await asyncio.gather(*(worker() for _ in range(concurrency)))

        await run(warmup)
        start = time.perf_counter()
        await run(n)
        elapsed = time.perf_counter() - start
    return {"rps": n / elapsed, "ms": elapsed * 1000}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("n", type=int)
    parser.add_argument("concurrency", type=int)
    parser.add_argument("--uvloop", action="store_true")
    parser.add_argument("--warmup", type=int, default=1000)
    args = parser.parse_args()
    if args.uvloop:
        import uvloop

        uvloop.install()
    result = asyncio.run(bench(args.url, args.n, args.concurrency, args.warmup))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
