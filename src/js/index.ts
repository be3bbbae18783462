// Public entry of src/js (browser-safe: no node: imports).
export type {CompiledCell, OperatorRuntime, SourceError, TranspileOptions} from "./types.ts";
export {parseCode, toSourceError} from "./parse.ts";
export {findDeclarations} from "./declarations.ts";
export {findReferences} from "./references.ts";
export {transpileCell, bodyLineToSourceLine, BODY_LINE_OFFSET} from "./transpile-cell.ts";
export {transpileCode, type TranspiledCode} from "./transpile-code.ts";
export {createOperatorRuntime, looksLikeTensor, type TensorOps} from "./operators-runtime.ts";
export {createLoopGuard, LoopLimitError, DEFAULT_LIMIT_MS, type LoopGuard, type LoopGuardOptions} from "./loop-guard-runtime.ts";
export {GUARD_INTERVAL, GUARD_COUNTER} from "./guard-loops.ts";
