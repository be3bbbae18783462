// The loop guard (`__guard` in compiled code) lives in src/js/loop-guard-runtime.ts next to the transform
// that calls it; the page shares one guard across cells (time is measured per task, see there).
import {LoopLimitError} from "../js/loop-guard-runtime.ts";

export {createLoopGuard, LoopLimitError, type LoopGuard} from "../js/loop-guard-runtime.ts";

export function isLoopLimitError(error: unknown): boolean {
  return error instanceof LoopLimitError || (error instanceof Error && /^stopped after [\d.]+ s/.test(error.message));
}
