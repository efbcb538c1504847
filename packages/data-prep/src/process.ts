import { FORMATS } from './formats/index.js';
import type { DatasetResult, ProcessOptions } from './formats/types.js';
import type { LocatedDataset } from './locate.js';

export type { DatasetResult, ProcessOptions };

/**
 * Read one located dataset with its format's reader and add what its roles ask for: corpus/queries/qrels
 * rows into `o.tables` (eval role) and training pairs (train role).
 */
export function processDataset(ds: LocatedDataset, o: ProcessOptions): Promise<DatasetResult> {
  return FORMATS[ds.format].read(ds, o);
}
