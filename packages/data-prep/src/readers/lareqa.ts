import { DataError, quoteValue } from '@hbt/core';
import { arrField, intField, parseJson, pathJoin, strField } from '../json.js';
import type { Skips } from '../skips.js';
import { readText } from '../text-io.js';

/**
 * Reader for SQuAD-style JSON, in two modes:
 *
 * - `lareqa` (XQuAD-R, MLQA-R): each paragraph has `sentence_breaks` (`[start, end]` character spans of
 *   `context`); the retrieval candidates are the sentences. A question's answer sentence is the first
 *   span with `start <= answer_start < end`, as in LAReQA's loader (`third_party/utils_lareqa.py` in
 *   google-research/xtreme); every sentence of the paragraph with the same text is an answer sentence.
 * - `squad` (original XQuAD, any SQuAD v1.1 file): no sentence fields; the candidate is the paragraph.
 *
 * `sentences` in the file is ignored: candidates are cut from `context` by `sentence_breaks`, as the
 * reference loader does (they differ for one paragraph of XQuAD-R tr).
 */
export interface SquadParagraph {
  /** 0-based index of the paragraph in the file (over all articles): part of candidate ids. */
  index: number;
  context: string;
  /** Candidate texts: the sentences (lareqa) or the whole context (squad). */
  sentences: string[];
  /** JSON path, for messages. */
  location: string;
}

export interface SquadQuestion {
  id: string;
  text: string;
  /** Index into {@link SquadFile.paragraphs}. */
  paragraph: number;
  /** Position of the sentence holding `answer_start`. */
  sentence: number;
  /** Every position whose sentence text equals the answer sentence (LAReQA's relevance rule). */
  answers: number[];
  location: string;
}

export interface SquadFile {
  lang: string;
  file: string;
  paragraphs: SquadParagraph[];
  questions: SquadQuestion[];
}

export async function readSquadFile(
  file: string,
  lang: string,
  mode: 'lareqa' | 'squad',
  dataset: string,
  skips: Skips,
  limit?: number,
): Promise<SquadFile> {
  const doc = parseJson(
    await readText(file, skips.text(dataset)),
    file,
    'SQuAD-style JSON with a "data" array',
  );
  const articles = arrField(doc, 'data', '', file);
  const paragraphs: SquadParagraph[] = [];
  const questions: SquadQuestion[] = [];
  const seenIds = new Map<string, string>();
  let count = 0;
  articles.forEach((article, a) => {
    const ap = pathJoin('data', a);
    arrField(article, 'paragraphs', ap, file).forEach((para, p) => {
      if (limit !== undefined && count >= limit) return;
      const pp = pathJoin(pathJoin(ap, 'paragraphs'), p);
      const context = strField(para, 'context', pp, file);
      const breaks = mode === 'lareqa' ? readBreaks(para, context, pp, file) : [[0, context.length] as const];
      const paragraph: SquadParagraph = {
        index: paragraphs.length,
        context,
        sentences: breaks.map(([s, e]) => context.slice(s, e)),
        location: pp,
      };
      paragraphs.push(paragraph);
      arrField(para, 'qas', pp, file).forEach((qa, q) => {
        if (limit !== undefined && count >= limit) return;
        const qp = pathJoin(pathJoin(pp, 'qas'), q);
        const id = strField(qa, 'id', qp, file);
        const text = strField(qa, 'question', qp, file);
        const answers = arrField(qa, 'answers', qp, file);
        const prev = seenIds.get(id);
        if (prev !== undefined) {
          throw new DataError(`question id ${quoteValue(id)} appears twice (first at ${prev})`, {
            file,
            location: qp,
            hint: 'question ids must be unique within a language: they link the languages',
          });
        }
        seenIds.set(id, qp);
        const question = checkQuestion({ id, text, answers, qp, paragraph, breaks, file, dataset, skips });
        if (question === null) return;
        questions.push(question);
        count++;
      });
    });
  });
  if (questions.length === 0 && skips.countFor(dataset) === 0) {
    throw new DataError('no questions in the file', { file, hint: 'expected data[].paragraphs[].qas[]' });
  }
  return { lang, file, paragraphs, questions };
}

/** A question's answer sentence, or null (after `skips.invalid`) when the question is invalid. */
function checkQuestion(a: {
  id: string;
  text: string;
  answers: unknown[];
  qp: string;
  paragraph: SquadParagraph;
  breaks: ReadonlyArray<readonly [number, number]>;
  file: string;
  dataset: string;
  skips: Skips;
}): SquadQuestion | null {
  const { qp, paragraph, file } = a;
  const context = paragraph.context;
  const where = { dataset: a.dataset, file, location: qp };
  if (a.text.trim() === '') {
    a.skips.invalid(where, 'the question text is empty');
    return null;
  }
  if (a.answers.length !== 1) {
    a.skips.invalid(where, 'expected exactly 1 answer', {
      detail: `found ${a.answers.length}`,
      hint: 'LAReQA questions have one answer',
    });
    return null;
  }
  const start = intField(a.answers[0], 'answer_start', pathJoin(pathJoin(qp, 'answers'), 0), file);
  const at = { ...where, location: `${qp}.answers[0].answer_start` };
  if (start < 0 || start >= context.length) {
    a.skips.invalid(at, 'answer_start is outside the context', {
      detail: `answer_start ${start}, context of ${context.length} characters`,
    });
    return null;
  }
  const sentence = a.breaks.findIndex(([s, e]) => s <= start && start < e);
  if (sentence < 0) {
    a.skips.invalid(at, 'answer offset is outside every sentence of the paragraph', {
      detail: `answer_start ${start}; see ${paragraph.location}.sentence_breaks`,
      hint: 'LAReQA drops such questions (a sentence-breaking error)',
    });
    return null;
  }
  const answerText = paragraph.sentences[sentence]!;
  if (answerText.trim() === '') {
    a.skips.invalid(where, 'the answer sentence is empty', { detail: `sentence ${sentence}` });
    return null;
  }
  const same: number[] = [];
  paragraph.sentences.forEach((s, i) => {
    if (s === answerText) same.push(i);
  });
  return { id: a.id, text: a.text, paragraph: paragraph.index, sentence, answers: same, location: qp };
}

function readBreaks(
  para: unknown,
  context: string,
  pp: string,
  file: string,
): Array<readonly [number, number]> {
  if (para !== null && typeof para === 'object' && !('sentence_breaks' in para)) {
    throw new DataError('missing field "sentence_breaks"', {
      file,
      location: `${pp}.sentence_breaks`,
      hint: 'LAReQA files (XQuAD-R, MLQA-R) split each context into sentences; for plain SQuAD/XQuAD use format "squad"',
    });
  }
  const raw = arrField(para, 'sentence_breaks', pp, file);
  return raw.map((b, i) => {
    const at = `${pp}.sentence_breaks[${i}]`;
    if (!Array.isArray(b) || b.length !== 2 || !b.every((x) => Number.isInteger(x))) {
      throw new DataError('a sentence break must be [start, end] (two integers)', { file, location: at });
    }
    const [s, e] = b as [number, number];
    if (s < 0 || e < s || e > context.length) {
      throw new DataError(
        `sentence break [${s}, ${e}] is outside the context (${context.length} characters)`,
        {
          file,
          location: at,
        },
      );
    }
    return [s, e] as const;
  });
}
