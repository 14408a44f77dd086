/**
 * Which text encoding a response body uses: the Content-Type charset, else a sniff (byte
 * order mark, an HTML `<meta charset>`), else UTF-8, as aiohttp's `text()` does.
 */
import { TextDecoder } from 'node:util';

/** The `charset` parameter of a Content-Type value, lowercased, or undefined. */
export function charsetParameter(contentType: string | null): string | undefined {
  if (contentType === null) return undefined;
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  const value = match?.[1] ?? match?.[2];
  return value === undefined || value === '' ? undefined : value.toLowerCase();
}

const META = /<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)/i;

/** Guesses the encoding from the bytes: a BOM first, then an HTML meta tag. */
export function sniffCharset(bytes: Uint8Array, contentType: string | null): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (contentType === null || /html|xml/i.test(contentType)) {
    const head = Buffer.from(
      bytes.buffer,
      bytes.byteOffset,
      Math.min(bytes.byteLength, 1024),
    ).toString('latin1');
    const match = META.exec(head);
    if (match !== null) return match[1]!.toLowerCase();
  }
  return 'utf-8';
}

const decoders = new Map<string, TextDecoder>();

function decoderFor(encoding: string): TextDecoder {
  let decoder = decoders.get(encoding);
  if (decoder === undefined) {
    try {
      decoder = new TextDecoder(encoding);
    } catch {
      decoder = decoderFor('utf-8');
    }
    if (decoders.size < 64) decoders.set(encoding, decoder);
  }
  return decoder;
}

/** Decodes bytes as `encoding`, falling back to UTF-8 for a label TextDecoder does not know. */
export function decodeText(bytes: Buffer, encoding: string): string {
  if (encoding === 'utf-8' || encoding === 'utf8') {
    // Same result as TextDecoder (BOM dropped, bad sequences replaced), without its cost.
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    return (bom ? bytes.subarray(3) : bytes).toString('utf8');
  }
  return decoderFor(encoding).decode(bytes);
}
