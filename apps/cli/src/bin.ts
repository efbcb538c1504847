#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { main } from './cli.js';

main(hideBin(process.argv)).catch((e: unknown) => {
  process.stderr.write(`hbt: error: ${(e as Error).message}\n`);
  process.exitCode = process.exitCode || 1;
});
