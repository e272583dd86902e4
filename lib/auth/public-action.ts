import 'server-only';
import { headers } from 'next/headers';
import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { getDb } from '@/lib/db';
import { type RequestMeta, requestMetaFrom } from '@/lib/audit/record-audit-event';

/** The one answer to an unexpected failure of a public form: no stack trace, no SQL, nothing changed. */
export const PUBLIC_UNEXPECTED = 'Something went wrong on our side. Nothing was changed; try again in a moment.';

/** What every public form's state can say: a message for the status region. */
export interface PublicFormState {
  message?: string;
}

/** The messages beside each field, as `z.flattenError` gives them. */
export type FieldErrors<Input> = { [Field in keyof Input]?: string[] };

export interface PublicActionContext<State> {
  db: Db;
  meta: RequestMeta;
  /** What every answer but success carries back to the form (what was typed, the attempt count …). */
  echo: State;
}

export interface PublicActionSpec<Schema extends z.ZodObject, State extends PublicFormState> {
  /** The action's name in the server log. */
  name: string;
  /** The answer's part that every refusal carries back, from the previous state and the form. */
  echo: (prev: State, formData: FormData) => State;
  /** The answer to input the schema refuses, from its field errors. */
  invalid: (fieldErrors: FieldErrors<z.output<Schema>>, echo: State) => State;
  handler: (input: z.output<Schema>, context: PublicActionContext<State>) => Promise<State>;
}

/**
 * The form data as the schema reads it: each field of the schema's shape, a missing one as `undefined`.
 * (A file where text is expected is left for the schema to refuse.)
 */
function readForm(schema: z.ZodObject, formData: FormData): Record<string, FormDataEntryValue | undefined> {
  return Object.fromEntries(Object.keys(schema.shape).map((key) => [key, formData.get(key) ?? undefined]));
}

/**
 * The sign-in, activation and set-password forms' actions (`useActionState`: previous state and form
 * data in, next state out), beside `adminAction` for the portal's: there is no session to check, the
 * request itself carries the credential (a password, a link's token). It reads the form's fields
 * with the action's zod schema and answers field errors through `invalid`; anything the handler
 * throws, but Next.js's own control flow (redirect(), notFound()), which is re-thrown, is logged and
 * answered with one generic message. A server action is a public endpoint: this is all it gets.
 */
export function publicAction<Schema extends z.ZodObject, State extends PublicFormState>(
  schema: Schema,
  spec: PublicActionSpec<Schema, State>,
): (prev: State, formData: FormData) => Promise<State> {
  return async (prev, formData) => {
    const echo = spec.echo(prev, formData);
    const parsed = schema.safeParse(readForm(schema, formData));
    if (!parsed.success) {
      return spec.invalid(z.flattenError(parsed.error).fieldErrors, echo);
    }
    try {
      return await spec.handler(parsed.data, { db: await getDb(), meta: requestMetaFrom(await headers()), echo });
    } catch (error) {
      unstable_rethrow(error); // the redirect after a successful sign-in, for one
      console.error(`[${spec.name}] failed`, error);
      return { ...echo, message: PUBLIC_UNEXPECTED };
    }
  };
}
