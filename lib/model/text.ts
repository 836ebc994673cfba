/** Longest piece of a user's argument echoed back in a message. */
const MAX_SHOWN = 80;

/**
 * A command-line argument or file name as messages echo it: control characters escaped and cut to
 * a readable length, so a hostile or mistyped argument cannot flood or garble the terminal.
 */
export function shown(value: string, max = MAX_SHOWN): string {
  // eslint-disable-next-line no-control-regex
  const escaped = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return escaped.length > max ? `${escaped.slice(0, max)}… (${value.length} characters)` : escaped;
}
