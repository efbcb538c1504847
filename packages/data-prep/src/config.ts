import type { DataConfig } from '@hbt/core';

/** The `data` section of a resolved config (defaults filled). */
export type { DataConfig };
/** One entry of `data.train` / `data.eval`. */
export type DatasetRef = DataConfig['train'][number];
/** The readers prep has. */
export type DatasetFormat = NonNullable<DatasetRef['format']>;
/** What prep uses a dataset for. */
export type DatasetRole = 'train' | 'eval';

/** Formats whose items are passages that can be retrieved (they give corpus, queries and qrels). */
export const EVAL_FORMATS: ReadonlySet<DatasetFormat> = new Set(['lareqa', 'squad', 'miracl', 'beir']);
/**
 * Formats whose training items are also evaluation items ("in-domain" evaluation): a train dataset in one
 * of these formats is added to the eval artifacts.
 */
export const IN_DOMAIN_FORMATS: ReadonlySet<DatasetFormat> = new Set(['lareqa', 'squad']);
