// Child process of resume.test.ts: trains the smoke config in <root> (args: <root> [sleep ms per step]).
// Prints the log lines on exit so the parent can see whether it resumed.
import { smokeConfig, trainIn } from './stage.js';

const [root, sleep] = process.argv.slice(2) as [string, string | undefined];
const ms = Number(sleep ?? 0);
const r = await trainIn(root, smokeConfig({ train: { checkpoint_every: 3 } }), {
  hooks: ms > 0 ? { onStep: () => new Promise((res) => setTimeout(res, ms)) } : {},
});
process.stdout.write(`${r.lines.join('\n')}\n`);
