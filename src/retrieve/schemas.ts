// zod schemas of the LifeTime API v2 replies ossast reads (OutSystems "LifeTime API v2" reference: source code access); unknown fields pass through.
import * as z from 'zod';

export const environmentSchema = z.looseObject({ Key: z.string().min(1), Name: z.string() });
export const applicationSchema = z.looseObject({ Key: z.string().min(1), Name: z.string(), IsSystem: z.boolean().optional() });
export const moduleSchema = z.looseObject({
  Key: z.string().min(1),
  Name: z.string(),
  Kind: z.string().optional(),
  ModuleStatusInEnv: z
    .array(z.looseObject({ ApplicationKey: z.string().optional(), EnvironmentKey: z.string().optional(), ModuleVersionKey: z.string().optional() }))
    .nullish()
    .transform((v) => v ?? []),
});
export const messageSchema = z.looseObject({ Id: z.unknown().optional(), Message: z.string().nullish(), Detail: z.string().nullish(), Type: z.string().nullish() });
export const packageStatusSchema = z.looseObject({
  PackageKey: z.string().min(1),
  Status: z.string(),
  Messages: z
    .array(messageSchema)
    .nullish()
    .transform((v) => v ?? []),
});
export const downloadLinkSchema = z.looseObject({ url: z.string().min(1), expires: z.string().optional() });
// Provenance reads (OutSystems "LifeTime Deployment API v2": Environment, AppStatusInEnv, ApplicationVersion and
// ModuleVersion structures): what LifeTime says runs, read before packaging and again after the download.
export const environmentDetailSchema = environmentSchema.extend({ OSVersion: z.string().nullish() });
export const moduleStatusInEnvSchema = z.looseObject({ ApplicationKey: z.string().nullish(), EnvironmentKey: z.string().nullish(), ModuleVersionKey: z.string().nullish() });
export const appStatusInEnvSchema = z.looseObject({
  EnvironmentKey: z.string(),
  BaseApplicationVersionKey: z.string().nullish(),
  IsModified: z.boolean().nullish(),
  ModuleStatusInEnvs: z
    .array(moduleStatusInEnvSchema)
    .nullish()
    .transform((v) => v ?? []),
});
export const runningApplicationSchema = applicationSchema.extend({
  AppStatusInEnvs: z
    .array(appStatusInEnvSchema)
    .nullish()
    .transform((v) => v ?? []),
});
export const applicationVersionSchema = z.looseObject({ Key: z.string().min(1), ApplicationKey: z.string().nullish(), Version: z.string().nullish() });
export const moduleVersionSchema = z.looseObject({ Key: z.string().min(1), ModuleKey: z.string().nullish(), GeneralHash: z.string().nullish() });
export const errorBodySchema = z.looseObject({ Errors: z.array(z.string()).optional(), StatusCode: z.number().optional() });

export type Environment = z.infer<typeof environmentSchema>;
export type Application = z.infer<typeof applicationSchema>;
export type LtModule = z.infer<typeof moduleSchema>;
export type PackageStatus = z.infer<typeof packageStatusSchema>;
export type LtMessage = z.infer<typeof messageSchema>;

export const describeMessages = (m: LtMessage[]) =>
  m
    .map((x) => [x.Message, x.Detail].filter(Boolean).join(' — '))
    .filter(Boolean)
    .join('; ') || 'no messages';
