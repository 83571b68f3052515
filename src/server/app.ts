import swagger from '@fastify/swagger';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { VERSION } from '../version.js';
import { ProblemError } from './apiProblem.js';
import { createComputePool, type ComputePool } from './computePool.js';
import { createCorsPolicy } from './corsPolicy.js';
import { createClientErrorHandler } from './clientErrorHandler.js';
import { createErrorHandler, frameworkErrorHandler, notFoundHandler } from './errorHandler.js';
import { createHostAllowList } from './hostAllowList.js';
import { jsonDepthExceeds } from './jsonDepthExceeds.js';
import { CONNECTIONS_CHECKING_INTERVAL_MS, DEFAULT_LIMITS, HEADERS_TIMEOUT_MS, idleConnectionTimeoutMs, type ServerLimits } from './limits.js';
import { apiRoutes } from './routes/apiRoutes.js';
import { pageRoutes } from './routes/pageRoutes.js';
import { RunTracker } from './runTracker.js';
import { createScenarioCatalog } from './scenarioCatalog.js';
import { securityHeaders } from './securityHeaders.js';
import { zodValidatorCompiler } from './zodValidatorCompiler.js';

export interface AppOptions {
  /** any limit not given keeps its DEFAULT_LIMITS value */
  readonly limits?: Partial<ServerLimits>;
  /** fastify's logger option: false (the default) for none, or pino options */
  readonly logger?: FastifyServerOptions['logger'];
  /** where requests compute (default: a pool the app makes, with a worker thread per core, and closes when it closes); the caller closes one it passes */
  readonly compute?: ComputePool;
  /** folder of the built page (default: web/dist) */
  readonly pageDir?: string;
  /** origins allowed to call the API from a browser (default: none, same origin only) */
  readonly corsOrigins?: readonly string[];
  /** host names the server answers to besides localhost and IP addresses (`*`: any); see hostAllowList.ts */
  readonly allowedHosts?: readonly string[];
}

/**
 * The HTTP API as a fastify instance, not listening (main.ts listens; tests inject). Request
 * and response schemas are zod; the OpenAPI document is generated from them.
 */
export function buildApp(options: AppOptions = {}) {
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  // every request that computes runs on the pool's workers; the pool's threads start with the first such request
  const compute = options.compute ?? createComputePool();
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: limits.bodyLimitBytes,
    // the timeouts, each set deliberately (limits.ts says why): a connection is held only while it is useful
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionTimeout: idleConnectionTimeoutMs(limits, compute.threads),
    http: { headersTimeout: Math.min(HEADERS_TIMEOUT_MS, limits.requestTimeoutMs), connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS },
    // requests on connections still open at shutdown get the API's own 503 (below), not fastify's
    return503OnClosing: false,
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler: createClientErrorHandler(limits.requestTimeoutMs),
  }).withTypeProvider<ZodTypeProvider>();
  app.server.maxConnections = limits.maxConnections;
  let lastDropLogged = 0;
  app.server.on('drop', () => {
    if (Date.now() - lastDropLogged < 1_000) return; // one line a second, whatever the flood
    lastDropLogged = Date.now();
    app.log.warn({ maxConnections: limits.maxConnections }, 'connection refused: the most connections are open');
  });
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(createErrorHandler(limits));
  app.setNotFoundHandler(notFoundHandler);
  // first: a request to a host this server is not is refused before anything else looks at it
  app.addHook('onRequest', createHostAllowList(options.allowedHosts ?? []));
  // before zod or the scenario merge recurse into it
  app.addHook('preValidation', async (request) => {
    if (jsonDepthExceeds(request.body, limits.maxJsonDepth)) {
      throw new ProblemError({ kind: 'invalid-request', message: `the body nests arrays and objects deeper than ${limits.maxJsonDepth} levels` });
    }
  });

  // once closing, a request on a connection still open is refused, and each answer ends its
  // connection: shutdown need not wait out keep-alive timeouts
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async () => {
    if (closing) throw new ProblemError({ kind: 'shutting-down' });
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  // security headers and CORS, set deliberately (docs/reliability.md, "Security headers and CORS")
  app.addHook('onSend', securityHeaders);
  const cors = createCorsPolicy(options.corsOrigins ?? []);
  app.addHook('onRequest', cors.onRequest);
  app.options('/api/*', { schema: { hide: true } }, cors.preflight);

  app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'tradecast',
        version: VERSION,
        description: 'Monte Carlo scenarios for Russia–China trade turnover and sector substitution. Every error has the ErrorResponse shape.',
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  const runs = new RunTracker(limits.maxConcurrentRuns);
  // runs in flight finish first (a listening server waits for its connections anyway; injected requests have none)
  if (!options.compute) app.addHook('onClose', async () => runs.idle().then(() => compute.close()));
  app.register(apiRoutes, { prefix: '/api', limits, runs, compute, catalog: createScenarioCatalog() });
  app.register(pageRoutes, options.pageDir ? { pageDir: options.pageDir } : {});
  return app;
}

export type App = ReturnType<typeof buildApp>;
