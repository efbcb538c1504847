import { bars } from './bars.js';
import { heatmap } from './heatmap.js';
import { lines } from './lines.js';
import { standaloneSvg } from './svg.js';

/** The chart renderers (pure functions returning inline SVG strings). */
export const charts = { bars, heatmap, lines, standaloneSvg };
export type { BarsOptions, BarValue } from './bars.js';
export type { HeatmapOptions } from './heatmap.js';
export type { LineSeries, LinesOptions } from './lines.js';
