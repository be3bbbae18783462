// Free variables of a cell: identifiers read or written that no enclosing scope declares and that are not
// JavaScript/browser globals. Found with a scope walk (after acorn-globals and Observable Framework), not regexes.
import {childrenOf, isFunction, type Node} from "./ast.ts";
import {collectPattern} from "./declarations.ts";
import {defaultGlobals} from "./globals.ts";

/** Identifiers (in source order) that refer to names declared outside `root`. */
export function findReferences(root: Node, {globals = defaultGlobals}: {globals?: Set<string>} = {}): Node[] {
  const scopes = declareScopes(root);
  const references: Node[] = [];
  visitIdentifiers(root, [], (identifier, ancestors) => {
    const name = identifier.name as string;
    if (globals.has(name)) return;
    for (let i = ancestors.length - 1; i >= 0; --i) {
      if (scopes.get(ancestors[i])?.has(name)) return;
    }
    references.push(identifier);
  });
  return references;
}

/** Maps each scope-creating node to the names declared directly in it. */
function declareScopes(root: Node): Map<Node, Set<string>> {
  const scopes = new Map<Node, Set<string>>();
  const declare = (scope: Node, ids: Node[]) => {
    let names = scopes.get(scope);
    if (!names) scopes.set(scope, (names = new Set()));
    for (const id of ids) names.add(id.name);
  };
  const patternNames = (pattern: Node) => {
    const ids: Node[] = [];
    collectPattern(pattern, ids);
    return ids;
  };
  const visit = (node: Node, ancestors: Node[]) => {
    const parent = ancestors[ancestors.length - 1];
    switch (node.type) {
      case "VariableDeclaration": {
        const scope = node.kind === "var" ? nearestFunction(ancestors) ?? root : nearestBlock(ancestors, root);
        for (const declarator of node.declarations as Node[]) declare(scope, patternNames(declarator.id));
        break;
      }
      case "FunctionDeclaration":
        if (node.id) declare(nearestBlock(ancestors, root), [node.id]);
        declare(node, (node.params as Node[]).flatMap(patternNames));
        break;
      case "FunctionExpression":
      case "ArrowFunctionExpression":
        declare(node, (node.params as Node[]).flatMap(patternNames));
        if (node.id) declare(node, [node.id]);
        break;
      case "ClassDeclaration":
        if (node.id) declare(nearestBlock(ancestors, root), [node.id]);
        break;
      case "ClassExpression":
        if (node.id) declare(node, [node.id]);
        break;
      case "CatchClause":
        if (node.param) declare(node, patternNames(node.param));
        break;
      case "ImportSpecifier":
      case "ImportDefaultSpecifier":
      case "ImportNamespaceSpecifier":
        declare(root, [node.local]);
        break;
    }
    void parent;
    ancestors.push(node);
    for (const child of childrenOf(node)) visit(child, ancestors);
    ancestors.pop();
  };
  visit(root, []);
  return scopes;
}

function nearestFunction(ancestors: Node[]): Node | undefined {
  for (let i = ancestors.length - 1; i >= 0; --i) if (isFunction(ancestors[i])) return ancestors[i];
  return undefined;
}

/** The innermost node that scopes let/const/class: a block, a for head, a switch, a function, or the root. */
function nearestBlock(ancestors: Node[], root: Node): Node {
  for (let i = ancestors.length - 1; i >= 0; --i) {
    const node = ancestors[i];
    if (/^(BlockStatement|StaticBlock|SwitchStatement|ForStatement|ForInStatement|ForOfStatement|Program)$/.test(node.type) || isFunction(node)) return node;
  }
  return root;
}

/** Calls `found` for each Identifier in a variable position (not property names, labels or meta properties). */
function visitIdentifiers(node: Node, ancestors: Node[], found: (id: Node, ancestors: Node[]) => void): void {
  const recurse = (child: Node | null | undefined) => {
    if (!child) return;
    ancestors.push(node);
    visitIdentifiers(child, ancestors, found);
    ancestors.pop();
  };
  switch (node.type) {
    case "Identifier":
      found(node, ancestors.slice());
      return;
    case "MemberExpression":
      recurse(node.object);
      if (node.computed) recurse(node.property);
      return;
    case "Property":
    case "MethodDefinition":
    case "PropertyDefinition":
      if (node.computed) recurse(node.key);
      recurse(node.value);
      return;
    case "LabeledStatement":
      recurse(node.body);
      return;
    case "BreakStatement":
    case "ContinueStatement":
    case "MetaProperty":
    case "ImportDeclaration":
    case "PrivateIdentifier":
      return;
    case "ExportSpecifier":
      recurse(node.local);
      return;
  }
  for (const child of childrenOf(node)) recurse(child);
}
