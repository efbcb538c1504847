#!/usr/bin/env node
// Generates the smoke experiment's data: a small, SYNTHETIC, parallel question-answering set in LAReQA
// format (SQuAD JSON + `sentences` + `sentence_breaks`), one file per language.
//
// Content: English sentences from templates about invented people and places. The other "languages"
// are the same English text transliterated letter by letter into another script (el: Greek letters,
// ru: Cyrillic letters), so the languages share no tokens, exactly like real languages with different
// scripts, while every question has one parallel answer sentence per language. This is a controlled test
// of batch sampling (a model trained on mono batches never aligns the scripts), not a real dataset.
//
//   node tooling/scripts/make-smoke-fixture.mjs   → test-fixtures/smoke/{train,heldout}/{en,el,ru}.json
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GREEK = 'αβψδεφγηιξκλμνοπθρστυωςχϊζ';
const CYRILLIC = 'абцдефгхийклмнопярстужвъыз';
const scripts = { en: null, el: GREEK, ru: CYRILLIC };

function transliterate(text, alphabet) {
  if (!alphabet) return text;
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const i = lower.charCodeAt(0) - 97;
    if (i >= 0 && i < 26) {
      const m = alphabet[i];
      out += ch === lower ? m : m.toUpperCase();
    } else out += ch;
  }
  return out;
}

const SYL = [
  'ka',
  'lo',
  'mir',
  'ten',
  'va',
  'sul',
  'dor',
  'bri',
  'nel',
  'fa',
  'gor',
  'pim',
  'ru',
  'sha',
  'tek',
  'wen',
  'zo',
  'hal',
  'jin',
  'qua',
];
const COLORS = ['red', 'blue', 'green', 'yellow', 'purple', 'orange', 'white', 'black', 'silver', 'golden'];
const JOBS = [
  'baker',
  'painter',
  'sailor',
  'farmer',
  'teacher',
  'doctor',
  'miner',
  'singer',
  'weaver',
  'builder',
];
const THINGS = [
  'bridge',
  'tower',
  'garden',
  'library',
  'market',
  'harbor',
  'mill',
  'temple',
  'school',
  'museum',
];

function name(rnd, n = 2) {
  let s = '';
  for (let i = 0; i < n; i++) s += SYL[Math.floor(rnd() * SYL.length)];
  return s[0].toUpperCase() + s.slice(1);
}
const pick = (rnd, a) => a[Math.floor(rnd() * a.length)];

// One paragraph about a person: four facts, each with a question.
function paragraph(rnd, used) {
  let person;
  do person = name(rnd, 2 + Math.floor(rnd() * 2));
  while (used.has(person));
  used.add(person);
  const city = name(rnd, 2);
  const year = 1700 + Math.floor(rnd() * 300);
  const job = pick(rnd, JOBS);
  const color = pick(rnd, COLORS);
  const thing = pick(rnd, THINGS);
  const facts = [
    [`${person} was born in ${city} in ${year}.`, `Where was ${person} born?`, city],
    [`As a young adult ${person} worked as a ${job} near the ${thing}.`, `What did ${person} work as?`, job],
    [`The favourite colour of ${person} was ${color}.`, `Which colour did ${person} like most?`, color],
    [
      `Later ${person} built a ${thing} for the people of ${city}.`,
      `What did ${person} build for ${city}?`,
      thing,
    ],
  ];
  return facts;
}

function build(seed, nParagraphs, prefix) {
  const rnd = mulberry32(seed);
  const used = new Set();
  const paras = [];
  for (let p = 0; p < nParagraphs; p++) {
    const facts = paragraph(rnd, used);
    // Two of the four facts get questions.
    const asked = [0, 1, 2, 3]
      .sort(() => rnd() - 0.5)
      .slice(0, 2)
      .sort();
    paras.push({ facts, asked, id: p });
  }
  const files = {};
  for (const [lang, alphabet] of Object.entries(scripts)) {
    const data = [];
    for (const para of paras) {
      const sentences = para.facts.map((f) => transliterate(f[0], alphabet));
      const context = sentences.join(' ');
      const breaks = [];
      let off = 0;
      for (const s of sentences) {
        breaks.push([off, off + s.length]);
        off += s.length + 1;
      }
      const qas = para.asked.map((k) => {
        const [, q, ans] = para.facts[k];
        const a = transliterate(ans, alphabet);
        const start = breaks[k][0] + sentences[k].indexOf(a);
        return {
          id: `${prefix}-${para.id}-${k}`,
          question: transliterate(q, alphabet),
          answers: [{ text: a, answer_start: start }],
        };
      });
      data.push({
        title: `${prefix}-${para.id}`,
        paragraphs: [{ context, qas, sentences, sentence_breaks: breaks }],
      });
    }
    files[lang] = { version: '1.1', data };
  }
  return files;
}

for (const [split, seed, n] of [
  ['train', 1, 60],
  ['heldout', 2, 30],
]) {
  const dir = join(root, 'test-fixtures/smoke', split);
  mkdirSync(dir, { recursive: true });
  for (const [lang, json] of Object.entries(build(seed, n, split))) {
    writeFileSync(join(dir, `${lang}.json`), `${JSON.stringify(json)}\n`);
  }
}
console.log('wrote test-fixtures/smoke/{train,heldout}/{en,el,ru}.json');
