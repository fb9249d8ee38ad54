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
