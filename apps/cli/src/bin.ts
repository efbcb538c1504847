#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { main } from './cli.js';

// TensorFlow's C++ logging (native backend) prints INFO lines on stderr (oneDNN notices, SavedModel
// loads); keep warnings and errors unless the user set the level. Read when libtensorflow loads, which
// happens later (lazily, with the first command that needs a backend).
process.env.TF_CPP_MIN_LOG_LEVEL ??= '1';

main(hideBin(process.argv)).catch((e: unknown) => {
  process.stderr.write(`hbt: error: ${(e as Error).message}\n`);
  process.exitCode = process.exitCode || 1;
});
