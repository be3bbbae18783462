// A small XML reader for the SVG our renderer emits (elements, attributes, text), so tests inspect
// the drawing as a tree instead of matching strings.
export interface XmlElement {
  tag: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const entities: Record<string, string> = {amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'"};
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (_m, e) => entities[e]);

export function parseXml(source: string): XmlElement {
  const root: XmlElement = {tag: "#root", attrs: {}, children: [], text: ""};
  const stack = [root];
  const token = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>|([^<]+)/g;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = token.exec(source))) {
    if (m.index !== consumed) throw new Error(`parseXml: unexpected markup at ${consumed}: ${source.slice(consumed, consumed + 40)}`);
    consumed = token.lastIndex;
    const [, close, tag, attrText, selfClose, text] = m;
    const top = stack[stack.length - 1];
    if (text !== undefined) {
      top.text += decode(text);
      continue;
    }
    if (close) {
      if (top.tag !== tag) throw new Error(`parseXml: </${tag}> closes <${top.tag}>`);
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[a[1]] = decode(a[2]);
    const el: XmlElement = {tag, attrs, children: [], text: ""};
    top.children.push(el);
    if (!selfClose) stack.push(el);
  }
  if (consumed !== source.length || stack.length !== 1) throw new Error("parseXml: unbalanced document");
  return root.children[0];
}

export function findAll(el: XmlElement, pred: (e: XmlElement) => boolean, out: XmlElement[] = []): XmlElement[] {
  if (pred(el)) out.push(el);
  for (const c of el.children) findAll(c, pred, out);
  return out;
}

export const hasClass = (cls: string) => (e: XmlElement) => (e.attrs.class ?? "").split(/\s+/).includes(cls);

/** All text inside an element, children included. */
export function textOf(el: XmlElement): string {
  return el.text + el.children.map(textOf).join("");
}
