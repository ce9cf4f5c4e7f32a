/**
 * The brief's text format: a small, strict subset of Markdown that every format can render the
 * same way. The draft rapporteurs edit is this text; the live preview, the Markdown, HTML and
 * DOCX exports all go through `parseBrief` → blocks → a renderer, so raw HTML or links typed
 * into a draft never reach an export unescaped.
 *
 *   # / ## / ### heading         - bullet item (also * and +)     1. numbered item (also 1))
 *   > boxed note (blank > line separates its paragraphs)         | a | b | pipe table
 *   **strong**  *emphasis* / _emphasis_   \* backslash escapes   blank line ends a block
 */

import { isSpaceCode, stripControls } from './text.ts';

/** A run of text with its emphasis. */
export interface Span {
  text: string;
  strong?: boolean;
  em?: boolean;
}
export type Inline = Span[];

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3; text: Inline }
  | { type: 'paragraph'; text: Inline }
  | { type: 'bullets'; items: Inline[] }
  | { type: 'numbered'; start: number; items: Inline[] }
  | { type: 'note'; paragraphs: Inline[] }
  | { type: 'table'; header: Inline[]; rows: Inline[][] };

// ---- Writing user text into the format --------------------------------------------------

/** Escapes characters that would change the meaning of inline text. */
export function escapeInline(s: string): string {
  return stripControls(s)
    .replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`)
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
}

/** Escapes a text that starts a line (a heading, list or quote marker would otherwise start). */
export function escapeLineStart(s: string): string {
  const e = escapeInline(s);
  if (/^(#|>|[-+=]|\d+[.)]|~~~)/.test(e)) {
    const m = /^(\d+)([.)])/.exec(e);
    if (m) return `${m[1]}\\${m[2]}${e.slice(m[0].length)}`;
    return `\\${e}`;
  }
  return e;
}

/**
 * Makes already-escaped text safe to start a line or a list item: a leading `#`, `>`, `-`,
 * `+`, `=` or `1.` would otherwise open a heading, quote or (nested) list.
 */
export function safeStart(md: string): string {
  const m = /^(\d{1,9})([.)])/.exec(md);
  if (m) return `${m[1]}\\${m[2]}${md.slice(m[0].length)}`;
  return /^(#|>|[-+=]\s|[-+=]$|~~~)/.test(md) ? `\\${md}` : md;
}

/** User text for one line of the format: whitespace collapsed, then escaped. */
export function userText(s: string): string {
  return escapeInline(s.replace(/\s+/g, ' ').trim());
}

/** Free text typed by a rapporteur (notes): emphasis and lists kept, markup that could hide
 * links or raw HTML escaped. */
export function rapporteurText(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) =>
      line
        .replace(/[\\`[\]<>]/g, (c) => `\\${c}`)
        .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
        .replace(/^(\s*)\|/, '$1\\|'),
    )
    .join('\n')
    .trim();
}

// ---- Parsing ----------------------------------------------------------------------------

const ESCAPABLE = /[!-/:-@[-`{-~]/;

/** Parses inline text: backslash escapes, **strong**, *em* and _em_ (innermost closes first). */
export function parseInline(src: string): Inline {
  const out: Inline = [];
  const stack: ('strong' | 'em*' | 'em_')[] = [];
  let buf = '';
  const flush = () => {
    if (buf === '') return;
    const strong = stack.includes('strong');
    const em = stack.includes('em*') || stack.includes('em_');
    const last = out[out.length - 1];
    if (last && !!last.strong === strong && !!last.em === em) last.text += buf;
    else {
      const span: Span = { text: buf };
      if (strong) span.strong = true;
      if (em) span.em = true;
      out.push(span);
    }
    buf = '';
  };
  const isWord = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
  const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
  // An opener needs an unescaped marker further on, or it is literal text.
  const closes = (from: number, marker: string) => {
    for (let j = from; j < src.length; j++) {
      if (src[j] === '\\') {
        j++;
        continue;
      }
      if (src.startsWith(marker, j)) return true;
    }
    return false;
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string;
    if (c === '\\' && i + 1 < src.length && ESCAPABLE.test(src[i + 1] as string)) {
      buf += src[i + 1];
      i++;
      continue;
    }
    if (c === '*') {
      let run = 1;
      while (src[i + run] === '*') run++;
      const prev = src[i - 1];
      const next = src[i + run];
      let left = run;
      // Close what is open, innermost first.
      while (left > 0 && !isSpace(prev) && i > 0) {
        const top = stack[stack.length - 1];
        if (top === 'strong' && left >= 2) {
          flush();
          stack.pop();
          left -= 2;
        } else if (top === 'em*') {
          flush();
          stack.pop();
          left -= 1;
        } else break;
      }
      // Open with what is left, when something can close it later.
      const after = i + run;
      if (left >= 2 && !isSpace(next) && !stack.includes('strong') && closes(after, '**')) {
        flush();
        stack.push('strong');
        left -= 2;
      }
      if (left >= 1 && !isSpace(next) && !stack.includes('em*') && closes(after, '*')) {
        flush();
        stack.push('em*');
        left -= 1;
      }
      buf += '*'.repeat(left);
      i += run - 1;
      continue;
    }
    if (c === '_') {
      if (stack[stack.length - 1] === 'em_' && !isSpace(src[i - 1]) && !isWord(src[i + 1])) {
        flush();
        stack.pop();
        continue;
      }
      if (
        !stack.includes('em_') &&
        !isWord(src[i - 1]) &&
        !isSpace(src[i + 1]) &&
        closes(i + 1, '_')
      ) {
        flush();
        stack.push('em_');
        continue;
      }
    }
    buf += c;
  }
  flush();
  return out;
}

// ---- Line classification ------------------------------------------------------------------
//
// Every line is classified by scanning it once from each end, never by a backtracking pattern:
// `/^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/` took quadratic time in a run of spaces (100,000 spaces in
// one line of notes held the export worker for 16 s and a rapporteur's live preview for 10 s),
// and `.` not crossing U+2028 made the list patterns quadratic too. A line separator inside a
// line is plain text here.

/** Index of the first non-space at or after `from` (at most `max` spaces skipped). */
function skipSpaces(line: string, from: number, max = Number.POSITIVE_INFINITY): number {
  let i = from;
  while (i < line.length && i - from < max && isSpaceCode(line.charCodeAt(i))) i++;
  return i;
}

/** Index just after the last non-space before `to`, not going below `floor`. */
function trimEndIndex(line: string, to: number, floor: number): number {
  let end = to;
  while (end > floor && isSpaceCode(line.charCodeAt(end - 1))) end--;
  return end;
}

/** `# Heading` (1–6 marks, then whitespace; an optional closing run of # is dropped). */
export function headingOf(line: string): { marks: number; text: string } | null {
  let marks = 0;
  while (marks < line.length && line.charCodeAt(marks) === 0x23) marks++;
  if (marks < 1 || marks > 6 || !isSpaceCode(line.charCodeAt(marks))) return null;
  const start = skipSpaces(line, marks);
  let end = trimEndIndex(line, line.length, start);
  // A closing sequence is a run of # that whitespace separates from the text.
  let k = end;
  while (k > start && line.charCodeAt(k - 1) === 0x23) k--;
  if (k < end && k > start && isSpaceCode(line.charCodeAt(k - 1)))
    end = trimEndIndex(line, k, start);
  return { marks, text: line.slice(start, end) };
}

/** `- item` (also * and +, indented by at most three spaces): the item's text. */
export function bulletOf(line: string): string | null {
  const i = skipSpaces(line, 0, 3);
  const c = line.charCodeAt(i);
  if (c !== 0x2d && c !== 0x2a && c !== 0x2b) return null;
  if (!isSpaceCode(line.charCodeAt(i + 1))) return null;
  return line.slice(skipSpaces(line, i + 1));
}

/** `1. item` or `1) item` (at most nine digits): the number and the item's text. */
export function orderedOf(line: string): { start: number; text: string } | null {
  const from = skipSpaces(line, 0, 3);
  let i = from;
  while (
    i < line.length &&
    i - from <= 9 &&
    line.charCodeAt(i) >= 0x30 &&
    line.charCodeAt(i) <= 0x39
  ) {
    i++;
  }
  const digits = i - from;
  if (digits < 1 || digits > 9) return null;
  const c = line.charCodeAt(i);
  if (c !== 0x2e && c !== 0x29) return null;
  if (!isSpaceCode(line.charCodeAt(i + 1))) return null;
  return { start: Number(line.slice(from, i)), text: line.slice(skipSpaces(line, i + 1)) };
}

/** `> note` (one space after the mark is part of the mark): the quoted text. */
export function quoteOf(line: string): string | null {
  const i = skipSpaces(line, 0, 3);
  if (line.charCodeAt(i) !== 0x3e) return null;
  return line.slice(isSpaceCode(line.charCodeAt(i + 1)) ? i + 2 : i + 1);
}

/** `| a | b |`: starts and ends with a pipe once surrounding whitespace is ignored. */
export function isTableRow(line: string): boolean {
  const start = skipSpaces(line, 0);
  const end = trimEndIndex(line, line.length, start);
  return end - start >= 2 && line.charCodeAt(start) === 0x7c && line.charCodeAt(end - 1) === 0x7c;
}

/** `| --- | :---: |`: every cell is at least two dashes, with optional colons and spaces. */
export function isTableRule(line: string): boolean {
  let i = skipSpaces(line, 0);
  const end = trimEndIndex(line, line.length, i);
  if (line.charCodeAt(i) !== 0x7c) return false;
  i++;
  let cells = 0;
  while (i < end) {
    i = skipSpaces(line, i);
    if (line.charCodeAt(i) === 0x3a) i++;
    const dashes = i;
    while (i < end && line.charCodeAt(i) === 0x2d) i++;
    if (i - dashes < 2) return false;
    if (line.charCodeAt(i) === 0x3a) i++;
    i = skipSpaces(line, i);
    if (i >= end || line.charCodeAt(i) !== 0x7c) return false;
    i++;
    cells++;
  }
  return cells > 0;
}

function tableCells(line: string): string[] {
  const trimmed = line.trim();
  const inner = trimmed.slice(
    trimmed.startsWith('|') ? 1 : 0,
    trimmed.length > 1 && trimmed.endsWith('|') ? -1 : undefined,
  );
  const cells: string[] = [];
  let cur = '';
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '\\' && inner[i + 1] === '|') {
      cur += '\\|';
      i++;
    } else if (c === '|') {
      cells.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  cells.push(cur.trim());
  return cells;
}

/** Parses the brief format into blocks. Never throws: anything unrecognised is a paragraph. */
export function parseBrief(src: string): Block[] {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  const blank = (l: string | undefined) => l === undefined || l.trim() === '';
  const startsBlock = (l: string) =>
    headingOf(l) !== null || bulletOf(l) !== null || orderedOf(l) !== null || quoteOf(l) !== null;
  while (i < lines.length) {
    const line = lines[i] as string;
    if (blank(line)) {
      i++;
      continue;
    }
    const h = headingOf(line);
    if (h) {
      const level = Math.min(3, h.marks) as 1 | 2 | 3;
      blocks.push({ type: 'heading', level, text: parseInline(h.text) });
      i++;
      continue;
    }
    if (quoteOf(line) !== null) {
      const paragraphs: string[][] = [[]];
      let quoted = quoteOf(line);
      while (quoted !== null) {
        const content = quoted.trim();
        if (content === '') paragraphs.push([]);
        else paragraphs[paragraphs.length - 1]?.push(content);
        i++;
        quoted = i < lines.length ? quoteOf(lines[i] as string) : null;
      }
      const paras = paragraphs.filter((p) => p.length > 0).map((p) => parseInline(p.join(' ')));
      if (paras.length > 0) blocks.push({ type: 'note', paragraphs: paras });
      continue;
    }
    const firstOrdered = bulletOf(line) === null ? orderedOf(line) : null;
    if (bulletOf(line) !== null || firstOrdered !== null) {
      const ordered = firstOrdered !== null;
      const itemOf = (l: string) => (ordered ? (orderedOf(l)?.text ?? null) : bulletOf(l));
      const start = firstOrdered?.start ?? 1;
      const items: string[] = [];
      while (i < lines.length) {
        const l = lines[i] as string;
        const item = itemOf(l);
        if (item !== null) {
          items.push(item);
        } else if (!blank(l) && !startsBlock(l) && !isTableRow(l) && items.length > 0) {
          items[items.length - 1] += ` ${l.trim()}`;
        } else break;
        i++;
      }
      const parsed = items.map((it) => parseInline(it.trim()));
      blocks.push(
        ordered ? { type: 'numbered', start, items: parsed } : { type: 'bullets', items: parsed },
      );
      continue;
    }
    if (isTableRow(line) && isTableRule(lines[i + 1] ?? '')) {
      const header = tableCells(line).map(parseInline);
      i += 2;
      const rows: Inline[][] = [];
      while (i < lines.length && isTableRow(lines[i] as string)) {
        const cells = tableCells(lines[i] as string).map(parseInline);
        while (cells.length < header.length) cells.push([]);
        rows.push(cells.slice(0, header.length));
        i++;
      }
      blocks.push({ type: 'table', header, rows });
      continue;
    }
    const para: string[] = [];
    while (
      i < lines.length &&
      !blank(lines[i]) &&
      (para.length === 0 || !startsBlock(lines[i] as string))
    ) {
      para.push((lines[i] as string).trim());
      i++;
    }
    blocks.push({ type: 'paragraph', text: parseInline(para.join(' ')) });
  }
  return blocks;
}

/** The plain text of inline content (for search, tests and DOCX fallbacks). */
export function plainText(inline: Inline): string {
  return inline.map((s) => s.text).join('');
}

/** Every piece of plain text in a list of blocks, in order. */
export function blocksText(blocks: readonly Block[]): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'heading':
      case 'paragraph':
        out.push(plainText(b.text));
        break;
      case 'bullets':
      case 'numbered':
        for (const it of b.items) out.push(plainText(it));
        break;
      case 'note':
        for (const p of b.paragraphs) out.push(plainText(p));
        break;
      case 'table':
        out.push(b.header.map(plainText).join(' | '));
        for (const r of b.rows) out.push(r.map(plainText).join(' | '));
        break;
    }
  }
  return out;
}

// ---- Markdown out -----------------------------------------------------------------------

function inlineMd(inline: Inline, lineStart: boolean): string {
  let out = '';
  inline.forEach((s, k) => {
    if (s.text === '') return;
    let t =
      k === 0 && lineStart && !s.strong && !s.em ? escapeLineStart(s.text) : escapeInline(s.text);
    // Emphasis markers must hug the text: keep surrounding spaces outside them.
    // Scanned, not `/\s*$/`: that pattern is quadratic in a long run of spaces.
    const from = skipSpaces(t, 0);
    const to = trimEndIndex(t, t.length, from);
    const lead = t.slice(0, from);
    const trail = t.slice(to);
    t = t.slice(from, to);
    if (t === '') {
      out += s.text.includes('\n') ? ' ' : escapeInline(s.text);
      return;
    }
    if (s.em) t = `*${t}*`;
    if (s.strong) t = `**${t}**`;
    out += lead + t + trail;
  });
  return out;
}

/** Renders blocks as Markdown (CommonMark with GFM tables) that parses back to the same blocks. */
export function renderMarkdownBlocks(blocks: readonly Block[]): string {
  const parts: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'heading':
        // A # in a heading's text would read as its closing sequence: always escaped.
        parts.push(`${'#'.repeat(b.level)} ${inlineMd(b.text, false).replace(/#/g, '\\#')}`);
        break;
      case 'paragraph':
        parts.push(inlineMd(b.text, true));
        break;
      case 'bullets':
        parts.push(b.items.map((it) => `- ${inlineMd(it, true)}`).join('\n'));
        break;
      case 'numbered':
        parts.push(b.items.map((it, k) => `${b.start + k}. ${inlineMd(it, true)}`).join('\n'));
        break;
      case 'note':
        parts.push(b.paragraphs.map((p) => `> ${inlineMd(p, true)}`).join('\n>\n'));
        break;
      case 'table': {
        const row = (cells: Inline[]) =>
          `| ${cells.map((c) => inlineMd(c, false) || ' ').join(' | ')} |`;
        parts.push(
          [row(b.header), `|${b.header.map(() => ' --- ').join('|')}|`, ...b.rows.map(row)].join(
            '\n',
          ),
        );
        break;
      }
    }
  }
  return `${parts.join('\n\n')}\n`;
}
