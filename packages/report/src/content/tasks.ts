import type { ReportModel } from '../model/build.js';
import type { Section } from '../render/doc.js';
import { taskDatasets } from '../tasks/model.js';
import { bitextSections } from './bitext.js';
import { qaNewsSections } from './qa-news.js';

/** The sections of the eval stage's task datasets: bitext retrieval, then cross-lingual QA and news. */
export function taskSections(m: ReportModel): Section[] {
  const datasets = taskDatasets(m);
  return [...bitextSections(m, datasets), ...qaNewsSections(m, datasets)];
}
