// The API server (`npm start`): PORT, HOST, LOG_LEVEL and TRADECAST_* limits from the environment.
import { serveUntilSignalled } from './serveUntilSignalled.js';
import { serverSettingsFromEnvironment } from './serverSettings.js';

const settings = serverSettingsFromEnvironment(process.env);
if (settings.ok) {
  process.exitCode = await serveUntilSignalled(settings.settings, process.stderr);
} else {
  process.stderr.write(settings.problems.map((problem) => `tradecast server: ${problem}\n`).join(''));
  process.exitCode = 2;
}
