import { scenarioFileJsonSchema } from '../../scenario/scenarioJsonSchema.js';
import { EXIT_OK, parseCommandArgs, type Command } from '../command.js';
import { writeFileAtomic } from '../writeFileAtomic.js';

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'print the JSON Schema of scenario files (generated from the zod schema)',
  help: `Usage: tradecast schema [--out FILE]

Prints the JSON Schema of scenario files, generated from the zod schema that validates them.
The shipped scenarios point at scenarios/scenario.schema.json, written by
  tradecast schema --out scenarios/scenario.schema.json`,
  run(args, io) {
    const { values } = parseCommandArgs(args, { out: { type: 'string' } });
    const text = JSON.stringify(scenarioFileJsonSchema(), null, 2) + '\n';
    if (values.out) writeFileAtomic(values.out, text);
    else io.stdout.write(text);
    return EXIT_OK;
  },
};
