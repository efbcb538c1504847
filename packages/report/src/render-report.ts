import { charts } from './charts/index.js';
import { buildDocument } from './content/document.js';
import type { ReportModel } from './model/build.js';
import { figuresOf } from './render/doc.js';
import { renderHtml } from './render/html.js';
import { renderMarkdown } from './render/markdown.js';
import { buildSummary } from './summary/build.js';
import type { Summary } from './summary/schema.js';

export interface RenderedReport {
  markdown: string;
  html: string;
  summary: Summary;
  /** Every chart as a standalone SVG file body, by id (written as `figures/<id>.svg`). */
  figures: Array<{ id: string; svg: string }>;
}

/**
 * Render the whole report from a model: pure (no IO, no clock), so equal inputs give equal bytes.
 *
 * @example
 * const out = renderReport(buildModel(data, Rng.fromSeed(13)));
 * out.html.startsWith('<!doctype html>'); // true
 */
export function renderReport(m: ReportModel): RenderedReport {
  const doc = buildDocument(m);
  return {
    markdown: renderMarkdown(doc),
    html: renderHtml(doc),
    summary: buildSummary(m),
    figures: figuresOf(doc).map((f) => ({ id: f.id, svg: charts.standaloneSvg(f.svg) })),
  };
}
