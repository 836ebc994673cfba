import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkedFile, MAX_DOCUMENT_BYTES, readDocument } from '../../../lib/grading/inputs';

let ws: string;
let outside: string;
beforeAll(() => {
  ws = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-inputs-')));
  outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-outside-')));
  fs.writeFileSync(path.join(outside, 'secret.md'), '# secret\n');
  fs.writeFileSync(path.join(ws, 'ok.md'), '## Record\nChanged the role, because it was too wide.\n');
});
afterAll(() => {
  fs.rmSync(ws, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});
const file = (name: string, content: string | Buffer) => {
  fs.writeFileSync(path.join(ws, name), content);
  return path.join(ws, name);
};
const read = (f: string) => readDocument(f, ws, path.basename(f), 'runbook');

describe('what the grader reads from a workspace is bounded', () => {
  test('a Markdown file within the limit is read', () => {
    expect(read(path.join(ws, 'ok.md'))).toContain('## Record');
  });
  test.each([
    ['missing', () => path.join(ws, 'nope.md'), 'runbook not found: nope.md'],
    ['a directory', () => (fs.mkdirSync(path.join(ws, 'dir.md'), { recursive: true }), path.join(ws, 'dir.md')), 'runbook dir.md is a directory, not a file'],
    ['too large', () => file('big.md', 'a'.repeat(MAX_DOCUMENT_BYTES + 1)), 'runbook big.md is 257 KiB, more than the 256 KiB the grader reads'],
    ['binary (NUL bytes)', () => file('nul.md', Buffer.from('## Record\n\0\0\0binary')), 'runbook nul.md is binary (it contains NUL bytes), not Markdown'],
    ['not UTF-8', () => file('latin1.md', Buffer.from([0x23, 0x20, 0xe9, 0xe8, 0x0a])), 'runbook latin1.md is not UTF-8 text'],
    ['empty', () => file('empty.md', '  \n\n'), 'runbook is empty: empty.md'],
    ['a link out of the workspace', () => (fs.symlinkSync(path.join(outside, 'secret.md'), path.join(ws, 'link.md')), path.join(ws, 'link.md')), 'runbook link.md is a link that leads out of the workspace'],
    ['a link to nothing', () => (fs.symlinkSync(path.join(ws, 'gone.md'), path.join(ws, 'dangling.md')), path.join(ws, 'dangling.md')), 'runbook dangling.md is a link to nothing'],
  ])('%s: one clear error', (_what, make, message) => {
    expect(() => read(make())).toThrow(message);
  });
  test('a link inside the workspace is followed', () => {
    fs.symlinkSync(path.join(ws, 'ok.md'), path.join(ws, 'inner-link.md'));
    expect(read(path.join(ws, 'inner-link.md'))).toContain('## Record');
  });
  test('a lab file larger than its limit is refused', () => {
    expect(() => checkedFile(file('lab.ts', 'x'.repeat(2048)), ws, 'lab.ts', 1024, 'lab file')).toThrow('lab file lab.ts is 2 KiB, more than the 1 KiB the grader reads');
  });
});
