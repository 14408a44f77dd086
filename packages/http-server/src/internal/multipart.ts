/**
 * `request.post()` for `multipart/form-data`: busboy parses the body as it arrives; text
 * fields are kept, file parts are streamed to temporary files (never held in memory whole).
 * A malformed body (bad boundary, truncated stream, too many parts) is a 400.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { Busboy } from '@fastify/busboy';
import { HTTPBadRequest, HTTPException } from '../errors.js';
import type { BodyReader } from './body-reader.js';

/** A file part of a multipart form, saved to a temporary file removed after the response. */
export interface FileField {
  /** The form field name. */
  readonly name: string;
  /** The client-supplied file name (untrusted: never use it as a path). */
  readonly filename: string;
  /** The part's content type. */
  readonly contentType: string;
  /** Where the bytes were saved. */
  readonly path: string;
  /** The size in bytes. */
  readonly size: number;
}

/** The limits busboy enforces on top of clientMaxSize. */
const MAX_PARTS = 1000;
const MAX_HEADER_PAIRS = 100;

/** Parses a multipart body; `register` receives the temp directory to remove later. */
export async function parseMultipart(
  reader: BodyReader,
  contentTypeHeader: string,
  fieldSizeLimit: number,
  register: (cleanup: () => Promise<void>) => void,
): Promise<Array<[string, string | FileField]>> {
  let parser;
  try {
    parser = Busboy({
      headers: { 'content-type': contentTypeHeader },
      limits: { parts: MAX_PARTS, headerPairs: MAX_HEADER_PAIRS, fieldSize: fieldSizeLimit },
    });
  } catch (error) {
    throw new HTTPBadRequest({ text: 'Invalid multipart body', cause: error });
  }
  const fields: Array<[string, string | FileField]> = [];
  const pending: Array<Promise<unknown>> = [];
  let dir: Promise<string> | undefined;
  let failure: unknown;
  const fail = (error: unknown): void => {
    failure ??= error;
  };
  parser.on('field', (name: string, value: string) => fields.push([name, value]));
  parser.on(
    'file',
    (name: string, stream: NodeJS.ReadableStream, filename: string, _enc: string, mime: string) => {
      if (dir === undefined) {
        dir = mkdtemp(join(tmpdir(), 'aio-upload-'));
        const made = dir;
        register(async () => rm(await made, { recursive: true, force: true }));
      }
      const index = fields.length;
      fields.push([name, '']);
      const saved = dir.then(async (folder) => {
        const path = join(folder, String(index));
        const out = createWriteStream(path);
        let size = 0;
        stream.on('data', (chunk: Buffer) => (size += chunk.length));
        stream.pipe(out);
        await once(out, 'finish');
        fields[index] = [name, { name, filename, contentType: mime, path, size }];
      });
      saved.catch(fail);
      pending.push(saved);
    },
  );
  parser.on('partsLimit', () => fail(new HTTPBadRequest({ text: 'Too many multipart parts' })));
  parser.on('error', (error: unknown) => fail(error));
  const finished = once(parser, 'finish').catch(fail);
  for (;;) {
    const chunk = await reader.readChunk();
    if (failure !== undefined) break;
    if (chunk === null) {
      parser.end();
      break;
    }
    if (!parser.write(chunk)) await Promise.race([once(parser, 'drain'), finished]);
  }
  if (failure === undefined) await finished;
  await Promise.allSettled(pending);
  if (failure !== undefined) {
    parser.destroy();
    if (failure instanceof HTTPException) throw failure;
    throw new HTTPBadRequest({ text: 'Invalid multipart body', cause: failure });
  }
  return fields;
}
