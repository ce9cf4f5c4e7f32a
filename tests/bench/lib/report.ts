/**
 * What a benchmark prints: tables (measured next to the baseline of the same run, with the ratio)
 * and one verdict per budget. Everything is printed as it is produced and kept as Markdown for
 * test-artifacts/bench/latest.md, from which docs/performance.md is updated.
 */

export interface Verdict {
  bench: string;
  budget: string;
  measured: string;
  /** null: reported, not judged (e.g. a format that is not available). */
  pass: boolean | null;
}

export type Cell = string | number;

export const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 1 : 0) : '—');
export const pct = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} %` : '—');
export const ratio = (a: number, b: number) =>
  Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '—';
export const mb = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} MB` : '—');
export const kb = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} KB` : '—');
export const num = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : '—');

const text = (c: Cell) => (typeof c === 'number' ? String(c) : c);

export class Report {
  readonly verdicts: Verdict[] = [];
  readonly markdown: string[] = [];

  constructor(readonly title: string) {
    console.log(`\n=== ${title} ===`);
    this.markdown.push(`### ${title}`, '');
  }

  table(headers: readonly string[], rows: readonly (readonly Cell[])[], caption?: string): void {
    const cells = [headers, ...rows].map((r) => r.map(text));
    const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
    const line = (r: readonly string[]) =>
      r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
    if (caption) console.log(caption);
    console.log(line(cells[0] as string[]));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const r of cells.slice(1)) console.log(line(r));
    console.log('');
    if (caption) this.markdown.push(caption, '');
    this.markdown.push(`| ${headers.join(' | ')} |`);
    this.markdown.push(`| ${headers.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`);
    for (const r of cells.slice(1)) this.markdown.push(`| ${r.join(' | ')} |`);
    this.markdown.push('');
  }

  note(line: string): void {
    console.log(line);
    this.markdown.push(line, '');
  }

  /** Records and prints a budget check. */
  check(budget: string, measured: string, pass: boolean | null): void {
    this.verdicts.push({ bench: this.title, budget, measured, pass });
    const tag = pass === null ? 'N/A ' : pass ? 'PASS' : 'MISS';
    console.log(`  [${tag}] ${budget}: ${measured}`);
  }

  /** Verdicts as a Markdown table (appended after the bench's tables). */
  finish(): void {
    if (this.verdicts.length === 0) return;
    console.log('');
    this.markdown.push('| budget | measured | verdict |', '| --- | --- | --- |');
    for (const v of this.verdicts) {
      const tag = v.pass === null ? 'not judged' : v.pass ? 'PASS' : 'MISS';
      this.markdown.push(`| ${v.budget} | ${v.measured} | ${tag} |`);
    }
    this.markdown.push('');
  }
}

/** Options every benchmark takes. */
export interface BenchOptions {
  /** Larger samples and longer windows (`--full`); the default is the quick mode. */
  full: boolean;
}
