"""aiohttp.web peer for bench/http-server.bench.mjs: the seed's routes plus hello-world.

Prints the bound port on stdout, then serves until killed. Loopback only.
"""
import asyncio
import resource
import sys

from aiohttp import web


async def hello(request):
    return web.Response(text='Hello, World!')


async def index(request):
    uri = request.match_info.get('uri', '')
    return web.Response(text='location /{}'.format(uri), content_type='text/html')


async def stats(request):
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with open('/proc/self/statm') as statm:
        rss = int(statm.read().split()[1]) * resource.getpagesize()
    cpu = int((usage.ru_utime + usage.ru_stime) * 1e6)
    return web.json_response({'rss': rss, 'cpu': cpu})


async def main():
    app = web.Application()
    app.add_routes([web.get('/', hello), web.get('/__stats', stats), web.get('/{uri}', index)])
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, '127.0.0.1', 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    print(port, flush=True)
    await asyncio.Event().wait()


if __name__ == '__main__':
    try:
        import uvloop  # noqa: F401
        if '--uvloop' in sys.argv:
            uvloop.install()
    except ImportError:
        pass
    asyncio.run(main())
