// Local derivatives per op, as TeX for the reader and (for elementwise ops) as numbers for the
// step-through. Every formula names the real tensors: ∂xmu/∂mu = −1, not ∂z/∂y.

export interface OpRule {
  /** Short symbol drawn in the node box. */
  symbol: string;
  /** Forward formula: out = f(args). */
  forward(args: string[], params: Record<string, unknown>): string;
  /** ∂out/∂args[i] (TeX), or the backward rule when the op is not elementwise. */
  local(i: number, args: string[], out: string, params: Record<string, unknown>): string;
  /** Per-element ∂out/∂input_i for elementwise ops: x are the input elements, z the output element. */
  elementwise?(i: number, x: number[], z: number): number;
}

const unary = (symbol: string, f: (a: string) => string, d: (a: string, z: string) => string,
  e?: (x: number, z: number) => number): OpRule => ({
  symbol,
  forward: ([a]) => f(a),
  local: (_i, [a], z) => d(a, z),
  elementwise: e ? (_i, x, z) => e(x[0], z) : undefined
});

const binary = (symbol: string, f: (a: string, b: string) => string,
  d: [(a: string, b: string, z: string) => string, (a: string, b: string, z: string) => string],
  e: [(a: number, b: number, z: number) => number, (a: number, b: number, z: number) => number]): OpRule => ({
  symbol,
  forward: ([a, b]) => f(a, b),
  local: (i, [a, b], z) => d[i](a, b, z),
  elementwise: (i, [a, b], z) => e[i](a, b, z)
});

const axisText = (p: Record<string, unknown>) => (p.axis === undefined || p.axis === null ? "" : `_{\\text{axis}=${JSON.stringify(p.axis)}}`);

export const opRules: Record<string, OpRule> = {
  add: binary("+", (a, b) => `${a} + ${b}`, [() => "1", () => "1"], [() => 1, () => 1]),
  sub: binary("−", (a, b) => `${a} - ${b}`, [() => "1", () => "-1"], [() => 1, () => -1]),
  mul: binary("×", (a, b) => `${a} \\cdot ${b}`, [(_a, b) => b, (a) => a], [(_a, b) => b, (a) => a]),
  div: binary("÷", (a, b) => `\\frac{${a}}{${b}}`,
    [(_a, b) => `\\frac{1}{${b}}`, (a, b) => `-\\frac{${a}}{${b}^2}`],
    [(_a, b) => 1 / b, (a, b) => -a / (b * b)]),
  pow: binary("^", (a, b) => `${a}^{${b}}`,
    [(a, b) => powerRule(a, b), (a, _b, z) => `${z} \\ln ${a}`],
    [(a, b) => b * Math.pow(a, b - 1), (a, _b, z) => z * Math.log(a)]),
  maximum: binary("max", (a, b) => `\\max(${a}, ${b})`,
    [(a, b) => `[${a} \\ge ${b}]`, (a, b) => `[${b} > ${a}]`], [(a, b) => (a >= b ? 1 : 0), (a, b) => (b > a ? 1 : 0)]),
  minimum: binary("min", (a, b) => `\\min(${a}, ${b})`,
    [(a, b) => `[${a} \\le ${b}]`, (a, b) => `[${b} < ${a}]`], [(a, b) => (a <= b ? 1 : 0), (a, b) => (b < a ? 1 : 0)]),
  neg: unary("−", (a) => `-${a}`, () => "-1", () => -1),
  exp: unary("exp", (a) => `e^{${a}}`, (a) => `e^{${a}}`, (_x, z) => z),
  log: unary("log", (a) => `\\ln ${a}`, (a) => `\\frac{1}{${a}}`, (x) => 1 / x),
  sqrt: unary("√", (a) => `\\sqrt{${a}}`, (a) => `\\frac{1}{2\\sqrt{${a}}}`, (_x, z) => 1 / (2 * z)),
  abs: unary("|·|", (a) => `|${a}|`, (a) => `\\operatorname{sign}(${a})`, (x) => Math.sign(x)),
  tanh: unary("tanh", (a) => `\\tanh ${a}`, (_a, z) => `1 - ${z}^2`, (_x, z) => 1 - z * z),
  relu: unary("relu", (a) => `\\max(0, ${a})`, (a) => `[${a} > 0]`, (x) => (x > 0 ? 1 : 0)),
  sigmoid: unary("σ", (a) => `\\sigma(${a})`, (_a, z) => `${z}\\,(1 - ${z})`, (_x, z) => z * (1 - z)),
  copy: unary("copy", (a) => a, () => "1", () => 1),
  square: unary("²", (a) => `${a}^2`, (a) => `2\\,${a}`, (x) => 2 * x),
  reciprocal: unary("1/·", (a) => `\\frac{1}{${a}}`, (a) => `-\\frac{1}{${a}^2}`, (x) => -1 / (x * x)),
  clip: {
    symbol: "clip",
    forward: ([a]) => `\\operatorname{clip}(${a})`,
    local: (_i, [a]) => `\\frac{\\partial z}{\\partial ${a}} = [\\text{lo} \\le ${a} \\le \\text{hi}]`
  },
  where: {
    symbol: "where",
    forward: ([a, b]) => `\\operatorname{where}(c, ${a}, ${b})`,
    local: (i, [a, b]) => (i === 0 ? `\\frac{\\partial z}{\\partial ${a}} = [c]` : `\\frac{\\partial z}{\\partial ${b}} = [\\lnot c]`)
  },
  max: {
    symbol: "max",
    forward: ([a], p) => `\\max${axisText(p)} ${a}`,
    local: (_i, [a], z) => `\\frac{\\partial L}{\\partial ${a}} = \\frac{\\partial L}{\\partial ${z}} \\text{ at the (first) argmax, } 0 \\text{ elsewhere}`
  },
  min: {
    symbol: "min",
    forward: ([a], p) => `\\min${axisText(p)} ${a}`,
    local: (_i, [a], z) => `\\frac{\\partial L}{\\partial ${a}} = \\frac{\\partial L}{\\partial ${z}} \\text{ at the (first) argmin, } 0 \\text{ elsewhere}`
  },
  std: {
    symbol: "std",
    forward: ([a], p) => `\\operatorname{std}${axisText(p)}(${a})`,
    local: (_i, [a], z) => `\\frac{\\partial ${z}}{\\partial ${a}} = \\frac{${a} - \\bar{${a}}}{N\\,${z}}`
  },
  get: {
    symbol: "[·]",
    forward: ([a]) => `${a}[\\text{idx}]`,
    local: (_i, [a], z) => `\\frac{\\partial L}{\\partial ${a}} = \\text{scatter-add of } \\frac{\\partial L}{\\partial ${z}} \\text{ into idx}`
  },
  pad: {
    symbol: "pad",
    forward: ([a]) => `\\operatorname{pad}(${a})`,
    local: (_i, [a], z) => `\\frac{\\partial L}{\\partial ${a}} = \\frac{\\partial L}{\\partial ${z}} \\text{ without the padding}`
  },
  concatenate: {
    symbol: "concat",
    forward: (args) => `[${args.join(", ")}]`,
    local: (_i, [a], z) => `\\frac{\\partial L}{\\partial ${a}} = \\text{its slice of } \\frac{\\partial L}{\\partial ${z}}`
  },
  sum: {
    symbol: "Σ",
    forward: ([a], p) => `\\sum${axisText(p)} ${a}`,
    local: (_i, [a], z) => `\\frac{\\partial L}{\\partial ${a}} = \\operatorname{broadcast}\\Big(\\frac{\\partial L}{\\partial ${z}}\\Big)`
  },
  mean: {
    symbol: "mean",
    forward: ([a], p) => `\\frac{1}{N} \\sum${axisText(p)} ${a}`,
    local: (_i, [a], z) => `\\frac{\\partial L}{\\partial ${a}} = \\frac{1}{N}\\operatorname{broadcast}\\Big(\\frac{\\partial L}{\\partial ${z}}\\Big)`
  },
  var: {
    symbol: "var",
    forward: ([a], p) => `\\operatorname{var}${axisText(p)}(${a})`,
    local: (_i, [a]) => `\\frac{\\partial z}{\\partial ${a}} = \\frac{2}{N}(${a} - \\bar{${a}})`
  },
  matmul: {
    symbol: "@",
    forward: ([a, b]) => `${a} ${b}`,
    local: (i, [a, b], z) =>
      i === 0
        ? `\\frac{\\partial L}{\\partial ${a}} = \\frac{\\partial L}{\\partial ${z}} \\, ${b}^\\top`
        : `\\frac{\\partial L}{\\partial ${b}} = ${a}^\\top \\frac{\\partial L}{\\partial ${z}}`
  },
  transpose: {
    symbol: "ᵀ",
    forward: ([a]) => `${a}^\\top`,
    local: (_i, [a], z) => `\\frac{\\partial L}{\\partial ${a}} = \\Big(\\frac{\\partial L}{\\partial ${z}}\\Big)^\\top`
  },
  reshape: {
    symbol: "reshape",
    forward: ([a]) => `\\operatorname{reshape}(${a})`,
    local: (_i, [a], z) => `\\frac{\\partial L}{\\partial ${a}} = \\operatorname{reshape}\\Big(\\frac{\\partial L}{\\partial ${z}}\\Big)`
  },
  softmax: {
    symbol: "softmax",
    forward: ([a]) => `\\operatorname{softmax}(${a})`,
    local: (_i, [a], z) => `\\frac{\\partial L}{\\partial ${a}} = ${z} \\odot \\Big(g - \\textstyle\\sum_j g_j ${z}_j\\Big),\\ g = \\frac{\\partial L}{\\partial ${z}}`
  },
  log_softmax: {
    symbol: "log softmax",
    forward: ([a]) => `\\log\\operatorname{softmax}(${a})`,
    local: (_i, [a], z) => `\\frac{\\partial L}{\\partial ${a}} = g - e^{${z}} \\textstyle\\sum_j g_j,\\ g = \\frac{\\partial L}{\\partial ${z}}`
  },
  cross_entropy: {
    symbol: "CE",
    // The labels y are a param of the op, not an input edge.
    forward: ([s]) => `-\\frac{1}{N}\\sum_i \\log \\operatorname{softmax}(${s})_{i, y_i}`,
    local: (_i, [s]) => `\\frac{\\partial L}{\\partial ${s}} = \\frac{1}{N}\\big(\\operatorname{softmax}(${s}) - \\operatorname{onehot}(y)\\big)`
  },
  conv2d: {
    symbol: "conv",
    forward: ([x, w, b]) => `${x} \\ast ${w}${b ? ` + ${b}` : ""}`,
    local: (i, [x, w], z) =>
      [
        `\\frac{\\partial L}{\\partial ${x}} = \\frac{\\partial L}{\\partial ${z}} \\ast_{\\text{full}} \\operatorname{flip}(${w})`,
        `\\frac{\\partial L}{\\partial ${w}} = ${x} \\star \\frac{\\partial L}{\\partial ${z}}`,
        `\\frac{\\partial L}{\\partial b} = \\textstyle\\sum_{n,h,w} \\frac{\\partial L}{\\partial ${z}}`
      ][i] ?? ""
  },
  max_pool2d: {
    symbol: "maxpool",
    forward: ([x]) => `\\operatorname{maxpool}(${x})`,
    local: (_i, [x], z) => `\\frac{\\partial L}{\\partial ${x}} = \\frac{\\partial L}{\\partial ${z}} \\text{ routed to each window's argmax}`
  }
};
opRules.dot = opRules.matmul;

/** d/da a^b, simplified when the exponent is a number (2·xmu, not 2·xmu^{2-1}). */
function powerRule(a: string, b: string): string {
  const n = Number(b);
  if (!Number.isFinite(n)) return `${b}\\,${a}^{${b} - 1}`;
  if (n === 1) return "1";
  if (n === 2) return `2\\,${a}`;
  return `${n}\\,${a}^{${n - 1}}`;
}

/** A tensor name as TeX (\mathrm{xmu}; numbers stay numbers). */
export function texName(name: string): string {
  if (/^-?\d/.test(name)) return name;
  return `\\mathrm{${name.replace(/[\\{}_#$%&^~]/g, (c) => (c === "\\" ? "\\backslash " : `\\${c}`))}}`;
}

/** The generic rule for an op without an entry: the chain rule, stated. */
export function fallbackLocal(op: string, arg: string, out: string): string {
  return `\\frac{\\partial ${out}}{\\partial ${arg}} \\text{ (${op.replace(/[_{}\\]/g, " ")})}`;
}
