export type {
  AuthKind,
  KubeconfigOptions,
  KubeconfigProblem,
  KubeconfigResult,
  KubeconfigSummary,
} from "./public-types.js";
export { validateKubeconfig } from "./validate-kubeconfig.js";
