import {
  FieldRequirement,
  file_acp_providers_v1_provider_spec,
  ProviderSpecSchema,
  provider as providerOption,
  SecretFormat,
  ValueSource,
} from "@acp/proto";
import { create, createFileRegistry, type DescEnum, type MessageInitShape, setExtension } from "@bufbuild/protobuf";
import { EnumValueOptionsSchema, FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";

// Test support: builds a throw-away enum carrying provider options, so registry
// checks can be exercised without running buf. Not exported from the package.

export type SpecInit = MessageInitShape<typeof ProviderSpecSchema>;

export interface FixtureValue {
  name: string;
  number: number;
  spec?: SpecInit;
}

export function fixtureSpec(overrides: SpecInit = {}): SpecInit {
  return {
    shortName: "alpha",
    displayName: "Alpha",
    secretHelp: "An alpha token.",
    secretFormat: SecretFormat.OPAQUE_TOKEN,
    url: FieldRequirement.OPTIONAL,
    email: FieldRequirement.UNUSED,
    maxSecretBytes: 64,
    env: [{ name: "ALPHA_TOKEN", value: { case: "source", value: ValueSource.SECRET } }],
    ...overrides,
  };
}

/** An enum `fixture.v1.FixtureType` with a zero value followed by `values`. */
export function providerEnum(values: FixtureValue[], zeroSpec?: SpecInit): DescEnum {
  const file = create(FileDescriptorProtoSchema, {
    name: "fixture/v1/fixture_type.proto",
    package: "fixture.v1",
    syntax: "proto3",
    dependency: [file_acp_providers_v1_provider_spec.proto.name],
    enumType: [
      {
        name: "FixtureType",
        value: [{ name: "FIXTURE_TYPE_UNSPECIFIED", number: 0, spec: zeroSpec }, ...values].map((v) => ({
          name: v.name,
          number: v.number,
          options: v.spec === undefined ? undefined : optionsWith(v.spec),
        })),
      },
    ],
  });
  const registry = createFileRegistry(file, (name) =>
    name === file_acp_providers_v1_provider_spec.proto.name ? file_acp_providers_v1_provider_spec : undefined,
  );
  const desc = registry.getEnum("fixture.v1.FixtureType");
  if (desc === undefined) throw new Error("fixture enum was not registered");
  return desc;
}

function optionsWith(spec: SpecInit) {
  const options = create(EnumValueOptionsSchema);
  setExtension(options, providerOption, create(ProviderSpecSchema, spec));
  return options;
}
