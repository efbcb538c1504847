import type { CommandModule } from 'yargs';
import { describeCommand } from '../catalog.js';
import { type ConfigArgs, handle, resolveCli, withConfigOptions } from '../common.js';

/** `hbt config schema` prints the JSON Schema; `hbt config show` prints the resolved config. */
export const configCommand: CommandModule = {
  command: 'config <action>',
  describe: describeCommand('config'),
  builder: (y) =>
    y
      .command({
        command: 'schema',
        describe: 'Print the JSON Schema of config files (for editor completion)',
        handler: handle(async () => {
          const { configJsonSchema } = await import('@hbt/core');
          process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
        }),
      })
      .command({
        command: 'show',
        describe: 'Validate a config and print it resolved as JSON (defaults filled, overrides applied)',
        builder: (yy) => withConfigOptions(yy),
        handler: handle(async (argv: ConfigArgs) => {
          const env = await resolveCli(argv);
          const out = env.variants.map((v) => ({ variant: v.variant, config: v.config }));
          process.stdout.write(`${JSON.stringify(out.length === 1 ? out[0] : out, null, 2)}\n`);
        }),
      })
      .demandCommand(1),
  handler: () => {},
};
