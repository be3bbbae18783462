// The grading core's front door: what the page, the check Worker, the sandbox host and the CLI use.
// Nothing outside src/grader imports its internals (code running inside a learner realm that must
// not load the compiler uses ./realm.ts). Pure: no DOM, no node: imports; the runtime (np, nn) is
// passed in by the caller.
export type * from "./types.ts";
export {type Dense, toDense, makeDense, isDense, compareDense, formatShape, formatNumber, sameShape, sizeOf, mapDense, zipDense, sumAxis0} from "./dense.ts";
export {prepareTrials, prepareTrial, runForward, type PreparedTrial, type PreparedMutant, type PrepareOptions} from "./prepare.ts";
export {gradeExercise, gradeTrial, judgeOutcomes, callSpec, summarize, isUntouched, notAttempted, learnerValues, defaultTol, defaultMaxResultElements, type JudgeOptions} from "./grade.ts";
export {defaultWorkBudget, type WorkBudget} from "./integrity.ts";
export {gradedReturns} from "./returns.ts";
export {callLearner, createLearnerScope, describeThrown, errorLine, type CallSpec, type LearnerScope} from "./learner.ts";
export {compileLearnerCode, LearnerSyntaxError, type LearnerSourceType} from "./learner-code.ts";
export {compileLearner, gradeSource, type CompiledLearner, type CompileResult, type GradeSourceOptions} from "./compile.ts";
export {createConsoleCapture, formatLogValue, type ConsoleCapture} from "./console-capture.ts";
export {capText, escapeControl} from "./cap.ts";
export {closestName, editDistance, explainError} from "./error-hint.ts";
export {describeTarget} from "./graph.ts";
export {diagnoseStep, shapeMistake} from "./diagnose.ts";
export {formatReport, formatStep, hintsToShow} from "./format.ts";
export {buildSubmission, parseSubmission, type Submission, type SubmissionEntry} from "./submission.ts";
