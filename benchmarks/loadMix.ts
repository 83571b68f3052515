/**
 * The requests of the load test, sent in this order, round and round, on every connection: small
 * simulations, one large enough for the server's worker pool, scenario reads, and bodies the
 * server must refuse. Each says which statuses it may get; 503 only ever as `busy` with a
 * Retry-After (the server refusing work early), which the load test checks separately.
 */
export interface LoadRequest {
  readonly name: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
  /** default for a body: application/json */
  readonly contentType?: string;
  readonly expected: readonly number[];
  /** a simulation: each 200 must be byte-identical to the idle server's answer to the same body */
  readonly simulation?: boolean;
  /**
   * the server answers, then closes the connection (fastify does after a body it cannot parse,
   * as the rest of the stream cannot be trusted): sent on connections of its own, since
   * autocannon, which writes the next request at once, would pin later answers on the wrong request
   */
  readonly closesConnection?: boolean;
}

const simulation = (name: string, request: object): LoadRequest => ({
  name,
  method: 'POST',
  path: '/api/simulations',
  body: JSON.stringify(request),
  expected: [200, 503],
  simulation: true,
});

const refused = (name: string, body: string, status: number, contentType?: string): LoadRequest => ({
  name,
  method: 'POST',
  path: '/api/simulations',
  body,
  expected: [status],
  ...(contentType === undefined ? {} : { contentType }),
});

/** Paths of the mix's one worker-pool run (PARALLEL_MIN_PATHS or more). */
export const POOL_RUN_PATHS = 25_000;

export const LOAD_MIX: readonly LoadRequest[] = [
  simulation('simulate baseline, 500 paths', { scenario: 'baseline', paths: 500, seed: 11 }),
  { name: 'GET /api/scenarios', method: 'GET', path: '/api/scenarios', expected: [200] },
  simulation('simulate thaw, 2,000 paths, overrides', { scenario: 'thaw', paths: 2_000, seed: 12, overrides: { westernWedge: -0.2, oilLongRun: 65 } }),
  { name: 'GET /api/scenarios/escalation', method: 'GET', path: '/api/scenarios/escalation', expected: [200] },
  refused('invalid body (wrong type, unknown field)', JSON.stringify({ scenario: 'baseline', paths: 'many', colour: 'red' }), 400),
  simulation('simulate escalation, 1,000 paths, to 2028', { scenario: 'escalation', paths: 1_000, seed: 13, horizon: 2028 }),
  { ...refused('malformed JSON', '{"scenario": "baseline", "paths": ', 400), closesConnection: true },
  // admitted like any run (a slot, before any file is read), so 503 busy when the slots are full
  { ...refused('unknown scenario', JSON.stringify({ scenario: 'atlantis' }), 404), expected: [404, 503] },
  simulation(`simulate baseline, ${POOL_RUN_PATHS.toLocaleString('en-US')} paths (worker pool)`, { scenario: 'baseline', paths: POOL_RUN_PATHS, seed: 14 }),
  refused('over the work limit', JSON.stringify({ scenario: 'baseline', paths: 5_000_000 }), 400),
  refused('not JSON', '<scenario>baseline</scenario>', 415, 'application/xml'),
  refused('nested 100 deep', `{"scenario":"baseline","overrides":{"a":${'['.repeat(100)}${']'.repeat(100)}}}`, 400),
  { name: 'GET /api/health', method: 'GET', path: '/api/health', expected: [200] },
];

/**
 * Requests at the server's caps (default limits): each close to 600,000 path-years, seconds of
 * computing on one thread. The load test keeps as many in flight as the server runs at once,
 * and measures the health route meanwhile, and a second SIGTERM's exit.
 */
const atCap = (name: string, path: string, request: object): LoadRequest => ({ name, method: 'POST', path, body: JSON.stringify(request), expected: [200, 503] });

export const CAPS_MIX: readonly LoadRequest[] = [
  // counted by the routes' own work functions (k = 40 factors, 5 projected years from 2025)
  // 2,450 × (42 × 5 + 400 × 41 ÷ 512) ≈ 593,000
  atCap('Sobol of turnover in 2030, 2,450 samples', '/api/sensitivity', { scenario: 'baseline', samples: 2_450 }),
  // 2,500 trajectories ≈ 584,000 (the design and the bootstrap included)
  atCap('Morris of turnover in 2030, 2,500 trajectories', '/api/sensitivity', { scenario: 'baseline', method: 'morris', samples: 2_500 }),
  // 60,000 × 5 × 2 = 600,000
  atCap('compare baseline and escalation, 60,000 paths', '/api/compare', { scenarios: [{ scenario: 'baseline' }, { scenario: 'escalation' }], paths: 60_000 }),
  // 3,800 × 5 × 31 runs = 589,000
  atCap('back-test, 3,800 samples', '/api/backtest', { scenario: 'baseline', samples: 3_800 }),
  // 120,000 × 5 = 600,000
  atCap('simulate baseline, 120,000 paths', '/api/simulations', { scenario: 'baseline', paths: 120_000 }),
];
