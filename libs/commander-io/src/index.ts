export { type OutputStreams, routeOutput } from "./route-output.js";
