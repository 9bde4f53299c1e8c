import type { Message } from "@bufbuild/protobuf";
import type { Client, MethodDefinition } from "@grpc/grpc-js";
import { callMetadata, callOptionsOf, cancelledBeforeStart, type GrpcCallOptions } from "./call-options.js";
import { toCallError } from "./grpc-call-error.js";

export function unaryCall(
  client: Client,
  def: MethodDefinition<Message, Message>,
  request: Message,
  options: GrpcCallOptions,
): Promise<Message> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(cancelledBeforeStart(def.path));
  return new Promise((resolve, reject) => {
    const call = client.makeUnaryRequest(
      def.path,
      def.requestSerialize,
      def.responseDeserialize,
      request,
      callMetadata(options.metadata),
      callOptionsOf(options),
      (error, response) => {
        signal?.removeEventListener("abort", cancel);
        if (error) reject(toCallError(def.path, error));
        else resolve(response!);
      },
    );
    const cancel = () => call.cancel();
    signal?.addEventListener("abort", cancel, { once: true });
  });
}
