import { describe, expect, it } from 'vitest';
import { TimeoutError } from '@aio/core';
import {
  ClientClosedError,
  ClientConnectionError,
  ClientConnectorError,
  ClientError,
  ClientPayloadError,
  ClientResponseError,
  ConnectionTimeoutError,
  ContentTypeError,
  InvalidRequestError,
  InvalidURL,
  InvalidUrlRedirectError,
  NonHttpUrlRedirectError,
  PayloadTooLargeError,
  ServerDisconnectedError,
  ServerTimeoutError,
  SocketTimeoutError,
  TooManyRedirects,
} from '../src/index.js';

const status = { status: 500 };

describe('errors', () => {
  it.each([
    [new ClientError('x'), 'ClientError', 'ERR_CLIENT', ClientError],
    [new ClientConnectionError('x'), 'ClientConnectionError', 'ERR_CLIENT_CONNECTION', ClientError],
    [
      new ClientConnectorError('x', 'h', 1),
      'ClientConnectorError',
      'ERR_CLIENT_CONNECTOR',
      ClientConnectionError,
    ],
    [
      new ServerDisconnectedError('x'),
      'ServerDisconnectedError',
      'ERR_SERVER_DISCONNECTED',
      ClientConnectionError,
    ],
    [new ClientPayloadError('x'), 'ClientPayloadError', 'ERR_CLIENT_PAYLOAD', ClientError],
    [
      new PayloadTooLargeError(1),
      'PayloadTooLargeError',
      'ERR_PAYLOAD_TOO_LARGE',
      ClientPayloadError,
    ],
    [
      new ClientResponseError('x', status),
      'ClientResponseError',
      'ERR_CLIENT_RESPONSE',
      ClientError,
    ],
    [
      new ContentTypeError('x', status),
      'ContentTypeError',
      'ERR_CONTENT_TYPE',
      ClientResponseError,
    ],
    [
      new TooManyRedirects('x', status),
      'TooManyRedirects',
      'ERR_TOO_MANY_REDIRECTS',
      ClientResponseError,
    ],
    [new InvalidURL('u', 'x'), 'InvalidURL', 'ERR_INVALID_URL', ClientError],
    [
      new InvalidUrlRedirectError('u', 'x'),
      'InvalidUrlRedirectError',
      'ERR_INVALID_URL_REDIRECT',
      InvalidURL,
    ],
    [
      new NonHttpUrlRedirectError('u', 'x'),
      'NonHttpUrlRedirectError',
      'ERR_NON_HTTP_URL_REDIRECT',
      InvalidURL,
    ],
    [
      new InvalidRequestError('body', 'x'),
      'InvalidRequestError',
      'ERR_INVALID_REQUEST',
      ClientError,
    ],
    [new ClientClosedError('x'), 'ClientClosedError', 'ERR_CLIENT_CLOSED', ClientError],
  ] as const)('gives %s its name, code and parent', (error, name, code, parent) => {
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error).toBeInstanceOf(parent);
  });

  it('keeps "you closed it" apart from "it broke under you"', () => {
    expect(new ClientClosedError('x')).not.toBeInstanceOf(ClientConnectionError);
  });

  it.each([
    [new ServerTimeoutError('total', 5), 'ServerTimeoutError'],
    [new ConnectionTimeoutError('connect', 5), 'ConnectionTimeoutError'],
    [new SocketTimeoutError('sockRead', 5), 'SocketTimeoutError'],
  ] as const)('makes %s a TimeoutError from @aio/core', (error, name) => {
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ServerTimeoutError);
    expect(error.name).toBe(name);
    expect(error.code).toBe('ERR_TIMEOUT');
  });

  it('keeps the wrapped error as cause', () => {
    const cause = new Error('socket');
    expect(new ClientConnectorError('x', 'h', 1, { cause }).cause).toBe(cause);
    expect(new SocketTimeoutError('sockRead', 1, { cause }).cause).toBe(cause);
  });
});
