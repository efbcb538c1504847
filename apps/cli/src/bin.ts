#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { runFiltered, wantsFilter } from './quiet-native.js';

// TensorFlow's C++ logging (native backend) prints INFO lines on stderr (oneDNN notices, SavedModel
// loads); keep warnings and errors unless the user set the level. Read when libtensorflow loads, which
// happens later (lazily, with the first command that needs a backend). The notices it prints before
// reading the level are filtered out under -q (see quiet-native.ts).
process.env.TF_CPP_MIN_LOG_LEVEL ??= '1';

const args = process.argv.slice(2); // yargs' hideBin, for node (not an Electron app)
// `hbt evaluate` with a plain command line runs without loading yargs (see plain-args.ts); yargs and the
// command table are imported only for everything else.
if (args[0] === 'evaluate' && (await (await import('./commands/evaluate.js')).runEvaluatePlain(args))) {
  // done
} else if (wantsFilter(args)) {
  process.exitCode = await runFiltered(fileURLToPath(import.meta.url), args);
} else {
  const { main } = await import('./cli.js');
  main(args).catch((e: unknown) => {
    process.stderr.write(`hbt: error: ${(e as Error).message}\n`);
    process.exitCode = process.exitCode || 1;
  });
}
