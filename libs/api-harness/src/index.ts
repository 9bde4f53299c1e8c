export { type SelfSignedCertificate, selfSignedCertificate } from "./self-signed-certificate.js";
export { bearer, startTestApi, type TestApi, type TestApiOptions } from "./start-test-api.js";
