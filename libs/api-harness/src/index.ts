export { bearer, startTestApi, type TestApi, type TestApiOptions } from "./start-test-api.js";
