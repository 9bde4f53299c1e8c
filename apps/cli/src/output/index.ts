// How results are shown: tables for people, the proto messages' canonical
// JSON or YAML for scripts. A base layer: it imports nothing of the app.
export { utcTime } from "./absolute-time.js";
export { type DataFormat, type OutputFormat, outputFormats } from "./output-format.js";
export { age, expiry, shortDuration } from "./relative-time.js";
export { messageJson, renderData, renderMessage } from "./render-message.js";
export { renderTable } from "./render-table.js";
