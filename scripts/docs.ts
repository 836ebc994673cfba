// Regenerates the docs that come from drill metadata: docs/catalogue.md, docs/coverage.md, and the
// catalogue section of README.md. `--check` exits 1 if any is stale (the tests call the same code).
import * as fs from 'fs';
import * as path from 'path';
import { catalogueMarkdown, coverage, coverageMarkdown, GENERATED_NOTE } from '../lib/docs/catalogue';
import { catalog } from '../drills/registry';
import { LIBRARY_ROOT } from '../lib/paths';
import { emulatorGapsMarkdown } from '../test/live/emulator-gaps';

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`. */
function section(doc: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const a = doc.indexOf(start);
  const b = doc.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} ... ${end} section`);
  return `${doc.slice(0, a + start.length)}\n${body}${doc.slice(b)}`;
}

export function generatedDocs(): Record<string, string> {
  const catalogue = catalogueMarkdown(catalog.all());
  const readmePath = path.join(LIBRARY_ROOT, 'README.md');
  const readme = fs.readFileSync(readmePath, 'utf8');
  const start = '<!-- catalogue:start -->';
  const end = '<!-- catalogue:end -->';
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) throw new Error('README.md has no <!-- catalogue:start --> ... <!-- catalogue:end --> section');
  return {
    'docs/catalogue.md': `# Drill catalogue\n\n${GENERATED_NOTE}\n\n${catalogue}`,
    'docs/coverage.md': `# Coverage\n\n${GENERATED_NOTE}\n\n${coverageMarkdown(coverage(catalog.all()))}`,
    // The live integration suite's emulator gaps: test/live/emulator-gaps.ts, which the suite also uses.
    'README.md': section(`${readme.slice(0, a + start.length)}\n${catalogue}${readme.slice(b)}`, 'emulator-gaps', emulatorGapsMarkdown()),
  };
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [file, content] of Object.entries(generatedDocs())) {
    const full = path.join(LIBRARY_ROOT, file);
    const current = fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : '';
    if (current === content) continue;
    if (check) {
      console.error(`${file} is stale: run npm run docs`);
      stale++;
    } else {
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, content);
      console.log(`wrote ${file}`);
    }
  }
  process.exitCode = stale ? 1 : 0;
}
