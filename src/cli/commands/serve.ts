import { DEFAULT_HOST, DEFAULT_LIMITS, DEFAULT_PORT, LIMIT_ENVIRONMENT } from '../../server/limits.js';
import { serveUntilSignalled } from '../../server/serveUntilSignalled.js';
import { serverSettingsFromEnvironment } from '../../server/serverSettings.js';
import { UsageError, parseCommandArgs, type Command } from '../command.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the HTTP API (the same server as npm start)',
  help: `Usage: tradecast serve [--port P] [--host H]

Serves the HTTP API until SIGINT (Ctrl-C) or SIGTERM, then stops accepting connections, lets
requests in flight finish and exits 0. Logs are JSON lines on stdout. The API is described at
/api/docs (OpenAPI JSON at /api/docs/json).

Options:
  --port P      port to listen on (default: $PORT, else ${DEFAULT_PORT}; 0 picks a free one)
  --host H      interface to listen on (default: $HOST, else ${DEFAULT_HOST}; 0.0.0.0 for all)
  -h, --help    this help

Limits come from the environment (docs/reliability.md, "Limits"); variable and default:
${(Object.keys(LIMIT_ENVIRONMENT) as (keyof typeof LIMIT_ENVIRONMENT)[]).map((key) => `  ${LIMIT_ENVIRONMENT[key].padEnd(32)} ${DEFAULT_LIMITS[key]}`).join('\n')}
  ${'LOG_LEVEL'.padEnd(32)} info`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { port: { type: 'string' }, host: { type: 'string' } });
    if (positionals.length > 0) throw new UsageError(`serve takes no arguments, got ${positionals.join(' ')}`);
    const settings = serverSettingsFromEnvironment(process.env, values);
    if (!settings.ok) throw new UsageError(settings.problems.join('; '));
    return serveUntilSignalled(settings.settings, io.stderr);
  },
};
