// @observablehq/runtime v6 ships no types (observablehq/runtime#326); these cover what we use.
declare module "@observablehq/runtime" {
  export interface Observer<T = unknown> {
    pending?(): void;
    fulfilled?(value: T, name?: string | null): void;
    rejected?(error: unknown, name?: string | null): void;
  }

  export type Definition = (...inputs: any[]) => unknown;

  export class Variable {
    define(name: string | null, inputs: readonly string[], definition: Definition | unknown): this;
    define(inputs: readonly string[], definition: Definition): this;
    define(definition: Definition | unknown): this;
    import(name: string, alias: string, module: Module): this;
    import(name: string, module: Module): this;
    delete(): this;
    dispose(): void;
    readonly _name: string | null;
    readonly _version: number;
  }

  export class Module {
    variable(observer?: Observer | true, options?: {shadow?: Record<string, Definition>}): Variable;
    define(name: string, inputs: readonly string[], definition: Definition): Variable;
    redefine(name: string, inputs: readonly string[], definition: Definition): Variable;
    builtin(name: string, value: unknown): void;
    value(name: string): Promise<unknown>;
    derive(specifiers: unknown[], source: Module): Module;
  }

  export class Runtime {
    constructor(builtins?: Record<string, unknown>, global?: (name: string) => unknown);
    module(): Module;
    module(define: (runtime: Runtime, observer: (name?: string) => Observer | undefined) => void, observer?: (name?: string) => Observer | undefined): Module;
    dispose(): void;
  }

  export class RuntimeError extends Error {
    constructor(message: string, input?: string);
    input?: string;
  }
}

declare module "@observablehq/inspector" {
  import type {Observer} from "@observablehq/runtime";
  export class Inspector implements Observer {
    constructor(element: Element);
    pending(): void;
    fulfilled(value: unknown, name?: string | null): void;
    rejected(error: unknown, name?: string | null): void;
    static into(container: Element | string): () => Inspector;
  }
}
