import { clip, jsonText, MAX_FIELD, shown, visible, xmlAttr, xmlText } from '../../../lib/report/safe-text';
import { HOSTILE, rawUnsafe } from './fixtures';

describe('visible', () => {
  test.each([
    ['\u0000', '\\x00'], ['\u001b[31m', '\\x1b[31m'], ['\u0007', '\\x07'], ['\r', '\\r'], ['\n', '\\n'], ['\t', '\\t'],
    ['\u007f', '\\x7f'], ['\u009b', '\\x9b'], ['\u202e', '\\u202e'], ['\u2066', '\\u2066'], ['\u2028', '\\u2028'],
    ['\ufeff', '\\ufeff'], ['\uffff', '\\uffff'], ['\ud800', '\\ud800'], ['x\udc00', 'x\\udc00'],
  ].map(([raw, escaped]) => [escaped, raw]))('%s is shown as that escape', (escaped, raw) => {
    expect(visible(raw)).toBe(escaped);
  });
  test('keeps printable text, surrogate pairs and emoji as they are', () => {
    const s = 'Ünïcode ✓ 😀 👩‍💻 “quotes” | * <b> 日本';
    expect(visible(s)).toBe(s);
  });
  test('leaves nothing raw in the worst student input', () => {
    expect(rawUnsafe(visible(HOSTILE))).toBeUndefined();
    expect(visible(HOSTILE)).not.toContain('\n');
  });
});

describe('clip', () => {
  test('keeps a short field whole and says how much of a long one was left out', () => {
    expect(clip('abc', 5)).toBe('abc');
    expect(clip('abcdefgh', 5)).toBe('abcde… (3 more characters)');
    expect(shown('x'.repeat(MAX_FIELD + 10))).toHaveLength(MAX_FIELD + '… (10 more characters)'.length);
  });
  test('never cuts a surrogate pair in two', () => {
    const cut = clip('ab😀cd', 3);
    expect(cut).toBe('ab… (4 more characters)');
    expect(visible(cut)).toBe(cut);
  });
});

describe('xml and json text', () => {
  test('markup is escaped and no control character is left', () => {
    const t = xmlAttr(HOSTILE);
    expect(t).not.toMatch(/[<>"']/);
    expect(rawUnsafe(t)).toBeUndefined();
    expect(xmlText('a]]>b')).toBe('a]]&gt;b');
  });
  test('jsonText keeps every value and writes no raw control or bidirectional character', () => {
    const value = { s: HOSTILE, n: [1, '\u009b\u202e'] };
    const out = jsonText(value);
    expect(rawUnsafe(out)).toBeUndefined();
    expect(JSON.parse(out)).toEqual(value);
  });
});
