/** Types for yaml-cfn (which ships none): YAML with CloudFormation's short-form tags. */
declare module 'yaml-cfn' {
  export function yamlParse(text: string): unknown;
  export function yamlDump(value: unknown): string;
}
