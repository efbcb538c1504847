/**
 * @hbt/core — the contracts every hbt stage shares: artifact schemas, Parquet and Arrow IO, manifests
 * and content hashes, atomic stage directories and locks, the seeded RNG, config loading, errors,
 * progress and logging.
 */

export { ARTIFACTS_RULE, checkArtifactsFolder, configInputs } from './config/artifacts.js';
export {
  applySet,
  loadConfig,
  type ResolvedConfig,
  resolvePath,
  resolveVariants,
  setPath,
  validate,
} from './config/load.js';
export {
  configJsonSchema,
  configSchema,
  type DataConfig,
  type EvalConfig,
  type HbtConfig,
  type IndexConfig,
  type ModelConfig,
  type ReportConfig,
  type SamplerConfig,
  type TrainConfig,
  type UserConfig,
} from './config/schema.js';
export { DATASET_FORMATS, datasetFormats } from './config/sections/data.js';
export { type EncoderDims, encoderParameterCount, MODEL_LIMITS } from './config/sections/model.js';
export {
  OBJECTIVE_NAMES,
  type ObjectiveConfig,
  type ObjectiveName,
  type ObjectiveTerm,
  objectiveEntry,
  objectiveSection,
  objectiveTerms,
} from './config/sections/objective.js';
export { type SubsetConfig, subsetSection } from './config/sections/sampler.js';
export {
  TEACHER_VARIANT_PREFIX,
  type TeacherConfig,
  teacherSection,
  teacherVariant,
} from './config/sections/teacher.js';
export { checkVariantName, isVariantName, VARIANT_NAME_RULE } from './config/variant-name.js';
export {
  DISTILL_SKIP_RULE,
  type DistillPairLangs,
  type DistillSide,
  distillSource,
  distillSourceText,
  isSourceLanguage,
} from './distill-source.js';
export {
  type EmbeddingMatrix,
  embeddingsToTable,
  readEmbeddings,
  writeEmbeddings,
} from './embeddings-ipc.js';
export { DataError, type ErrorWhere, exitCodeOf, HbtError, UsageError } from './errors.js';
export {
  type BoundedReadOptions,
  describeFileType,
  formatBytes,
  openRegularFile,
  readBoundedFile,
  readBoundedFileSync,
  statRegularFile,
  statRegularFileSync,
} from './files.js';
export { canonicalJson, hashBytes, hashDir, hashFile, hashJson, hashPath } from './hash.js';
export { compareIds } from './ids.js';
export { PackedStrings, StringInterner, TextHasher } from './interning.js';
export { findSyntaxError, lineColumn } from './json-syntax.js';
export { artifactsRoot, STAGES, type StageName, stageDir } from './layout.js';
export { type ReadLinesOptions, readTextLines, type TextLine } from './lines.js';
export { createLogger, type Logger, memoryLogger } from './logger.js';
export {
  describeInputs,
  HBT_VERSION,
  MANIFEST_FILE,
  type Manifest,
  type ManifestEntry,
  readManifest,
  stageKey,
  writeManifest,
} from './manifest.js';
export { type EvalRow, type ModelCardInfo, renderModelCard } from './model-card.js';
export {
  type Columns,
  InvalidUtf8Value,
  MAX_PARQUET_BYTES,
  type ReadTableOptions,
  ROW_GROUP_ROWS,
  readRows,
  readTable,
  type Table,
  writeArtifact,
  writeFileAtomic,
  writeTable,
} from './parquet.js';
export { openArtifactAppender, ParquetAppender } from './parquet-append.js';
export { ParquetRowRanges, type RowGroupInfo } from './parquet-ranges.js';
export {
  createProgress,
  type ProgressBar,
  type ProgressOptions,
  type ProgressReporter,
  silentProgress,
} from './progress.js';
export { quoteValue } from './quote.js';
export { fnv1a, Rng, type RngState } from './rng.js';
export {
  ARTIFACT_SCHEMAS,
  type ArtifactName,
  type ColumnKind,
  type ColumnSpec,
  columnSpecs,
  SCHEMA_VERSION,
  specs,
} from './schemas.js';
export {
  type RunContext,
  runStage,
  type StageOutcome,
  type StageRunResult,
  type StageSpec,
} from './stage.js';
export {
  assertReplaceable,
  claimWorkDir,
  exists,
  releaseWorkDir,
  removeLeftovers,
  writeDirAtomic,
} from './stage-dir.js';
export { judgeLock, type LockOwner, type LockVerdict, type ProcessProbe, withLock } from './stage-lock.js';
export { HASH_VERIFY_MAX_BYTES, type Ownership, stageDirOwnership, verifyOutputs } from './stage-owner.js';
export {
  readTeacherEmbeddings,
  TeacherEmbeddings,
  writeTeacherEmbeddings,
} from './teacher-embeddings.js';
export { TIMING_FILE, writeTiming } from './timing.js';
export {
  type DecodedText,
  type DecodeOptions,
  decodeUtf8Strict,
  invalidUtf8Error,
  type OnInvalidUtf8,
  type Utf8Location,
} from './utf8.js';
