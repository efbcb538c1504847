import { configJsonSchema } from '@hbt/core';
import type { CommandModule } from 'yargs';
import { type ConfigArgs, handle, resolveCli, withConfigOptions } from '../common.js';

/** `hbt config schema` prints the JSON Schema; `hbt config show` prints the resolved config. */
export const configCommand: CommandModule = {
  command: 'config <action>',
  describe: 'Print the config JSON Schema, or the resolved config of a file',
  builder: (y) =>
    y
      .command({
        command: 'schema',
        describe: 'Print the JSON Schema of config files (for editor completion)',
        handler: () => {
          process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
        },
      })
      .command({
        command: 'show',
        describe: 'Validate a config and print it resolved (defaults filled, overrides applied)',
        builder: (yy) => withConfigOptions(yy),
        handler: handle((argv: ConfigArgs) => {
          const env = resolveCli(argv);
          const out = env.variants.map((v) => ({ variant: v.variant, config: v.config }));
          process.stdout.write(`${JSON.stringify(out.length === 1 ? out[0] : out, null, 2)}\n`);
        }),
      })
      .demandCommand(1),
  handler: () => {},
};
