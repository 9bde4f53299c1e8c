import { create, type DescMessage, type DescService, fromBinary, type Message, toBinary } from "@bufbuild/protobuf";
import type { MethodDefinition, ServiceDefinition } from "@grpc/grpc-js";

/**
 * The grpc-js view of a protobuf-es service: paths, streaming flags and
 * (de)serializers made from the generated schemas, so neither side needs a
 * second code generator. Usable with `makeGenericClientConstructor` and, for
 * tests, with a grpc-js `Server`.
 */
export function grpcServiceDefinition(service: DescService): ServiceDefinition {
  const definition: Record<string, MethodDefinition<Message, Message>> = {};
  for (const method of service.methods) {
    definition[method.localName] = {
      path: grpcMethodPath(service, method.name),
      requestStream: method.methodKind === "client_streaming" || method.methodKind === "bidi_streaming",
      responseStream: method.methodKind === "server_streaming" || method.methodKind === "bidi_streaming",
      requestSerialize: serializer(method.input),
      requestDeserialize: deserializer(method.input),
      responseSerialize: serializer(method.output),
      responseDeserialize: deserializer(method.output),
      originalName: method.localName,
    };
  }
  return definition;
}

/** `/package.Service/Method`, the HTTP/2 path of a gRPC call. */
export function grpcMethodPath(service: DescService, methodName: string): string {
  return `/${service.typeName}/${methodName}`;
}

// Accepts a message or its init shape: `create` returns a message unchanged.
export function serializer(schema: DescMessage): (value: Message) => Buffer {
  return (value) => {
    const bytes = toBinary(schema, create(schema, value));
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

export function deserializer(schema: DescMessage): (bytes: Buffer) => Message {
  return (bytes) => fromBinary(schema, bytes);
}
