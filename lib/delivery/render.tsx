import type { ReactElement } from 'react';
import { render } from '@react-email/render';
import {
  AccountInvitationEmail,
  AccountInvitationLayout,
  accountInvitationSubject,
  accountInvitationText,
  accountInvitationVariant,
  accountInvitationView,
  type AccountInvitationView,
} from '@/emails/account-invitation';
import {
  AdministratorInvitationEmail,
  AdministratorInvitationLayout,
  administratorInvitationSubject,
  administratorInvitationText,
  administratorInvitationVariant,
  administratorInvitationView,
} from '@/emails/administrator-invitation';
import { formatExpiry } from '@/emails/shared';
import type { RenderedEmail, TemplateName, TemplateProps } from '@/lib/delivery/types';

/**
 * Rendering an email with React costs milliseconds; the drainer sends ~1,000 a second. So each
 * template's layout is rendered once per variant with a marker in place of every value (the
 * skeleton), and a message is the skeleton with its values, HTML-escaped exactly as React escapes
 * them, put back in. The result is byte-identical to a direct render (tests/unit/render.test.ts), and
 * deterministic, so a retried provider request carries the same body under the same idempotency key.
 */
type View = Record<string, string>;

interface TemplateDefinition<P> {
  variant: (props: P) => string;
  view: (props: P) => View;
  layout: (view: View, variant: string) => ReactElement;
  subject: (view: View) => string;
  text: (view: View, variant: string) => string;
  direct: (props: P) => ReactElement;
}

const definitions: { [T in TemplateName]: TemplateDefinition<TemplateProps[T]> } = {
  'account-invitation': {
    variant: accountInvitationVariant,
    view: (p) => ({ ...accountInvitationView(p) }),
    layout: (view, variant) => (
      <AccountInvitationLayout view={view as unknown as AccountInvitationView} variant={variant as 'number'} />
    ),
    subject: (view) => accountInvitationSubject(view as unknown as AccountInvitationView),
    text: (view, variant) => accountInvitationText(view as unknown as AccountInvitationView, variant as 'number'),
    direct: (p) => <AccountInvitationEmail {...p} />,
  },
  'administrator-invitation': {
    variant: administratorInvitationVariant,
    view: (p) => ({ ...administratorInvitationView(p) }),
    layout: (view) => <AdministratorInvitationLayout view={view as never} />,
    subject: (view) => administratorInvitationSubject(view as never),
    text: (view) => administratorInvitationText(view as never),
    direct: (p) => <AdministratorInvitationEmail {...p} />,
  },
};

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

function fill(compiled: Compiled, view: View, escape: (value: string) => string): string {
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
const skeletons = new Map<string, Promise<Skeleton>>();

function skeletonFor(template: TemplateName, variant: string, keys: string[]): Promise<Skeleton> {
  const cacheKey = `${template}:${variant}`;
  let skeleton = skeletons.get(cacheKey);
  if (!skeleton) {
    const def = definitions[template] as TemplateDefinition<unknown>;
    const markers = Object.fromEntries(keys.map((k) => [k, marker(k)]));
    skeleton = render(def.layout(markers, variant)).then((html) => ({
      html: compile(html),
      text: compile(def.text(markers, variant)),
      subject: compile(def.subject(markers)),
    }));
    skeleton.catch(() => skeletons.delete(cacheKey));
    skeletons.set(cacheKey, skeleton);
  }
  return skeleton;
}

/** The email of a template: subject, HTML and plain-text part. Fast after the first call per variant. */
export async function renderEmail<T extends TemplateName>(
  template: T,
  props: TemplateProps[T],
): Promise<RenderedEmail> {
  const def = definitions[template] as TemplateDefinition<TemplateProps[T]>;
  if (!def) throw new Error(`Unknown email template ${String(template)}`);
  const view = def.view(props);
  const variant = def.variant(props);
  const skeleton = await skeletonFor(template, variant, Object.keys(view));
  // React renders an empty text value differently (no text node), so the skeleton would not match.
  if (skeleton.html.keys.some((k) => view[k] === '' || view[k]!.includes('\u2063'))) {
    return renderEmailDirect(template, props);
  }
  return {
    subject: fill(skeleton.subject, view, raw),
    html: fill(skeleton.html, view, escapeHtml),
    text: fill(skeleton.text, view, raw),
  };
}

/** The same email rendered with React every time: the reference that renderEmail must equal. */
export async function renderEmailDirect<T extends TemplateName>(
  template: T,
  props: TemplateProps[T],
): Promise<RenderedEmail> {
  const def = definitions[template] as TemplateDefinition<TemplateProps[T]>;
  const view = def.view(props);
  const variant = def.variant(props);
  return {
    subject: def.subject(view),
    html: await render(def.direct(props)),
    text: def.text(view, variant),
  };
}

/** The SMS of a template: short, with the link and (for an account) the password. */
export function renderSms<T extends TemplateName>(template: T, props: TemplateProps[T]): string {
  if (template === 'account-invitation') {
    const p = props as TemplateProps['account-invitation'];
    return (
      `MultiLine: ${p.organizationName} invited you. Activate: ${p.activationUrl} ` +
      `Password: ${p.password} (expires ${formatExpiry(p.expiresAt).replace(' (UTC)', '')})`
    );
  }
  if (template === 'administrator-invitation') {
    const p = props as TemplateProps['administrator-invitation'];
    return `MultiLine: ${p.invitedByName} invited you to administer ${p.organizationName}. Set your password: ${p.setPasswordUrl}`;
  }
  throw new Error(`Unknown SMS template ${String(template)}`);
}
