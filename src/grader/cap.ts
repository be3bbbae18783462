// Bounds on text that comes from learner code (messages, names, logs): a submission must not be able
// to make a report, a terminal line or a CSV cell arbitrarily large, nor write control characters
// into them.

/** `text` cut to `max` characters, saying how much was cut. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (cut, ${text.length} characters)`;
}

/**
 * Control characters (ESC, CR, BEL, …; not tab or newline) written visibly as \xNN / \uNNNN, so text
 * from learner code cannot move a terminal's cursor, overwrite a line or ring a bell.
 */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
