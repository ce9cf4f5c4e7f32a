/**
 * Code points no stored text should hold. Noncharacters (U+FDD0–U+FDEF, and U+xFFFE/U+xFFFF in
 * every plane) are reserved for a program's internal use: XML 1.0 forbids U+FFFE and U+FFFF
 * outright (one of them in `word/document.xml` and Word refuses the file), and the rest have no
 * business in an interchange file. A lone surrogate is not a character at all: UTF-8 cannot
 * encode it, so every encoder silently turns it into U+FFFD. Inputs refuse them (the schemas'
 * string helpers); renderers strip them from text that reached the record another way (an older
 * row, a writer's notes in the doc).
 */

function isNoncharacter(cp: number): boolean {
  return (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe;
}

/** C0 controls other than tab, line feed and carriage return, and DEL (XML 1.0 forbids C0). */
function isControl(c: number): boolean {
  return (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f;
}

/**
 * One pass over `s`, calling `found(start, length)` for every unwanted code point; returns
 * whether any was found. Linear, and allocation-free when the text is clean (the common case).
 */
function scan(
  s: string,
  controls: boolean,
  found: ((start: number, length: number) => void) | null,
): boolean {
  let any = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let length = 1;
    let bad: boolean;
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        length = 2;
        bad = isNoncharacter(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
      } else bad = true;
    } else if (c >= 0xdc00 && c <= 0xdfff) bad = true;
    else if (c >= 0xfdd0) bad = isNoncharacter(c);
    else bad = controls && isControl(c);
    if (bad) {
      if (!found) return true;
      any = true;
      found(i, length);
    }
    i += length - 1;
  }
  return any;
}

/** Whether `s` holds a noncharacter or a lone surrogate. */
export function hasNoncharacters(s: string): boolean {
  return scan(s, false, null);
}

/**
 * `s` without noncharacters and lone surrogates and, with `controls`, without C0 control
 * characters (tab and line breaks kept) and DEL: what every export writes.
 */
export function stripUnsafeText(s: string, opts: { controls: boolean }): string {
  let out = '';
  let from = 0;
  const any = scan(s, opts.controls, (start, length) => {
    out += s.slice(from, start);
    from = start + length;
  });
  return any ? out + s.slice(from) : s;
}
