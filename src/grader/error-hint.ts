// Turns an error from the learner's code into help, by kind: a SyntaxError points at the line and
// recognises the Python/numpy habits that JavaScript rejects; a ReferenceError names the undefined
// variable and the name the learner probably meant; a TypeError/ShapeError keeps the shapes advice.
import type {Hint} from "./types.ts";

export interface ErrorInfo {
  message: string;
  line?: number;
  kind?: string;
}

/** What the hint may look at besides the error: the learner's source and the names in scope. */
export interface ErrorContext {
  source?: string;
  /** The function's parameters, fields of record arguments (cache) and runtime names (np, nn). */
  names?: string[];
  /** "cache" → its fields, to suggest `const {x, w} = cache`. */
  records?: Record<string, string[]>;
}

/** A Python habit on a line: how to recognise it and the short fix. */
interface PythonIsm {
  test: RegExp;
  nudge: string;
  fix: string;
  /** Unambiguous anywhere in the source (used when the parser reports a later line). */
  strong?: boolean;
}

const syntaxIsms: PythonIsm[] = [
  {test: /[\w)\]]\s*@\s*[\w(]/, nudge: "JavaScript has no @ operator.", fix: "Use np.matmul(a, b) (or a.matmul(b)) for a matrix product: e.g. np.matmul(dout, w.T).", strong: true},
  {test: /^\s*def\s+\w+\s*\(/, nudge: "`def` is Python.", fix: "Write `function name(args) { … }` with braces.", strong: true},
  {test: /^\s*(if|elif|else|for|while)\b[^{]*:\s*$/, nudge: "Python blocks (`:` and indentation) are not JavaScript.", fix: "Use braces: `if (cond) { … } else { … }`, `for (let i = 0; i < n; i++) { … }`."},
  {test: /^\s*elif\b/, nudge: "`elif` is Python.", fix: "Write `else if (cond) { … }`."},
  {test: /\[\s*-?\d*\s*:|,\s*-?\d*\s*:\s*-?\d*\s*[\],]/, strong: true, nudge: "JavaScript has no `:` slices inside brackets.", fix: "Write the slice as a string: x[\":\", 0] or x.get(\":\", 0); x[\"1:3\"] for 1:3."},
  {test: /\blambda\b/, nudge: "`lambda` is Python.", fix: "Use an arrow function: (x) => x * 2."},
  // `var` is a field of the batchnorm cache, and a reserved word in JavaScript: `sqrt(var + eps)` does not parse.
  {test: /(^|[^\w$.])var\s*([)+\-*\/,;\]]|\*\*)/, strong: true, nudge: "`var` is a reserved word in JavaScript, so it cannot be a variable name.", fix: "Unpack the cache's var under another name: const {var: v} = cache; then write v (e.g. np.sqrt(v + eps))."},
  {test: /(^|[^"'/])#/, nudge: "`#` does not start a comment in JavaScript.", fix: "Use // for comments."},
  {test: /\b(and|or|not)\b/, nudge: "`and`/`or`/`not` are Python.", fix: "Use && (and), || (or) and ! (not)."}
];

/** Undefined names that are Python spellings of something JavaScript has. */
const pythonNames: Record<string, string> = {
  True: "JavaScript writes true (lower case).",
  False: "JavaScript writes false (lower case).",
  None: "JavaScript writes null.",
  len: "Use x.shape[0] for the length of the first axis (x.size for the element count).",
  range: "Use a for loop: for (let i = 0; i < n; i++) { … }.",
  print: "Use console.log(…); the output shows under the report.",
  numpy: "The numpy namespace is np.",
  self: "Exercises are plain functions: there is no self; use the arguments.",
  torch: "There is no torch here: use np (the same operations, numpy names)."
};

export function explainError(error: ErrorInfo, context: ErrorContext = {}): Hint {
  const at = error.line ? ` (line ${error.line})` : "";
  if (error.kind === "timeout") return {nudge: `Your code did not finish in time${at}.`, fix: "Look for a loop whose condition never becomes false, or a loop over far more elements than the input has."};
  if (error.kind === "memory") return {nudge: `Your code ran out of memory${at}.`, fix: "Look for a loop that keeps growing an array, or a tensor far larger than the inputs."};
  if (error.kind === "mutated") {
    return {nudge: `Your function ${error.message.replace(/^changes/, "changed")}: the grader's inputs must come back as they went in.`, fix: "Work on a copy instead of an argument: const dx = dout.copy(); (or build a new tensor); never write into x, dout or the cache (x.data.fill, x[i] = …, +=)."};
  }
  if (error.kind === "returned") return {nudge: error.message, fix: "Return the values in the order the signature names them."};
  if (error.kind === "autograd" || /backward: .*require grad/.test(error.message)) {
    return {nudge: `Autograd is switched off inside exercises${at}.`, fix: "The exercise is to write the backward pass yourself: compute each gradient from the cache and dout with the chain rule."};
  }
  if (/\bSyntaxError\b/.test(error.message)) return explainSyntax(error, context);
  const ref = /\bReferenceError\b.*?\b([A-Za-z_$][\w$]*) is not defined/.exec(error.message);
  if (ref) return explainReference(ref[1], error, context);
  if (/mask from a comparison/.test(error.message)) {
    return {
      nudge: `A comparison like x <= 0 gives a tensor of 0s and 1s; numpy's dx[mask] = 0 does not work here${at}: the 0s and 1s would be read as row numbers.`,
      fix: "Multiply by the mask instead of indexing with it: dx = dout * (x > 0), or np.where(x > 0, dout, 0)."
    };
  }
  if (/\bTypeError\b/.test(error.message)) return explainTypeError(error, context);
  return {nudge: `Your code stopped with an error${at}: ${error.message}`, fix: "Read the error: it names the operation and the shapes involved; print the shapes of its operands (console.log(x.shape))."};
}

function stripKind(message: string): string {
  return message.replace(/^[A-Za-z]*Error:\s*/, "");
}

/** The learner's line `n` (1-based), or "". */
function lineOf(source: string | undefined, n: number | undefined): string {
  if (!source || !n) return "";
  return source.split("\n")[n - 1] ?? "";
}

function explainSyntax(error: ErrorInfo, context: ErrorContext): Hint {
  const where = error.line ? `Line ${error.line} is not valid JavaScript` : "Your code is not valid JavaScript";
  const what = stripKind(error.message);
  const text = lineOf(context.source, error.line);
  const twice = /Identifier '([^']+)' has already been declared/.exec(error.message);
  if (twice) {
    return {nudge: `${where}: \`${twice[1]}\` is declared twice.`, fix: `Declare each name once: give the new value its own name (${twice[1]}2), or declare it with let and assign again without const.`};
  }
  // The offending line first; the whole source when the parser reports a later line (a missing brace).
  const candidates = [{line: text, isms: syntaxIsms}, ...(context.source ?? "").split("\n").map((line) => ({line, isms: syntaxIsms.filter((p) => p.strong)}))];
  for (const {line, isms} of candidates) {
    const code = line.replace(/\/\/.*$/, "");
    const ism = isms.find((p) => p.test.test(code));
    if (ism) return {nudge: `${where}: ${ism.nudge}`, fix: ism.fix};
  }
  return {nudge: `${where} (${what}).`, fix: "Check the brackets and braces on that line and the line before it: every ( [ { needs its closing partner; statements end with ; or a new line."};
}

function explainReference(name: string, error: ErrorInfo, context: ErrorContext): Hint {
  const at = error.line ? ` (line ${error.line})` : "";
  const nudge = `\`${name}\` is not defined${at}.`;
  const assigned = undeclaredAssignment(name, lineOf(context.source, error.line), context.source);
  if (assigned) return assigned;
  if (pythonNames[name]) return {nudge, fix: pythonNames[name]};
  for (const [record, fields] of Object.entries(context.records ?? {})) {
    if (fields.includes(name)) {
      return {nudge: `${nudge} It is a field of ${record}.`, fix: `Unpack it first: const {${fields.join(", ")}} = ${record};`};
    }
  }
  if (/^[NDMCHWF]$/.test(name)) {
    const records = Object.keys(context.records ?? {});
    const tensor = (context.names ?? []).find((n) => n !== "np" && n !== "nn" && !records.includes(n)) ?? "x";
    return {nudge: `${nudge} Sizes are not given as variables.`, fix: `Read them from a shape, e.g. const [N, D] = ${tensor}.shape; (or const N = ${tensor}.shape[0];)`};
  }
  const guess = closestName(name, context.names ?? []);
  if (guess) return {nudge: `${nudge} Did you mean \`${guess}\`?`, fix: `Use \`${guess}\`, or declare ${name} (const ${name} = …) before this line.`};
  return {nudge, fix: `Declare it before use (const ${name} = …), or check the spelling; the arguments are ${(context.names ?? []).filter((n) => n !== "np" && n !== "nn").join(", ") || "listed in the signature"}.`};
}

/**
 * Strict mode (the page and `backstep grade` alike) makes assigning to an undeclared name an error.
 * Two habits cause it: a Python keyword argument (`np.sum(dout, axis=0)`: JavaScript reads `axis=0`
 * as an assignment) and a dropped `const`.
 */
function undeclaredAssignment(name: string, line: string, source: string | undefined): Hint | null {
  const code = line.replace(/\/\/.*$/, "");
  const assign = new RegExp(`(^|[^\\w$.])${name}\\s*=(?!=)`);
  if (!assign.test(code)) return null;
  if (source && new RegExp(`\\b(?:const|let|var)\\s+${name}\\b`).test(source)) return null;
  // Inside a call's parentheses: a keyword argument.
  const call = new RegExp(`([A-Za-z_$][\\w$.]*)\\(([^()]*\\b${name}\\s*=(?!=)[^()]*)\\)`).exec(code);
  if (call) {
    const [, callee, args] = call;
    const positional = args.replace(new RegExp(`\\b${name}\\s*=\\s*`), "").trim();
    const parts = positional.split(",").map((a) => a.trim());
    const method = /^np\.(\w+)$/.exec(callee);
    const alt = method && /^[A-Za-z_$][\w$.]*$/.test(parts[0] ?? "") ? ` (or \`${parts[0]}.${method[1]}(${parts.slice(1).join(", ")})\`)` : "";
    const value = new RegExp(`\\b${name}\\s*=\\s*([^,)]*)`).exec(args)?.[1]?.trim() ?? "";
    return {
      nudge: `JavaScript has no keyword arguments: \`${name}=${value}\` assigns to an undeclared variable.`,
      fix: `Write \`${callee}(${positional})\`${alt}.`
    };
  }
  return {
    nudge: `\`${name}\` is assigned but never declared${line ? "" : ""}: in JavaScript a new variable needs const or let.`,
    fix: `Declare it where it is first assigned: const ${name} = …; (or let ${name} = … if you assign it again later).`
  };
}

function explainTypeError(error: ErrorInfo, context: ErrorContext): Hint {
  const at = error.line ? ` (line ${error.line})` : "";
  const undefinedRead = /Cannot read propert(?:y|ies) of (undefined|null)(?: \(reading '([^']+)'\))?/.exec(error.message);
  if (undefinedRead) {
    const record = Object.keys(context.records ?? {})[0];
    return {
      nudge: `Your code used .${undefinedRead[2] ?? "something"} of a value that is ${undefinedRead[1]}${at}.`,
      fix: record ? `A name is probably misspelled, or not unpacked from ${record}: ${record} has ${context.records![record].join(", ")}.` : "A variable is misspelled or was never set; console.log it before that line."
    };
  }
  const notFn = /(\S+) is not a function/.exec(error.message);
  if (notFn) {
    return {nudge: `Your code called ${notFn[1]}, which is not a function${at}.`, fix: "Check the name: tensor methods are numpy's (x.sum(0), x.reshape(N, -1), np.matmul(a, b), np.maximum(a, 0))."};
  }
  return {nudge: `Your code stopped with an error${at}: ${error.message}`, fix: "Read the error: it names the operation and the shapes involved; print the shapes of its operands (console.log(x.shape))."};
}

/** The known name closest to a misspelled one (edit distance ≤ 2, or a case-only difference). */
export function closestName(name: string, names: string[]): string | undefined {
  let best: string | undefined, bestD = Infinity;
  for (const n of names) {
    if (n === name) continue;
    const d = n.toLowerCase() === name.toLowerCase() ? 0.5 : editDistance(n, name);
    if (d < bestD) {
      best = n;
      bestD = d;
    }
  }
  return bestD <= Math.min(2, Math.max(1, Math.floor(name.length / 3))) ? best : undefined;
}

/** Levenshtein distance (insert, delete, substitute each cost 1). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({length: b.length + 1}, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/** Names in scope for the learner's function: parameters, record fields, variables declared in the source, np, nn. */
export function namesInScope(params: string[], records: Record<string, string[]>, source?: string): string[] {
  const declared = [...(source ?? "").matchAll(/\b(?:const|let|var)\s+(?:\{([^}]*)\}|\[([^\]]*)\]|([A-Za-z_$][\w$]*))/g)]
    .flatMap((m) => (m[3] ? [m[3]] : (m[1] ?? m[2] ?? "").split(",").map((s) => s.split(":").pop()!.split("=")[0].trim())))
    .filter(Boolean);
  return [...new Set([...params, ...Object.values(records).flat(), ...declared, "np", "nn"])];
}
