// Setup never modifies tracked files (issue 17): the setup scripts may only run package-manager commands
// that leave package.json and pnpm-lock.yaml as they are. A CI-cheap check of the commands themselves;
// `.ci/run` also fails when `git status --porcelain` is not empty after install, build and tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const here = new URL('.', import.meta.url).pathname;

/** The pnpm / npm command lines of a shell script (comments and quoted text left out). */
function packageManagerCommands(script: string): string[] {
  return readFileSync(join(here, script), 'utf8')
    .split('\n')
    .map((l) =>
      l
        .replace(/"[^"]*"|'[^']*'/g, '""')
        .replace(/(^|\s)#.*$/, '')
        .trim(),
    )
    .filter((l) => /(^|[\s;&|(])(pnpm|npm)\s/.test(l));
}

/** Commands that never write package.json or the lockfile. */
const READ_ONLY = [
  /\bpnpm install --frozen-lockfile\b/,
  /\bpnpm rebuild\b/,
  /\bpnpm exec\b/,
  /\bpnpm test:ci\b/,
  /\bpnpm --version\b/,
  /\bcommand -v pnpm\b/,
  /\bnpm install -g pnpm@[\d.]+/, // global: outside the checkout
];

describe('setup scripts leave tracked files alone', () => {
  for (const script of ['install-native.sh', 'setup.sh', 'quickstart.sh', 'test.sh']) {
    it(`${script}: only frozen installs, rebuilds and exec`, () => {
      const cmds = packageManagerCommands(script);
      for (const c of cmds)
        expect(
          READ_ONLY.some((r) => r.test(c)),
          c,
        ).toBe(true);
    });
  }

  it('install-native.sh rebuilds the locked tfjs-node and checks git status before and after', () => {
    const cmds = packageManagerCommands('install-native.sh');
    expect(cmds.some((c) => /pnpm rebuild @tensorflow\/tfjs-node/.test(c))).toBe(true);
    const text = readFileSync(join(here, 'install-native.sh'), 'utf8');
    expect(text).toMatch(/BEFORE="\$\(tracked_state\)"[\s\S]*pnpm rebuild[\s\S]*AFTER="\$\(tracked_state\)"/);
  });

  it('the check itself catches a command that rewrites the lockfile', () => {
    expect(READ_ONLY.some((r) => r.test('pnpm add "@tensorflow/tfjs-node@4.22.0" --save-optional'))).toBe(
      false,
    );
    expect(READ_ONLY.some((r) => r.test('pnpm install'))).toBe(false);
  });
});
