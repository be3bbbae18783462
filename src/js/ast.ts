// A loose ESTree node type and a generic walker: the transforms look at parents, so they share one traversal shape.

/** An acorn ESTree node, loosely typed: transforms read type-specific fields by name. */
export interface Node {
  type: string;
  start: number;
  end: number;
  loc?: {start: {line: number; column: number}; end: {line: number; column: number}};
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [key: string]: any;
}

export function isNode(value: unknown): value is Node {
  return value !== null && typeof value === "object" && typeof (value as Node).type === "string";
}

/** The child nodes of `node`, in source order. */
export function childrenOf(node: Node): Node[] {
  const children: Node[] = [];
  for (const key in node) {
    if (key === "loc" || key === "type") continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) children.push(item);
    } else if (isNode(value)) {
      children.push(value);
    }
  }
  return children.sort((a, b) => a.start - b.start);
}

/**
 * Visits every node children-first (post-order), with its ancestors (outermost first, not including the node).
 * Post-order matters: the transforms wrap inner expressions before outer ones.
 */
export function walkPostOrder(root: Node, visit: (node: Node, ancestors: Node[]) => void): void {
  const ancestors: Node[] = [];
  const recurse = (node: Node): void => {
    ancestors.push(node);
    for (const child of childrenOf(node)) recurse(child);
    ancestors.pop();
    visit(node, ancestors);
  };
  recurse(root);
}

export function isFunction(node: Node): boolean {
  return node.type === "FunctionDeclaration" || node.type === "FunctionExpression" || node.type === "ArrowFunctionExpression";
}
