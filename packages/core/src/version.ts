/**
 * The hbt version, written into every manifest and Parquet file (`created_by`) and printed by
 * `hbt --version`. It equals the `version` of every workspace package (a test checks this), and changes
 * only with a release (see the README's "Releases").
 *
 * @example
 * import { HBT_VERSION } from '@hbt/core/version'; // '0.1.0'
 */
export const HBT_VERSION = '0.1.0';
