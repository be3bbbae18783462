// Renders TeX with KaTeX at build time. One macros object per lesson carries `\gdef`/`\newcommand` definitions and
// front-matter macros across all of the lesson's math. Errors render the TeX and the message in place.
import katex from "katex";

export interface MathResult {
  html: string;
  /** KaTeX's message when the TeX did not parse (the html then shows the TeX and the message). */
  error: string | null;
}

/** Environments KaTeX only accepts in display mode; inline `$\begin{align}…$` is rendered as display. */
const displayEnvironments = /^\s*\\begin\{(align|alignat|equation|gather|multline|flalign|eqnarray|CD)\*?\}/;

export function renderMath(tex: string, {display, macros}: {display: boolean; macros: Record<string, string>}): MathResult {
  const source = translateEqnarray(tex);
  try {
    const html = katex.renderToString(source, {
      displayMode: display || displayEnvironments.test(source),
      output: "htmlAndMathml",
      throwOnError: true,
      globalGroup: true,
      macros,
      strict: "ignore"
    });
    return {html, error: null};
  } catch (error) {
    const message = error instanceof katex.ParseError ? error.message.replace(/^KaTeX parse error: /, "") : String((error as Error)?.message ?? error);
    return {html: renderMathError(tex, message, display), error: message};
  }
}

/** KaTeX has no eqnarray: `\begin{eqnarray} a &=& b \end{eqnarray}` becomes the display-style array `darray{rcl}`. */
export function translateEqnarray(tex: string): string {
  return tex
    .replace(/\\begin\{eqnarray\*?\}/g, "\\begin{darray}{rcl}")
    .replace(/\\end\{eqnarray\*?\}/g, "\\end{darray}");
}

function renderMathError(tex: string, message: string, display: boolean): string {
  const tag = display ? "div" : "span";
  return `<${tag} class="bs-math-error" title="${escapeHtml(message)}"><code>${escapeHtml(tex)}</code> <span class="bs-math-error-message">${escapeHtml(message)}</span></${tag}>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})[c]!);
}
