/** A synthesized CloudFormation template, as plain JSON. */
export interface TemplateJson {
  Resources?: Record<string, TemplateResource>;
  [key: string]: unknown;
}
export interface TemplateResource {
  Type: string;
  Properties?: Record<string, any>;
  Metadata?: Record<string, any>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  DependsOn?: unknown;
  [key: string]: unknown;
}
export interface FoundResource {
  readonly logicalId: string;
  readonly resource: TemplateResource;
  /** The construct path below the stack, e.g. `OpsRole/Resource`. */
  readonly path: string;
}
