// The exposure inventory's data: endpoints found in the source, their allow-list and probe verdicts (exposure.json).
import * as z from 'zod';

/** How the platform exposes an endpoint. */
export const endpointKindSchema = z.enum(['soap', 'rest', 'screen-service']);

/** What ossast saw of an endpoint in the generated source (never a guess: "unknown" where the source cannot tell). */
export const sourceEndpointSchema = z.object({
  /** `<Module>.<Interface>` (the form OutSystems uses, e.g. "SecurityUtils.Report"); screen services `<Module>.<Flow>.<Screen>.<Action>`. */
  name: z.string().min(1),
  module: z.string().min(1),
  /** Target id of the module ("App/Module"), as everywhere else in ossast. */
  target: z.string().min(1),
  kind: endpointKindSchema,
  /** URL path on the server, e.g. "/Module/Service.asmx", "/Module/rest/API/Method", "/Module/screenservices/Module/Flow/Screen/ActionX". */
  path: z.string().startsWith('/'),
  /** File it was found in, relative to the source root ("/"-separated), and the line when known. */
  file: z.string().min(1),
  line: z.number().int().positive().optional(),
  /** Platform plumbing present in every module (e.g. `_debugger.asmx`): listed apart from the application's interfaces. */
  platform: z.boolean(),
  /** Whether "Internal Access Only" is set: the generated source does not show it, so "unknown" unless it does. */
  internalOnly: z.union([z.boolean(), z.literal('unknown')]),
  /** Roles allowed to call it, where the code shows them (screen services); "Anonymous" among them is worth flagging. */
  roles: z.array(z.string()).optional(),
  /** Anything else the source shows (e.g. the REST method's HTTP verb), free-form. */
  details: z.record(z.string(), z.string()).optional(),
});

export const probeVerdictSchema = z.enum(['internal-only', 'reachable', 'absent', 'error']);

export const endpointSchema = sourceEndpointSchema.extend({
  allowListed: z.boolean(),
  /** The allow-list entry that covers it: id and the file it came from. */
  allowEntry: z.object({ id: z.string(), file: z.string(), justification: z.string() }).optional(),
  probe: z.object({ url: z.string(), status: z.number().int().optional(), verdict: probeVerdictSchema, error: z.string().optional() }).optional(),
  /** With --baseline: true when the endpoint was not in the baseline's inventory. */
  new: z.boolean().optional(),
});

export const exposureReportSchema = z.object({
  kind: z.literal('ossast-exposure'),
  version: z.literal(1),
  generatedAt: z.string(),
  probeUrl: z.string().optional(),
  endpoints: z.array(endpointSchema),
  /** Allow-list entries that matched no endpoint, and expired ones (which allow nothing). */
  allowList: z.object({
    unused: z.array(z.object({ id: z.string(), file: z.string() })),
    expired: z.array(z.object({ id: z.string(), file: z.string(), expires: z.string() })),
  }),
});

export type EndpointKind = z.infer<typeof endpointKindSchema>;
export type SourceEndpoint = z.infer<typeof sourceEndpointSchema>;
export type Endpoint = z.infer<typeof endpointSchema>;
export type ProbeVerdict = z.infer<typeof probeVerdictSchema>;
export type ExposureReport = z.infer<typeof exposureReportSchema>;
