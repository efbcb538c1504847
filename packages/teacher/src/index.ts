/**
 * @hbt/teacher — the teacher-embedding stage of cross-lingual knowledge distillation (Reimers & Gurevych
 * 2020): the source side of every training pair (`distillSource` in @hbt/core) embedded once by the
 * teacher model (`train.teacher`), cached by content, for the trainer's `distill` objective.
 *
 * @example
 * import { run, teacherStageSpec, trainOrder, usesDistill } from '@hbt/teacher';
 * for (const v of trainOrder(variants)) {
 *   if (!usesDistill(v.config)) continue;
 *   const { spec, inputs } = await teacherStageSpec(v, { log, progress, backend });
 *   await runStage(spec, (ctx) => run(inputs, v.config, ctx));
 * }
 */
export { trainOrder } from './order.js';
export {
  run,
  TEACHER_EMBEDDINGS_FILE,
  TEACHER_STAGE_VERSION,
  type TeacherInputs,
  teacherEmbeddingsPath,
  teacherStageSpec,
} from './run.js';
export { type SourceTexts, sourceTexts } from './source-texts.js';
export {
  loadTeacher,
  type TeacherModelRef,
  teacherConfig,
  teacherModel,
  usesDistill,
} from './teacher-model.js';
