/**
 * A strict well-formedness check of XML 1.0, enough for the parts of a .docx: every character
 * allowed by the `Char` production (no C0 control but tab and line breaks, no U+FFFE/U+FFFF,
 * no lone surrogate), tags that nest and match, one root element, quoted and unique
 * attributes, and only the five predefined entities and character references (to allowed
 * characters). No DTDs: Office parts never have one. Returns the problems found (empty: well
 * formed), each with its offset, so a test failure says where.
 */

const NAME_START = /[A-Za-z_:\u00C0-\uFFFD]/;
const NAME_CHAR = /[-A-Za-z0-9._:\u00B7\u00C0-\uFFFD]/;
const ENTITIES = new Set(['lt', 'gt', 'amp', 'quot', 'apos']);

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const fail = (at: number, what: string) => {
    if (problems.length < 20) problems.push(`${what} at offset ${at}`);
  };

  // Characters first: a lone surrogate is seen here as a code point in D800–DFFF.
  for (let i = 0; i < xml.length; i++) {
    const cp = xml.codePointAt(i) as number;
    if (!isXmlChar(cp)) fail(i, `character U+${cp.toString(16).toUpperCase().padStart(4, '0')}`);
    if (cp > 0xffff) i++;
  }

  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  if (xml.charCodeAt(0) === 0xfeff) i = 1;

  const readName = (): string | null => {
    if (!NAME_START.test(xml[i] ?? '')) return null;
    const start = i;
    i++;
    while (i < xml.length && NAME_CHAR.test(xml[i] as string)) i++;
    return xml.slice(start, i);
  };
  const skipSpace = () => {
    while (i < xml.length && ' \t\r\n'.includes(xml[i] as string)) i++;
  };
  /** A reference starting at `&`; returns the index after it, or -1. */
  const reference = (at: number): number => {
    const end = xml.indexOf(';', at);
    if (end < 0 || end - at > 12) return -1;
    const body = xml.slice(at + 1, end);
    if (ENTITIES.has(body)) return end + 1;
    const m = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(body);
    if (!m) return -1;
    const cp = m[1] !== undefined ? Number.parseInt(m[1], 16) : Number(m[2]);
    return isXmlChar(cp) ? end + 1 : -1;
  };
  /** Character data up to the next `<` (or an attribute value up to its quote). */
  const charData = (stop: string): void => {
    while (i < xml.length && xml[i] !== stop) {
      const c = xml[i];
      if (c === '&') {
        const next = reference(i);
        if (next < 0) {
          fail(i, 'bad reference');
          i++;
        } else i = next;
        continue;
      }
      if (stop === '<' && xml.startsWith(']]>', i)) fail(i, ']]> in text');
      if (stop !== '<' && c === '<') fail(i, '< in an attribute value');
      i++;
    }
  };

  while (i < xml.length) {
    if (xml[i] !== '<') {
      const start = i;
      charData('<');
      if (stack.length === 0 && xml.slice(start, i).trim() !== '')
        fail(start, 'text outside the root');
      continue;
    }
    if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i + 2);
      if (end < 0) return [...problems, `unclosed processing instruction at offset ${i}`];
      i = end + 2;
      continue;
    }
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) return [...problems, `unclosed comment at offset ${i}`];
      if (xml.slice(i + 4, end).includes('--')) fail(i, '-- inside a comment');
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', i)) {
      if (stack.length === 0) fail(i, 'CDATA outside the root');
      const end = xml.indexOf(']]>', i + 9);
      if (end < 0) return [...problems, `unclosed CDATA at offset ${i}`];
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<!', i)) {
      fail(i, 'a DTD or declaration (not expected in an Office part)');
      const end = xml.indexOf('>', i);
      i = end < 0 ? xml.length : end + 1;
      continue;
    }
    if (xml.startsWith('</', i)) {
      const at = i;
      i += 2;
      const name = readName();
      skipSpace();
      if (name === null || xml[i] !== '>') return [...problems, `bad end tag at offset ${at}`];
      i++;
      const open = stack.pop();
      if (open !== name) fail(at, `</${name}> closes <${open ?? 'nothing'}>`);
      continue;
    }
    // A start tag.
    const at = i;
    i++;
    const name = readName();
    if (name === null) return [...problems, `bad tag at offset ${at}`];
    const attrs = new Set<string>();
    for (;;) {
      const before = i;
      skipSpace();
      if (xml.startsWith('/>', i) || xml[i] === '>') break;
      if (i === before) return [...problems, `no space before an attribute at offset ${i}`];
      const attr = readName();
      if (attr === null) return [...problems, `bad attribute at offset ${i}`];
      if (attrs.has(attr)) fail(i, `attribute ${attr} twice`);
      attrs.add(attr);
      skipSpace();
      if (xml[i] !== '=') return [...problems, `attribute without a value at offset ${i}`];
      i++;
      skipSpace();
      const quote = xml[i];
      if (quote !== '"' && quote !== "'") return [...problems, `unquoted attribute at offset ${i}`];
      i++;
      charData(quote);
      if (i >= xml.length) return [...problems, `unclosed attribute value at offset ${at}`];
      i++;
    }
    if (stack.length === 0) roots++;
    if (roots > 1 && stack.length === 0) fail(at, 'a second root element');
    if (xml.startsWith('/>', i)) i += 2;
    else {
      i++;
      stack.push(name);
    }
  }
  if (stack.length > 0) problems.push(`unclosed <${stack[stack.length - 1]}> at the end`);
  if (roots === 0) problems.push('no root element');
  return problems;
}
