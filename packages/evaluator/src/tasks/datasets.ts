import { existsSync } from 'node:fs';
import { DataError, readTable } from '@hbt/core';

/**
 * What prep says each dataset is for (`datasets.parquet`: one row per dataset with `dataset`, `role`,
 * `format`, `task`, `pivot`, `languages`). The task picks how the eval stage evaluates it:
 *
 * | task | evaluation |
 * | --- | --- |
 * | `lareqa`, `trec` | LAReQA's settings from the qrels (today's behaviour) |
 * | `qa` | the same, with chance levels and pool sizes beside (AfriQA: xx → pivot passage is cross, the translation → its own language is mono, both versions against the pool is multi) |
 * | `news` | mono only (headline → article of its language), with chance levels and pool sizes |
 * | `bitext` | relevance from `group_id`: language pairs over their aligned sets and the multi-way pool (`bitext/evaluate.ts`) |
 *
 * A prep directory without the file (written before it existed) gives every dataset `lareqa`.
 */
export const TASKS = ['lareqa', 'trec', 'bitext', 'qa', 'news'] as const;
export type Task = (typeof TASKS)[number];

export interface DatasetTask {
  task: Task;
  /** The language paired with every other (bitext) or the passages' language (qa); null = not stated. */
  pivot: string | null;
}

/**
 * Read `datasets.parquet`; an absent path or file gives an empty map (every dataset then `lareqa`). Rows
 * without a task (training-only formats) are skipped; a dataset with a train and an eval row takes the
 * eval row's task and pivot.
 *
 * @example
 * const tasks = await readDatasetTasks('prep/datasets.parquet');
 * tasks.get('ntrex-128'); // { task: 'bitext', pivot: 'eng' }
 * @throws DataError naming the file, row and field for a missing dataset name or an unknown task.
 */
export async function readDatasetTasks(path: string | undefined): Promise<Map<string, DatasetTask>> {
  const out = new Map<string, DatasetTask>();
  if (path === undefined || !existsSync(path)) return out;
  const t = await readTable(path);
  for (const col of ['dataset', 'task']) {
    if (!(col in t.columns)) {
      throw new DataError(`datasets table has no column "${col}"`, {
        file: path,
        hint: 're-run prep to write datasets.parquet again',
      });
    }
  }
  const names = t.columns.dataset as Array<string | null>;
  const tasks = t.columns.task as Array<string | null>;
  const pivots = (t.columns.pivot as Array<string | null> | undefined) ?? [];
  const roles = (t.columns.role as Array<string | null> | undefined) ?? [];
  for (let i = 0; i < t.numRows; i++) {
    const name = names[i];
    const task = tasks[i];
    if (typeof name !== 'string' || name === '') {
      throw new DataError('a row has no dataset name', { file: path, location: `row ${i}, column dataset` });
    }
    if (task === null || task === undefined) continue; // a training-only format
    if (!TASKS.includes(task as Task)) {
      throw new DataError(
        `dataset "${name}" has task "${String(task)}", which the eval stage does not know`,
        {
          file: path,
          location: `row ${i}, column task`,
          hint: `tasks: ${TASKS.join(', ')}`,
        },
      );
    }
    if (out.has(name) && roles[i] !== 'eval') continue; // the eval row wins over the train row
    const pivot = pivots[i];
    out.set(name, { task: task as Task, pivot: typeof pivot === 'string' && pivot !== '' ? pivot : null });
  }
  return out;
}
