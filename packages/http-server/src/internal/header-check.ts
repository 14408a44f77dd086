/**
 * Validation of what the server writes itself: header names and values, reason phrases and
 * cookie parts. A value with CR, LF, NUL, another control character (except tab), DEL or a
 * character above 0xFF is refused, so a response can never be split.
 */
import { InvalidHeaderError } from '../errors.js';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Tab is the only control character a field value may hold (RFC 9110 §5.5).
// eslint-disable-next-line no-control-regex
const BAD_VALUE = /[\x00-\x08\x0a-\x1f\x7f-\uffff]/;
// eslint-disable-next-line no-control-regex
const BAD_LATIN1 = /[\x00-\x08\x0a-\x1f\x7f]|[^\x00-\xff]/;

/** Throws InvalidHeaderError unless `name` is an HTTP token. */
export function checkHeaderName(name: string): void {
  if (typeof name !== 'string' || !TOKEN.test(name)) {
    throw new InvalidHeaderError(
      String(name),
      `header name ${JSON.stringify(name)} is not a token`,
    );
  }
}

/** Throws InvalidHeaderError when `value` holds characters that could split a response. */
export function checkHeaderValue(name: string, value: string): void {
  if (typeof value !== 'string') {
    throw new InvalidHeaderError(name, `header ${name} must be a string, got ${typeof value}`);
  }
  if (BAD_LATIN1.test(value)) {
    throw new InvalidHeaderError(name, `header ${name} holds a control or non-latin1 character`);
  }
}

/** Throws InvalidHeaderError when a reason phrase holds a control or non-latin1 character. */
export function checkReason(reason: string): void {
  if (BAD_LATIN1.test(reason)) {
    throw new InvalidHeaderError('reason', 'reason holds a control or non-latin1 character');
  }
}

/** Whether `value` is plain printable ASCII (plus tab): the cheap common case. */
export function isPlainValue(value: string): boolean {
  return !BAD_VALUE.test(value);
}
