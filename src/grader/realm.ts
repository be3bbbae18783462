// The grader's second front door, for code that runs *inside* a learner realm where only the runtime
// is loaded (the `backstep grade` isolate bundle): the one learner call and its scope. Everything
// else — the page, the Worker, the sandbox host, the CLI — imports src/grader/index.ts. Kept apart so
// the isolate bundle does not pull in the compiler (acorn) that index.ts also exports.
export {callLearner, createLearnerScope, describeThrown, errorLine, isTensor, type CallSpec, type LearnerScope, type ScopeOptions, type SourcePlace} from "./learner.ts";
export type {LearnerOutcome, LearnerError, PlainValue} from "./types.ts";
