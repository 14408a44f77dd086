/**
 * `@aio/http-server`: aiohttp.web for aio, on node:http.
 */

// Application and routing
export { Application } from './application.js';
export type {
  AppHook,
  ApplicationOptions,
  CleanupContext,
  ResponsePrepareHook,
} from './application.js';
export { AppKey } from './app-key.js';
export { Router } from './router.js';
export { Resource, AbstractResource } from './resource.js';
export { StaticResource } from './static-resource.js';
export { SubAppResource } from './sub-app-resource.js';
export type { Handler, HandlerResult, Resolution, Route, RouteOptions } from './router.js';
export type { ParamsOf } from './route-params.js';
export {
  RouteTableDef,
  route,
  get,
  head,
  post,
  put,
  patch,
  deleteRoute as delete,
  view,
  staticRoute as static,
} from './route-def.js';
export type { RouteDef } from './route-def.js';
export { View } from './view.js';
export type { ViewClass } from './view.js';
export type { StaticOptions } from './static-route.js';

// Requests and responses
export { Request, BodyStream } from './request.js';
export type { FileField, MatchInfo, RequestSource } from './request.js';
export { StreamResponse, Response, ResponseHeaders, jsonResponse } from './response.js';
export type {
  CookieOptions,
  JsonResponseInit,
  ResponseInit,
  StreamResponseInit,
} from './response.js';
export { FileResponse } from './file-response.js';
export type { FileResponseInit } from './file-response.js';
export { MultiDict, CIMultiDict } from './multidict.js';

// Middlewares
export { normalizePathMiddleware } from './middleware.js';
export type { Middleware, NextHandler, NormalizePathOptions } from './middleware.js';

// Serving
export { AppRunner, TCPSite, runApp } from './run-app.js';
export type {
  AppRunnerOptions,
  AppSource,
  RunAppOptions,
  ServerLimits,
  TCPSiteOptions,
} from './run-app.js';
export { AccessLogger, DEFAULT_ACCESS_LOG_FORMAT } from './access-log.js';
export type { AccessLogRecord } from './access-log.js';

// Testing
export { makeMockedRequest, MockedResponse } from './testing.js';
export type { MockedRequestInit } from './testing.js';

// Errors
export {
  HTTPException,
  HTTPBadRequest,
  HTTPUnauthorized,
  HTTPForbidden,
  HTTPNotFound,
  HTTPMethodNotAllowed,
  HTTPRequestTimeout,
  HTTPConflict,
  HTTPGone,
  HTTPRequestEntityTooLarge,
  HTTPUnsupportedMediaType,
  HTTPRangeNotSatisfiable,
  HTTPExpectationFailed,
  HTTPUnprocessableEntity,
  HTTPTooManyRequests,
  HTTPInternalServerError,
  HTTPNotImplemented,
  HTTPBadGateway,
  HTTPServiceUnavailable,
  HTTPGatewayTimeout,
  HTTPNoContent,
  HTTPNotModified,
  HTTPRedirection,
  HTTPMovedPermanently,
  HTTPFound,
  HTTPSeeOther,
  HTTPTemporaryRedirect,
  HTTPPermanentRedirect,
  RouteDefinitionError,
  ClientDisconnectedError,
  InvalidHeaderError,
} from './errors.js';
export type { HTTPExceptionOptions, HttpServerErrorOptions } from './errors.js';
