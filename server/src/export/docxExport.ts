import {
  type Block,
  type BriefDocument,
  type Inline,
  LANG_TAGS,
  stripControls,
} from '@convene/shared';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  LevelFormat,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';

/**
 * A brief or series paper as a real Word document: Word's own Title and Heading styles (so the
 * navigation pane and a table of contents work), real numbered and bulleted lists, the Chatham
 * House note as a bordered, shaded box, annex tables with a repeated header row, and page
 * numbers in the footer. A4 with 2 cm margins; Word and LibreOffice both open it cleanly.
 */

const ACCENT = '0B3A53';
const LIGHT = 'EEF3F6';
const GREY = '4A4A48';
const BODY_FONT = 'Cambria';
const HEADING_FONT = 'Calibri';
/** A4 in twips, with 2 cm margins. */
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;

function runs(inline: Inline, extra: { color?: string; size?: number } = {}): TextRun[] {
  return inline.map(
    (s) =>
      new TextRun({
        // XML 1.0 has no way to write U+FFFF or a C0 control: the text loses them, the file
        // stays well-formed (the library escapes markup, not these).
        text: stripControls(s.text),
        // Only ever switched on: an explicit "not bold" would override the heading styles.
        ...(s.strong ? { bold: true } : {}),
        ...(s.em ? { italics: true } : {}),
        ...(extra.color ? { color: extra.color } : {}),
        ...(extra.size ? { size: extra.size } : {}),
      }),
  );
}

const HEADINGS = {
  1: HeadingLevel.TITLE,
  2: HeadingLevel.HEADING_1,
  3: HeadingLevel.HEADING_2,
} as const;

const noteBorder = { style: BorderStyle.SINGLE, size: 8, color: ACCENT, space: 6 };

/** Column widths for a table: text columns share the room, number columns stay narrow. */
function columnWidths(block: Extract<Block, { type: 'table' }>): number[] {
  const n = block.header.length;
  const numeric = block.header.map((_, c) =>
    block.rows.every((r) => /^(\d+|–|-|)$/.test((r[c] ?? []).map((s) => s.text).join(''))),
  );
  const numberWidth = 900;
  const numbers = numeric.filter(Boolean).length;
  const textCols = n - numbers;
  // The first text column (the idea itself) gets twice the share of the others.
  const shares: number[] = numeric.map((isNum, c) =>
    isNum ? 0 : c === numeric.indexOf(false) ? 2 : 1,
  );
  const totalShare = shares.reduce((a, b) => a + b, 0) || 1;
  const room = CONTENT_WIDTH - numbers * numberWidth;
  return numeric.map((isNum, c) =>
    isNum ? numberWidth : Math.floor((room * (shares[c] ?? 1)) / (textCols > 0 ? totalShare : 1)),
  );
}

function table(block: Extract<Block, { type: 'table' }>): Table {
  const widths = columnWidths(block);
  const numeric = widths.map((w) => w === 900);
  // Kept lean: a 1,000-idea annex has 5,000 cells, and every option is an object to serialise.
  // Widths come from the table grid (fixed layout), margins from the table.
  const cell = (inline: Inline, c: number, header: boolean) =>
    new TableCell({
      ...(header ? { shading: { type: ShadingType.CLEAR, fill: LIGHT, color: 'auto' } } : {}),
      children: [
        new Paragraph({
          style: 'TableText',
          ...(numeric[c] ? { alignment: AlignmentType.RIGHT } : {}),
          children: runs(header ? inline.map((s) => ({ ...s, strong: true })) : inline),
        }),
      ],
    });
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    rows: [
      new TableRow({ tableHeader: true, children: block.header.map((h, c) => cell(h, c, true)) }),
      ...block.rows.map((r) => new TableRow({ children: r.map((x, c) => cell(x, c, false)) })),
    ],
  });
}

/** "page 3 of 7" in the document's language (the footer is part of the brief's fixed words). */
const PAGE_OF: Record<'en' | 'fr' | 'es', [string, string]> = {
  en: ['page ', ' of '],
  fr: ['page ', ' sur '],
  es: ['página ', ' de '],
};

/** Word's language tags for the brief's languages. */

export async function renderDocx(doc: BriefDocument): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  // Numbered lists: a list that starts where the previous one ended continues it (as the
  // recommendations do across actors); any other list restarts with its own number.
  const numberingConfigs = new Map<number, string>();
  const numberingRef = (start: number) => {
    let ref = numberingConfigs.get(start);
    if (!ref) {
      ref = `numbers-from-${start}`;
      numberingConfigs.set(start, ref);
    }
    return ref;
  };
  let instance = 0;
  let lastNumbered: { ref: string; instance: number; next: number } | null = null;

  for (const [index, section] of doc.sections.entries()) {
    const isHeader = section.key === 'header';
    if (index > 0 && doc.sections[index - 1]?.key === 'header') {
      // A rule under the title block, as on the first page of a printed brief.
      children.push(
        new Paragraph({
          spacing: { before: 60, after: 240 },
          border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: 'C9C6BD', space: 4 } },
          children: [],
        }),
      );
    }
    for (const b of section.blocks) {
      switch (b.type) {
        case 'heading':
          children.push(new Paragraph({ heading: HEADINGS[b.level], children: runs(b.text) }));
          break;
        case 'paragraph':
          children.push(
            new Paragraph(
              isHeader
                ? { style: 'BriefMeta', children: runs(b.text) }
                : { children: runs(b.text) },
            ),
          );
          break;
        case 'bullets':
          for (const item of b.items) {
            children.push(
              new Paragraph({
                numbering: { reference: 'bullets', level: 0 },
                children: runs(item),
              }),
            );
          }
          break;
        case 'numbered': {
          let target: { ref: string; instance: number };
          if (lastNumbered && b.start === lastNumbered.next && b.start !== 1) {
            target = lastNumbered;
          } else {
            instance++;
            target = { ref: numberingRef(b.start), instance };
          }
          for (const item of b.items) {
            children.push(
              new Paragraph({
                numbering: { reference: target.ref, level: 0, instance: target.instance },
                children: runs(item),
              }),
            );
          }
          lastNumbered = { ...target, next: b.start + b.items.length };
          break;
        }
        case 'note':
          // Paragraphs with the same borders are drawn as one box by Word and LibreOffice.
          for (const p of b.paragraphs) {
            children.push(
              new Paragraph({
                style: 'BriefNote',
                border: {
                  top: noteBorder,
                  bottom: noteBorder,
                  left: noteBorder,
                  right: noteBorder,
                },
                shading: { type: ShadingType.CLEAR, fill: LIGHT, color: 'auto' },
                children: runs(p),
              }),
            );
          }
          break;
        case 'table':
          children.push(table(b));
          children.push(new Paragraph({ children: [] }));
          break;
      }
    }
  }

  const document = new Document({
    creator: 'Convene',
    title: stripControls(doc.title),
    subject: stripControls(doc.subject),
    description: stripControls(`${doc.subject}: ${doc.title}`),
    styles: {
      default: {
        document: {
          // The brief's language (issue 14): Word's spelling and hyphenation follow it.
          run: {
            font: BODY_FONT,
            size: 22,
            color: '1D1D1B',
            language: { value: LANG_TAGS[doc.language ?? 'en'] },
          },
          paragraph: { spacing: { after: 120, line: 288 } },
        },
        title: {
          run: { font: HEADING_FONT, size: 44, bold: true, color: ACCENT },
          // Single spacing said outright: a two-line title otherwise overlapped in LibreOffice,
          // which read the inherited spacing without its rule.
          paragraph: { spacing: { after: 160, line: 264, lineRule: LineRuleType.AUTO } },
        },
        heading1: {
          run: { font: HEADING_FONT, size: 30, bold: true, color: ACCENT },
          paragraph: {
            spacing: { before: 360, after: 120 },
            keepNext: true,
            border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: ACCENT, space: 2 } },
          },
        },
        heading2: {
          run: { font: HEADING_FONT, size: 24, bold: true, color: '1D1D1B' },
          paragraph: { spacing: { before: 240, after: 80 }, keepNext: true },
        },
      },
      paragraphStyles: [
        {
          id: 'BriefMeta',
          name: 'Brief metadata',
          basedOn: 'Normal',
          run: { font: HEADING_FONT, size: 22, color: GREY },
          paragraph: { spacing: { after: 40 } },
        },
        {
          id: 'BriefNote',
          name: 'Brief note',
          basedOn: 'Normal',
          run: { size: 21 },
          paragraph: { spacing: { before: 0, after: 0 }, indent: { left: 170, right: 170 } },
        },
        {
          id: 'TableText',
          name: 'Table text',
          basedOn: 'Normal',
          run: { size: 17 },
          paragraph: { spacing: { after: 0, line: 240 } },
        },
      ],
    },
    numbering: {
      config: [
        {
          reference: 'bullets',
          levels: [
            {
              level: 0,
              format: LevelFormat.BULLET,
              text: '•',
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: 400, hanging: 260 } }, run: { color: ACCENT } },
            },
          ],
        },
        ...[...numberingConfigs.entries()].map(([start, reference]) => ({
          reference,
          levels: [
            {
              level: 0,
              format: LevelFormat.DECIMAL,
              text: '%1.',
              start,
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: 520, hanging: 420 } } },
            },
          ],
        })),
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: {
              top: PAGE.margin,
              bottom: PAGE.margin,
              left: PAGE.margin,
              right: PAGE.margin,
            },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    children: [
                      `${stripControls(doc.subject)} · ${PAGE_OF[doc.language ?? 'en'][0]}`,
                      PageNumber.CURRENT,
                      PAGE_OF[doc.language ?? 'en'][1],
                      PageNumber.TOTAL_PAGES,
                    ],
                    size: 16,
                    color: '6B6B68',
                    font: HEADING_FONT,
                  }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
