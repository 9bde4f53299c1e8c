// Run by write-failure.test.ts in a child whose file-size limit (ulimit -f)
// is smaller than the contents, so the kernel fails the write midway with
// EFBIG, as a full disk would with ENOSPC. Prints what happened as one JSON line.
import { ensurePrivateDir } from "../ensure-private-dir.js";
import { errnoCode, SecureFileError } from "../secure-file-error.js";
import { writePrivateFile } from "../write-private-file.js";

const [dirPath, name, size] = process.argv.slice(2);
const dir = await ensurePrivateDir(dirPath!);
try {
  const outcome = await writePrivateFile(dir, name!, Buffer.alloc(Number(size), "n"));
  console.log(JSON.stringify({ outcome }));
} catch (error) {
  if (!(error instanceof SecureFileError)) throw error;
  console.log(JSON.stringify({ code: error.code, cause: errnoCode(error.cause) }));
}
