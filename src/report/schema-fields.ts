import { z } from 'zod';

// The report schema's field shapes, shared by its sections (schema.ts and the section modules).

export const ratio = (what: string) => z.number().min(0).describe(what);
export const seconds = (what: string) => z.number().describe(what);
export const goDuration = (what: string) => z.string().describe(`${what} (Go duration text, e.g. "2h0m0s")`);

/** Which program wrote a report: kubesim and its version. */
export const generatorSchema = z
  .object({
    name: z.literal('kubesim').describe('`kubesim`'),
    version: z.string().describe('its version'),
  })
  .strict();
