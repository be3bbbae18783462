// Public entry of the tensor runtime: Tensor, np, nn, and types (see DEVELOPERS.md, "the tensor runtime").
export {Tensor, toTensor} from "./tensor.ts";
export type {TensorLike, NestedArray, Index, Axis, ReduceOptions} from "./tensor.ts";
export {ShapeError, formatShape} from "./shape.ts";
export {IndexError} from "./indexing.ts";
export {np} from "./np.ts";
export type {Np} from "./np.ts";
export {nn} from "../autograd/nn.ts";
export {GradNode} from "../autograd/graph.ts";
export {noGrad, isGradEnabled} from "../autograd/no-grad.ts";
export {numericGradient, relError} from "../autograd/gradcheck.ts";
export {withoutAutograd, AutogradOffError} from "../autograd/no-grad.ts";
export {readWork, workSince, tensorsOfSize, type WorkCount} from "./work.ts";
