import type { Message } from "@bufbuild/protobuf";
import type { Client, MethodDefinition } from "@grpc/grpc-js";
import { callMetadata, callOptionsOf, cancelledBeforeStart, type GrpcCallOptions } from "./call-options.js";
import { toCallError } from "./grpc-call-error.js";

export async function* serverStreamCall(
  client: Client,
  def: MethodDefinition<Message, Message>,
  request: Message,
  options: GrpcCallOptions,
): AsyncGenerator<Message> {
  const { signal } = options;
  if (signal?.aborted) throw cancelledBeforeStart(def.path);
  const call = client.makeServerStreamRequest(
    def.path,
    def.requestSerialize,
    def.responseDeserialize,
    request,
    callMetadata(options.metadata),
    callOptionsOf(options),
  );
  const cancel = () => call.cancel();
  signal?.addEventListener("abort", cancel, { once: true });
  try {
    for await (const message of call) yield message as Message;
  } catch (error) {
    throw toCallError(def.path, error);
  } finally {
    signal?.removeEventListener("abort", cancel);
    // A consumer that stops reading early must not leave the stream open on the server.
    call.cancel();
  }
}
