import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A Word file as a reader opening it would see it: converted to PDF by LibreOffice (headless,
 * a profile of its own) and its first pages drawn as PNG files by poppler's pdftoppm, into
 * `outDir` (emptied first). `.ci/run` installs both. Returns the PNG files, first page first.
 */
export function renderDocxPages(file: string, outDir: string, pages = 8): string[] {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  execFileSync(
    'soffice',
    [
      '--headless',
      `-env:UserInstallation=file://${outDir}/profile`,
      '--convert-to',
      'pdf',
      '--outdir',
      outDir,
      file,
    ],
    { stdio: 'ignore', timeout: 120_000 },
  );
  const pdf = path.join(outDir, `${path.basename(file, '.docx')}.pdf`);
  if (!fs.existsSync(pdf)) throw new Error(`LibreOffice made no PDF of ${file}`);
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '70',
    '-f',
    '1',
    '-l',
    String(pages),
    pdf,
    path.join(outDir, 'page'),
  ]);
  return fs
    .readdirSync(outDir)
    .filter((f) => f.endsWith('.png'))
    .sort()
    .map((f) => path.join(outDir, f));
}
