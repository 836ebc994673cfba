/**
 * Student input (construct ids, runbook text, messages that quote them) reaches every report. Raw,
 * its control characters could recolour or rewrite a terminal (`\x1b[2K`), forge a line (`\n  PASS`),
 * break XML (most C0 characters are not allowed in XML 1.0, not even as references), hide or reorder
 * text (bidirectional overrides), and lone surrogates are not valid UTF-8. Every report shows each
 * of them as a visible escape instead, and cuts very long fields to a readable length.
 */

// C0 and C1 controls, DEL, bidirectional marks/overrides/isolates, line and paragraph separators,
// the BOM, the two non-characters XML forbids, and surrogates without their other half.
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).padStart(width, '0');

/** `\x1b`, `\n`, `\u202e`, `\ud800`: each unsafe character as text a reader can see. */
export function visible(s: string): string {
  return s.replace(UNSAFE, (c) => NAMED[c] ?? (c.charCodeAt(0) <= 0xff ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
}

/** True when `s` has a character `visible` would escape. */
export const hasUnsafe = (s: string) => new RegExp(UNSAFE.source).test(s);

/** Longest student-supplied field a human-readable report shows whole. */
export const MAX_FIELD = 2000;

/** Cuts `s` after `max` UTF-16 units, never inside a surrogate pair, and says how much was left out. */
export function clip(s: string, max = MAX_FIELD): string {
  if (s.length <= max) return s;
  let end = max;
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${s.slice(0, end)}… (${s.length - end} more characters)`;
}

/** A field as every human-readable report shows it: cut, then escaped. */
export const shown = (s: string, max = MAX_FIELD) => visible(clip(s, max));

/** Text content for XML and HTML: no control character (they are escaped visibly), markup escaped. */
export const xmlText = (s: string, max = MAX_FIELD) => shown(s, max).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An attribute value for XML and HTML (double or single quoted). */
export const xmlAttr = (s: string, max = MAX_FIELD) => xmlText(s, max).replace(/"/g, '&quot;').replace(/'/g, '&#39;');

// Raw characters JSON.stringify leaves alone that a terminal or a viewer may still act on; outside
// strings JSON is ASCII, so each can be written as a \u escape with the same meaning.
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff\ufffe\uffff]/g;

/**
 * JSON whose text has no raw control or bidirectional character: JSON.stringify already escapes C0
 * characters and lone surrogates; the rest become \u escapes. The values are unchanged.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(JSON_UNSAFE, (c) => `\\u${hex(c, 4)}`) + '\n';
}
