export { createLogger, type LogFields, type Logger, type LogSink } from "./logger.js";
