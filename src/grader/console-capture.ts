// A `console` for learner code that writes into a capped buffer, so `console.log(dx.shape)` inside an
// exercise shows under the report (the Worker's own console is invisible to the learner). The cap keeps
// a logging loop from flooding the report or the message to the page.

export interface ConsoleCapture {
  /** Passed to learner code as its `console`. */
  console: {log(...a: unknown[]): void; info(...a: unknown[]): void; warn(...a: unknown[]): void; error(...a: unknown[]): void; debug(...a: unknown[]): void};
  /** The text so far ("" when nothing was logged). */
  text(): string;
  reset(): void;
  /** Changes the cap (characters) for the following calls. */
  setLimit(limit: number): void;
}

export const defaultLogLimit = 4000;
const maxLines = 60;

/** Formats one argument like a browser console would, briefly: tensors print as numpy arrays. */
export function formatLogValue(v: unknown): string {
  try {
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean" || v == null || typeof v === "bigint") return String(v);
    if (typeof v === "function") return `[function ${v.name || "anonymous"}]`;
    const t = v as {shape?: unknown; size?: number; toString(): string};
    if (Array.isArray(t.shape) && typeof t.size === "number" && typeof t.toString === "function" && t.toString !== Object.prototype.toString) {
      return t.size <= 200 ? t.toString() : `tensor of shape (${t.shape.join(", ")}${t.shape.length === 1 ? "," : ""})`;
    }
    if (Array.isArray(v)) return `[${v.map(formatLogValue).join(", ")}]`;
    const s = JSON.stringify(v, (_k, x: unknown) => (x && typeof x === "object" && Array.isArray((x as {shape?: unknown}).shape) && !Array.isArray(x) ? formatLogValue(x) : x));
    return typeof s === "string" ? s : String(v);
  } catch {
    return `[${typeof v}]`;
  }
}

export function createConsoleCapture(limit = defaultLogLimit): ConsoleCapture {
  let text = "";
  let lines = 0;
  let full = false;
  const write = (...args: unknown[]) => {
    if (full) return;
    const line = args.map(formatLogValue).join(" ");
    lines += line.split("\n").length;
    if (text.length + line.length + 1 > limit || lines > maxLines) {
      text += line.slice(0, Math.max(0, limit - text.length)).split("\n").slice(0, Math.max(1, maxLines - (lines - line.split("\n").length))).join("\n");
      text += `\n… more output was cut (the first ${limit} characters / ${maxLines} lines are kept)\n`;
      full = true;
      return;
    }
    text += line + "\n";
  };
  return {
    console: {log: write, info: write, warn: write, error: write, debug: write},
    text: () => text,
    reset() {
      text = "";
      lines = 0;
      full = false;
    },
    setLimit(n: number) {
      limit = n;
    }
  };
}
