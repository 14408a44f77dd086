import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '@aio/core';
import { Application, FileResponse, get } from '../src/index.js';
import { rawRequest, statusOf, withServer } from './helpers/server.js';

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'aio-static-'));
  root = join(base, 'public');
  mkdirSync(join(root, 'sub'), { recursive: true });
  writeFileSync(join(root, 'hello.txt'), 'hello world');
  writeFileSync(join(root, 'sub', 'page.html'), '<p>x</p>');
  writeFileSync(join(root, '<img src=0 onerror=alert(1)>.txt'), 'x');
  writeFileSync(join(base, 'secret.txt'), 'TOP SECRET');
  symlinkSync(join(base, 'secret.txt'), join(root, 'escape.txt'));
  symlinkSync(join(root, 'hello.txt'), join(root, 'inside.txt'));
  symlinkSync(join(root, 'loop1'), join(root, 'loop2'));
  symlinkSync(join(root, 'loop2'), join(root, 'loop1'));
  execFileSync('mkfifo', [join(root, 'fifo')]);
  utimesSync(
    join(root, 'hello.txt'),
    new Date('2024-01-01T00:00:00Z'),
    new Date('2024-01-01T00:00:00Z'),
  );
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

function staticApp(options: { showIndex?: boolean; followSymlinks?: boolean } = {}) {
  const app = new Application();
  app.router.addStatic('/static', root, options);
  return app;
}

const get1 = (app: Application, target: string, headers: Record<string, string> = {}) =>
  run(app.request(target, { headers }));

describe('static routes', () => {
  it('serves a file with its content type, ETag and Last-Modified', async () => {
    const response = await get1(staticApp(), '/static/hello.txt');
    expect(response.status).toBe(200);
    expect(response.text()).toBe('hello world');
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]+-b"$/);
    expect(response.headers.get('last-modified')).toBe('Mon, 01 Jan 2024 00:00:00 GMT');
  });

  it('serves nested files', async () => {
    expect((await get1(staticApp(), '/static/sub/page.html')).text()).toBe('<p>x</p>');
  });

  it('serves a symlink that stays inside the folder', async () => {
    expect((await get1(staticApp(), '/static/inside.txt')).text()).toBe('hello world');
  });

  it('refuses a symlink leaving the folder with 404', async () => {
    expect((await get1(staticApp(), '/static/escape.txt')).status).toBe(404);
  });

  it('follows a symlink leaving the folder only with followSymlinks', async () => {
    expect((await get1(staticApp({ followSymlinks: true }), '/static/escape.txt')).text()).toBe(
      'TOP SECRET',
    );
  });

  it('answers a symlink loop with 404', async () => {
    expect((await get1(staticApp(), '/static/loop1')).status).toBe(404);
  });

  it('refuses a FIFO with 403 without blocking', async () => {
    expect((await get1(staticApp(), '/static/fifo')).status).toBe(403);
  });

  it('refuses a directory with 403 unless showIndex', async () => {
    expect((await get1(staticApp(), '/static/sub')).status).toBe(403);
  });

  it('escapes names in the directory index', async () => {
    const response = await get1(staticApp({ showIndex: true }), '/static/');
    expect(response.status).toBe(200);
    expect(response.text()).not.toContain('<img');
    expect(response.text()).toContain('&#60;img');
  });

  it('answers 304 for a matching If-None-Match', async () => {
    const first = await get1(staticApp(), '/static/hello.txt');
    const second = await get1(staticApp(), '/static/hello.txt', {
      'If-None-Match': first.headers.get('etag') ?? '',
    });
    expect(second.status).toBe(304);
    expect(second.body.length).toBe(0);
  });

  it('answers 304 for If-Modified-Since at or after the modification time', async () => {
    const response = await get1(staticApp(), '/static/hello.txt', {
      'If-Modified-Since': 'Mon, 01 Jan 2024 00:00:00 GMT',
    });
    expect(response.status).toBe(304);
  });

  it('serves one byte range with 206', async () => {
    const response = await get1(staticApp(), '/static/hello.txt', { Range: 'bytes=0-4' });
    expect(response.status).toBe(206);
    expect(response.text()).toBe('hello');
    expect(response.headers.get('content-range')).toBe('bytes 0-4/11');
  });

  it('serves a suffix range', async () => {
    const response = await get1(staticApp(), '/static/hello.txt', { Range: 'bytes=-5' });
    expect(response.text()).toBe('world');
  });

  it('answers an unsatisfiable range with 416', async () => {
    for (const range of ['bytes=100-', 'bytes=-0']) {
      const response = await get1(staticApp(), '/static/hello.txt', { Range: range });
      expect(response.status).toBe(416);
      expect(response.headers.get('content-range')).toBe('bytes */11');
    }
  });

  it('sends the whole file for malformed or multiple ranges', async () => {
    const many = `bytes=${Array.from({ length: 1000 }, (_, i) => `${i % 10}-${(i % 10) + 1}`).join(',')}`;
    for (const range of ['bytes=5-1', 'bytes=+1-2', 'bytes=0x1-2', many]) {
      const response = await get1(staticApp(), '/static/hello.txt', { Range: range });
      expect(response.status).toBe(200);
      expect(response.text()).toBe('hello world');
    }
  });

  it('answers HEAD with headers and no body', async () => {
    const response = await run(staticApp().request('/static/hello.txt', { method: 'HEAD' }));
    expect(response.headers.get('content-length')).toBe('11');
    expect(response.body.length).toBe(0);
  });

  const attacks = [
    '/static/../secret.txt',
    '/static/%2e%2e/secret.txt',
    '/static/..%2fsecret.txt',
    '/static/..%5csecret.txt',
    '/static/..\\secret.txt',
    '/static//etc/passwd',
    '/static/%2fetc%2fpasswd',
    '/static/hello.txt%00.png',
    '/static/%c0%ae%c0%ae/secret.txt',
    '/static/sub/../../secret.txt',
    '/static/./hello.txt',
  ];
  for (const target of attacks) {
    it(`never serves ${target} over a raw socket`, async () => {
      const raw = await withServer(staticApp(), (port) =>
        rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
      );
      expect([400, 403, 404]).toContain(statusOf(raw));
      expect(raw).not.toContain('TOP SECRET');
      expect(raw).not.toContain('root:');
      expect(raw).not.toContain(base);
    });
  }
});

describe('FileResponse', () => {
  it('answers 404 for a missing file', async () => {
    const app = new Application();
    app.addRoutes([get('/f', () => new FileResponse(join(root, 'missing.txt')))]);
    expect((await run(app.request('/f'))).status).toBe(404);
  });

  it('streams a file larger than one chunk', async () => {
    const big = join(base, 'big.bin');
    writeFileSync(big, Buffer.alloc(300_000, 97));
    const app = new Application();
    app.addRoutes([get('/f', () => new FileResponse(big, { chunkSize: 65_536 }))]);
    const response = await run(app.request('/f'));
    expect(response.body.length).toBe(300_000);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
  });
});
