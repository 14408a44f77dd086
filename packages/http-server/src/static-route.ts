/**
 * The handler behind `router.addStatic(prefix, directory)`.
 *
 * Safety rules, checked before touching the disk: the file name (percent-decoded) must not
 * hold NUL or a backslash, be absolute, or have `.`/`..`/empty segments; then the real
 * path (symlinks resolved) must stay inside the folder's real path unless `followSymlinks`
 * is on. Only regular files are served: a FIFO, socket or device is a 403 and is never
 * opened (opening a FIFO would block). Directories are a 403 unless `showIndex`, whose
 * listing HTML-escapes and URL-quotes every name. Errors never reveal absolute paths.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { resolve, sep, join } from 'node:path';
import { until, type Coroutine } from '@aio/core';
import { HTTPForbidden, HTTPNotFound } from './errors.js';
import { FileResponse } from './file-response.js';
import type { Request } from './request.js';
import { Response, type StreamResponse } from './response.js';
import { percentDecode } from './internal/path.js';

/** Options of a static route. */
export interface StaticOptions {
  /** Serve files reached through symlinks that leave the folder (default false). */
  followSymlinks?: boolean | undefined;
  /** Answer a directory with an HTML listing (default false: 403). */
  showIndex?: boolean | undefined;
  /** Bytes per read when sending (default 256 KiB). */
  chunkSize?: number | undefined;
}

/** Builds the GET/HEAD handler of a static folder. */
export function staticHandler(
  directory: string,
  options: StaticOptions,
): (request: Request) => Coroutine<StreamResponse> {
  const root = resolve(directory);
  let realRoot: Promise<string> | undefined;
  return function* serveStatic(request: Request): Coroutine<StreamResponse> {
    const name = percentDecode(request.matchInfo.filename ?? '');
    if (name.includes('\0') || name.includes('\\')) throw new HTTPNotFound();
    if (name.startsWith('/')) throw new HTTPForbidden();
    const segments = name === '' ? [] : name.split('/');
    for (const segment of segments) {
      if (segment === '..' || segment === '.') throw new HTTPForbidden();
      if (segment === '') throw new HTTPNotFound();
    }
    const base = yield* until((realRoot ??= realpath(root)));
    const unresolved = join(root, ...segments);
    let real: string;
    try {
      real = yield* until(realpath(unresolved));
    } catch {
      throw new HTTPNotFound();
    }
    if (options.followSymlinks !== true && real !== base && !real.startsWith(base + sep)) {
      throw new HTTPNotFound();
    }
    const info = yield* until(stat(real));
    if (info.isDirectory()) {
      if (options.showIndex !== true) throw new HTTPForbidden();
      const entries = yield* until(readdir(real, { withFileTypes: true }));
      return new Response({ text: renderIndex(request.path, entries), contentType: 'text/html' });
    }
    if (!info.isFile()) throw new HTTPForbidden();
    return new FileResponse(real, { chunkSize: options.chunkSize });
  };
}

function renderIndex(
  path: string,
  entries: Array<{ name: string; isDirectory(): boolean }>,
): string {
  const title = escapeHtml(`Index of ${path}`);
  const base = path.endsWith('/') ? path : `${path}/`;
  const items = entries
    .map((entry) => {
      const name = entry.isDirectory() ? `${entry.name}/` : entry.name;
      const href =
        encodeURI(base) + encodeURIComponent(entry.name) + (entry.isDirectory() ? '/' : '');
      return `<li><a href="${escapeHtml(href)}">${escapeHtml(name)}</a></li>`;
    })
    .join('\n');
  return `<html>\n<head>\n<title>${title}</title>\n</head>\n<body>\n<h1>${title}</h1>\n<ul>\n${items}\n</ul>\n</body>\n</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
