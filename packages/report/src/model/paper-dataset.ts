/** The two evaluation sets of the paper's main tables. */
export type PaperDataset = 'xquad-r' | 'mlqa-r';

/**
 * Which of the paper's datasets a dataset name refers to (by name: `xquad-r`, `XQuAD-R`, `xquad_r`…);
 * null for others (their published numbers are not shown beside them).
 */
export function paperDatasetOf(name: string): PaperDataset | null {
  const n = name.toLowerCase().replace(/[^a-z]/g, '');
  if (n.startsWith('xquadr')) return 'xquad-r';
  if (n.startsWith('mlqar')) return 'mlqa-r';
  return null;
}
