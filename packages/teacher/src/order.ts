import { type ResolvedConfig, teacherVariant, UsageError } from '@hbt/core';
import { usesDistill } from './teacher-model.js';

/**
 * The variants in training order: a variant whose teacher is `variant:<name>` comes after `<name>`
 * (whose final model it distils); otherwise the declared order is kept. A teacher naming a variant that
 * does not exist, or teachers that form a cycle (`a` → `b` → `a`, or a variant its own teacher) →
 * {@link UsageError} naming them. Only variants that distil (`usesDistill`) depend on their teacher.
 *
 * @example
 * trainOrder(resolveVariants(rc)).map((v) => v.variant); // ['baseline', 'distilled-from-baseline']
 */
export function trainOrder(variants: readonly ResolvedConfig[]): ResolvedConfig[] {
  const byName = new Map(variants.map((v) => [v.variant, v]));
  const teacherOf = (v: ResolvedConfig): string | null => {
    const t = v.config.train.teacher;
    if (t === null || !usesDistill(v.config)) return null;
    const name = teacherVariant(t.model);
    if (name !== null && !byName.has(name)) {
      throw new UsageError(
        `variant "${v.variant}": train.teacher.model names variant "${name}", which does not exist`,
        {
          file: v.file,
          hint: `variants: ${[...byName.keys()].join(', ')}`,
        },
      );
    }
    return name;
  };
  const out: ResolvedConfig[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (v: ResolvedConfig, path: string[]): void => {
    const s = state.get(v.variant);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...path.slice(path.indexOf(v.variant)), v.variant].join(' → ');
      throw new UsageError(`teacher variants form a cycle: ${cycle}`, {
        file: v.file,
        hint: 'a variant cannot be distilled from itself or from a variant that distils from it',
      });
    }
    state.set(v.variant, 'visiting');
    const t = teacherOf(v);
    if (t !== null) visit(byName.get(t)!, [...path, v.variant]);
    state.set(v.variant, 'done');
    out.push(v);
  };
  for (const v of variants) visit(v, []);
  return out;
}
