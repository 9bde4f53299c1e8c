export { type AnswerGitCredentialOptions, answerGitCredential } from "./answer-git-credential.js";
export { type GitCredentialEnvOptions, gitCredentialEnv } from "./git-credential-env.js";
