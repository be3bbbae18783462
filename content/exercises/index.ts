// The registry of exercises, by id. A lesson's ```js exercise <id>``` cell and `backstep grade` look
// exercises up here. Add one import and one entry per exercise.
import type {ExerciseDef} from "../../src/grader/index.ts";
import {affine_backward} from "./affine_backward.ts";
import {batchnorm_backward} from "./batchnorm_backward.ts";
import {conv_backward_naive} from "./conv_backward_naive.ts";
import {max_pool_backward_naive} from "./max_pool_backward_naive.ts";
import {relu_backward} from "./relu_backward.ts";
import {softmax_loss} from "./softmax_loss.ts";
// course (issue 6): the exercises the lessons add
import {affine_forward} from "./affine_forward.ts";
import {affine_relu_backward} from "./affine_relu_backward.ts";
import {batchnorm_backward_alt} from "./batchnorm_backward_alt.ts";
import {layernorm_backward} from "./layernorm_backward.ts";
import {max_gate_backward} from "./max_gate_backward.ts";
import {mul_gate_backward} from "./mul_gate_backward.ts";
import {spatial_batchnorm_backward} from "./spatial_batchnorm_backward.ts";
import {sum_gate_backward} from "./sum_gate_backward.ts";
import {svm_loss} from "./svm_loss.ts";
import {variance_backward} from "./variance_backward.ts";

export const exercises: Record<string, ExerciseDef> = {
  affine_backward,
  batchnorm_backward,
  conv_backward_naive,
  max_pool_backward_naive,
  relu_backward,
  softmax_loss,
  affine_forward,
  affine_relu_backward,
  batchnorm_backward_alt,
  layernorm_backward,
  max_gate_backward,
  mul_gate_backward,
  spatial_batchnorm_backward,
  sum_gate_backward,
  svm_loss,
  variance_backward
};

export function getExercise(id: string): ExerciseDef | undefined {
  return Object.hasOwn(exercises, id) ? exercises[id] : undefined;
}
