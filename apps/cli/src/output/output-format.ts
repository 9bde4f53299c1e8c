/** What every read command's `-o` accepts; table is for people, json and yaml for scripts. */
export const outputFormats = ["table", "json", "yaml"] as const;

export type OutputFormat = (typeof outputFormats)[number];

/** json or yaml: the formats a message is printed in as data. */
export type DataFormat = Exclude<OutputFormat, "table">;
