import type { ReactElement } from 'react';
import { render } from '@react-email/render';
import {
  AccountInvitationEmail,
  AccountInvitationLayout,
  accountInvitationSubject,
  accountInvitationText,
  accountInvitationVariant,
  accountInvitationView,
  type AccountInvitationVariant,
  type AccountInvitationView,
} from '@/emails/account-invitation';
import {
  AdministratorInvitationEmail,
  AdministratorInvitationLayout,
  administratorInvitationSubject,
  administratorInvitationText,
  administratorInvitationVariant,
  administratorInvitationView,
  type AdministratorInvitationVariant,
  type AdministratorInvitationView,
} from '@/emails/administrator-invitation';
import { formatExpiry } from '@/emails/shared';
import type { AccountInvitationProps, AdministratorInvitationProps } from '@/emails/types';
import type { RenderedEmail, TemplateName, TemplateProps } from '@/lib/delivery/types';

/**
 * Rendering an email with React costs milliseconds; the drainer sends ~1,000 a second. So each
 * template's layout is rendered once per variant with a marker in place of every value (the
 * skeleton), and a message is the skeleton with its values, HTML-escaped exactly as React escapes
 * them, put back in. The result is byte-identical to a direct render (tests/unit/render.test.ts), and
 * deterministic, so a retried provider request carries the same body under the same idempotency key.
 */

/** Every string a template shows, by the names of its view's fields (`K`). */
type View<K extends string> = Record<K, string>;

interface TemplateDefinition<P, K extends string, Variant extends string> {
  variant: (props: P) => Variant;
  view: (props: P) => View<K>;
  layout: (view: View<K>, variant: Variant) => ReactElement;
  subject: (view: View<K>) => string;
  text: (view: View<K>, variant: Variant) => string;
  direct: (props: P) => ReactElement;
  sms: (props: P) => string;
}

/** A template with its types erased, so that every template fits one table. */
interface Template<P> {
  email: (props: P) => Promise<RenderedEmail>;
  emailDirect: (props: P) => Promise<RenderedEmail>;
  sms: (props: P) => string;
}

const MARKER = /\u2063ML:([A-Za-z]+)\u2063/g;
const marker = (key: string) => `\u2063ML:${key}\u2063`;

/** A skeleton split into literal parts and value keys: parts[0] key[0] parts[1] key[1] … parts[n]. */
interface Compiled {
  parts: string[];
  keys: string[];
}

function compile(skeleton: string): Compiled {
  const parts: string[] = [];
  const keys: string[] = [];
  let last = 0;
  for (const match of skeleton.matchAll(MARKER)) {
    parts.push(skeleton.slice(last, match.index));
    keys.push(match[1]!);
    last = match.index + match[0].length;
  }
  parts.push(skeleton.slice(last));
  return { parts, keys };
}

function fill(compiled: Compiled, view: Record<string, string>, escape: (value: string) => string): string {
  let out = compiled.parts[0]!;
  for (let i = 0; i < compiled.keys.length; i++) {
    out += escape(view[compiled.keys[i]!]!) + compiled.parts[i + 1]!;
  }
  return out;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };
/** What React (react-dom/server) does to text and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}
const raw = (value: string) => value;

interface Skeleton {
  html: Compiled;
  text: Compiled;
  subject: Compiled;
}

/** The view with a marker in place of each value. */
function markersFor<K extends string>(view: View<K>): View<K> {
  const markers = { ...view };
  for (const key in view) markers[key] = marker(key);
  return markers;
}

/** Renders the definition's emails through a skeleton per variant, built on first use. */
function defineTemplate<P, K extends string, Variant extends string>(
  def: TemplateDefinition<P, K, Variant>,
): Template<P> {
  const skeletons = new Map<Variant, Promise<Skeleton>>();
  const skeletonFor = (variant: Variant, view: View<K>): Promise<Skeleton> => {
    let skeleton = skeletons.get(variant);
    if (!skeleton) {
      const markers = markersFor(view);
      skeleton = render(def.layout(markers, variant)).then((html) => ({
        html: compile(html),
        text: compile(def.text(markers, variant)),
        subject: compile(def.subject(markers)),
      }));
      skeleton.catch(() => skeletons.delete(variant));
      skeletons.set(variant, skeleton);
    }
    return skeleton;
  };

  const emailDirect = async (props: P): Promise<RenderedEmail> => {
    const view = def.view(props);
    return {
      subject: def.subject(view),
      html: await render(def.direct(props)),
      text: def.text(view, def.variant(props)),
    };
  };

  const email = async (props: P): Promise<RenderedEmail> => {
    const view = def.view(props);
    const skeleton = await skeletonFor(def.variant(props), view);
    const values: Record<string, string> = view;
    // React renders an empty text value differently (no text node), so the skeleton would not match.
    if (skeleton.html.keys.some((k) => values[k] === '' || values[k]!.includes('\u2063'))) return emailDirect(props);
    return {
      subject: fill(skeleton.subject, values, raw),
      html: fill(skeleton.html, values, escapeHtml),
      text: fill(skeleton.text, values, raw),
    };
  };

  return { email, emailDirect, sms: def.sms };
}

const templates: { [T in TemplateName]: Template<TemplateProps[T]> } = {
  'account-invitation': defineTemplate<AccountInvitationProps, keyof AccountInvitationView, AccountInvitationVariant>({
    variant: accountInvitationVariant,
    view: accountInvitationView,
    layout: (view, variant) => <AccountInvitationLayout view={view} variant={variant} />,
    subject: accountInvitationSubject,
    text: accountInvitationText,
    direct: (p) => <AccountInvitationEmail {...p} />,
    sms: (p) =>
      `MultiLine: ${p.organizationName} invited you. Activate: ${p.activationUrl} ` +
      `Password: ${p.password} (expires ${formatExpiry(p.expiresAt).replace(' (UTC)', '')})`,
  }),
  'administrator-invitation': defineTemplate<
    AdministratorInvitationProps,
    keyof AdministratorInvitationView,
    AdministratorInvitationVariant
  >({
    variant: administratorInvitationVariant,
    view: administratorInvitationView,
    layout: (view) => <AdministratorInvitationLayout view={view} />,
    subject: administratorInvitationSubject,
    text: administratorInvitationText,
    direct: (p) => <AdministratorInvitationEmail {...p} />,
    sms: (p) =>
      `MultiLine: ${p.invitedByName} invited you to administer ${p.organizationName}. Set your password: ${p.setPasswordUrl}`,
  }),
};

/** The template's entry, or a clear error for a name read from the database that is no template. */
function templateOf<T extends TemplateName>(template: T, kind: 'email' | 'SMS'): Template<TemplateProps[T]> {
  const found: Template<TemplateProps[T]> | undefined = templates[template];
  if (!found) throw new Error(`Unknown ${kind} template ${String(template)}`);
  return found;
}

/** The email of a template: subject, HTML and plain-text part. Fast after the first call per variant. */
export async function renderEmail<T extends TemplateName>(
  template: T,
  props: TemplateProps[T],
): Promise<RenderedEmail> {
  return templateOf(template, 'email').email(props);
}

/** The same email rendered with React every time: the reference that renderEmail must equal. */
export async function renderEmailDirect<T extends TemplateName>(
  template: T,
  props: TemplateProps[T],
): Promise<RenderedEmail> {
  return templateOf(template, 'email').emailDirect(props);
}

/** The SMS of a template: short, with the link and (for an account) the password. */
export function renderSms<T extends TemplateName>(template: T, props: TemplateProps[T]): string {
  return templateOf(template, 'SMS').sms(props);
}
