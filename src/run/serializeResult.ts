/**
 * A result (of a run, a comparison, a sensitivity analysis or a back-test) as the bytes the CLI
 * prints with `--format json` and the API sends: compact JSON and a newline.
 */
export function serializeResult(result: object): string {
  return JSON.stringify(result) + '\n';
}
