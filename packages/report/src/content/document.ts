import type { ReportModel } from '../model/build.js';
import type { Doc, Section } from '../render/doc.js';
import { figureSections } from './figures.js';
import { introSections } from './intro.js';
import { mainSections } from './main-tables.js';
import { paperSection } from './paper.js';
import { perLanguageSections } from './per-language.js';
import { significanceSection } from './significance.js';
import { questionSections, sweepSections } from './sweeps.js';
import { taskSections } from './tasks.js';

/** The whole report as a document tree (rendered to Markdown and HTML). */
export function buildDocument(m: ReportModel): Doc {
  const nSeeds = m.arms.reduce((s, a) => s + a.variants.length, 0);
  const sections: Section[] = [
    ...introSections(m),
    ...questionSections(m),
    ...mainSections(m),
    ...sweepSections(m),
    // the LAReQA / TREC datasets' significance, charts and per-language tables (none without one)
    ...(m.datasets.length > 0 ? [significanceSection(m)] : []),
    ...figureSections(m),
    ...perLanguageSections(m),
    ...taskSections(m),
  ];
  if (m.options.paper) sections.push(paperSection(m));
  if (m.notes.length > 0) {
    sections.push({ id: 'notes', title: 'Notes', level: 2, blocks: [{ kind: 'list', items: m.notes }] });
  }
  return {
    title: m.title,
    subtitle: `Experiment \`${m.experiment}\` · ${m.arms.length} arm(s), ${nSeeds} variant(s) · ${m.allDatasets.length} evaluation dataset(s): ${m.allDatasets
      .map((d) => `${d.name} (${d.inDomain ? 'in-domain' : 'zero-shot'})`)
      .join(', ')}`,
    sections,
  };
}
