export { buildCli, main } from './cli.js';
