// The names a cell declares at its top level: they become the cell's outputs (reactive variables).
import type {Node} from "./ast.ts";

/** Top-level declared identifiers (var/let/const patterns, functions, classes), in source order. */
export function findDeclarations(program: Node): Node[] {
  if (program.type !== "Program") return [];
  const declarations: Node[] = [];
  for (const statement of program.body as Node[]) {
    switch (statement.type) {
      case "VariableDeclaration":
        for (const declarator of statement.declarations as Node[]) collectPattern(declarator.id, declarations);
        break;
      case "FunctionDeclaration":
      case "ClassDeclaration":
        if (statement.id) declarations.push(statement.id);
        break;
      case "ImportDeclaration":
        for (const specifier of statement.specifiers as Node[]) declarations.push(specifier.local);
        break;
    }
  }
  return declarations;
}

/** Pushes the identifiers a binding pattern declares (`{a, b: [c, ...d]} = …` declares a, c, d). */
export function collectPattern(pattern: Node, out: Node[]): void {
  switch (pattern.type) {
    case "Identifier":
      out.push(pattern);
      break;
    case "ObjectPattern":
      for (const property of pattern.properties as Node[]) {
        collectPattern(property.type === "RestElement" ? property.argument : property.value, out);
      }
      break;
    case "ArrayPattern":
      for (const element of pattern.elements as (Node | null)[]) if (element) collectPattern(element, out);
      break;
    case "RestElement":
      collectPattern(pattern.argument, out);
      break;
    case "AssignmentPattern":
      collectPattern(pattern.left, out);
      break;
  }
}
