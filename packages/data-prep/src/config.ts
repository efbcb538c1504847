import type { DataConfig } from '@hbt/core';
import { FORMAT_NAMES, FORMATS } from './formats/index.js';

/** The `data` section of a resolved config (defaults filled). */
export type { DataConfig };
/** One entry of `data.train` / `data.eval`. */
export type DatasetRef = DataConfig['train'][number];
/** The readers prep has. */
export type DatasetFormat = NonNullable<DatasetRef['format']>;
/** What prep uses a dataset for. */
export type DatasetRole = 'train' | 'eval';

/** Formats whose items can be retrieved (they give corpus, queries and qrels): those with a task. */
export const EVAL_FORMATS: ReadonlySet<DatasetFormat> = new Set(
  FORMAT_NAMES.filter((f) => FORMATS[f].task !== null),
);
/**
 * Formats whose training items are also evaluation items ("in-domain" evaluation): a train dataset in one
 * of these formats is added to the eval artifacts.
 */
export const IN_DOMAIN_FORMATS: ReadonlySet<DatasetFormat> = new Set(
  FORMAT_NAMES.filter((f) => FORMATS[f].inDomain),
);
