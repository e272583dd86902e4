import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Link,
  Preview,
  Section,
  Text,
} from '@react-email/components';
import type { AccountInvitationProps } from './types';
import { assertWebUrl, formatExpiry, formatPhone, styles } from './shared';

/** Every string the email shows, already formatted: the layout only places them. */
export interface AccountInvitationView {
  firstName: string;
  organizationName: string;
  username: string;
  password: string;
  activationUrl: string;
  assignedNumber: string;
  expiresOn: string;
  appStoreUrl: string;
  playStoreUrl: string;
}

/** The two shapes of the email: with an assigned number, or "choose at activation". */
export type AccountInvitationVariant = 'number' | 'choose';

export function accountInvitationVariant(props: AccountInvitationProps): AccountInvitationVariant {
  return props.assignedNumber ? 'number' : 'choose';
}

export function accountInvitationView(props: AccountInvitationProps): AccountInvitationView {
  return {
    firstName: props.firstName,
    organizationName: props.organizationName,
    username: props.username,
    password: props.password,
    activationUrl: assertWebUrl(props.activationUrl),
    assignedNumber: formatPhone(props.assignedNumber) ?? '',
    expiresOn: formatExpiry(props.expiresAt),
    appStoreUrl: assertWebUrl(props.appStoreUrl),
    playStoreUrl: assertWebUrl(props.playStoreUrl),
  };
}

export function accountInvitationSubject(view: AccountInvitationView): string {
  return `Your MultiLine invitation from ${view.organizationName}`;
}

/** The layout, from formatted strings (lib/delivery/render.ts renders it once per variant). */
export function AccountInvitationLayout({
  view,
  variant,
}: {
  view: AccountInvitationView;
  variant: AccountInvitationVariant;
}) {
  return (
    <Html lang="en">
      <Head />
      <Preview>Activate your MultiLine business number</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading as="h1" style={styles.heading}>
            Your MultiLine invitation
          </Heading>
          <Text style={styles.text}>Hello {view.firstName},</Text>
          <Text style={styles.text}>
            {view.organizationName} has set up a MultiLine business line for you. Activate it before {view.expiresOn}.
          </Text>
          <Section style={{ margin: '8px 0 24px' }}>
            <Button href={view.activationUrl} style={styles.button}>
              Activate your account
            </Button>
          </Section>
          <Text style={styles.small}>Or open this link in your browser:</Text>
          <Text style={styles.small}>
            <Link href={view.activationUrl} style={styles.link}>
              {view.activationUrl}
            </Link>
          </Text>
          <Hr style={styles.hr} />
          <Heading as="h2" style={{ ...styles.heading, fontSize: '18px' }}>
            Activate in the MultiLine app
          </Heading>
          <Section style={styles.details}>
            <Text style={styles.label}>Organization</Text>
            <Text style={styles.value}>{view.organizationName}</Text>
            <Text style={styles.label}>Username</Text>
            <Text style={styles.value}>{view.username}</Text>
            <Text style={styles.label}>Activation password</Text>
            <Text style={styles.code}>{view.password}</Text>
            <Text style={styles.label}>Your MultiLine number</Text>
            {variant === 'number' ? (
              <Text style={styles.value}>{view.assignedNumber}</Text>
            ) : (
              <Text style={styles.value}>You will choose your number when you activate.</Text>
            )}
            <Text style={styles.label}>Invitation expires</Text>
            <Text style={{ ...styles.value, margin: 0 }}>{view.expiresOn}</Text>
          </Section>
          <Text style={{ ...styles.text, marginTop: '24px' }}>
            Get the app:{' '}
            <Link href={view.appStoreUrl} style={styles.link}>
              App Store
            </Link>{' '}
            ·{' '}
            <Link href={view.playStoreUrl} style={styles.link}>
              Google Play
            </Link>
          </Text>
          <Hr style={styles.hr} />
          <Text style={styles.small}>
            Keep the password to yourself: anyone with it can activate this line. If you did not expect this invitation,
            ignore this email; nothing happens until someone activates.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

/** The plain-text part; written by hand so it reads well, not converted from the HTML. */
export function accountInvitationText(view: AccountInvitationView, variant: AccountInvitationVariant): string {
  return [
    `Hello ${view.firstName},`,
    '',
    `${view.organizationName} has set up a MultiLine business line for you. Activate it before ${view.expiresOn}.`,
    '',
    'Activate your account:',
    view.activationUrl,
    '',
    'Or activate in the MultiLine app with:',
    `  Organization: ${view.organizationName}`,
    `  Username: ${view.username}`,
    `  Activation password: ${view.password}`,
    variant === 'number'
      ? `  Your MultiLine number: ${view.assignedNumber}`
      : '  Your MultiLine number: you will choose your number when you activate.',
    `  Invitation expires: ${view.expiresOn}`,
    '',
    'Get the app:',
    `  App Store: ${view.appStoreUrl}`,
    `  Google Play: ${view.playStoreUrl}`,
    '',
    'Keep the password to yourself: anyone with it can activate this line. If you did not expect this',
    'invitation, ignore this email; nothing happens until someone activates.',
    '',
  ].join('\n');
}

export function AccountInvitationEmail(props: AccountInvitationProps) {
  return <AccountInvitationLayout view={accountInvitationView(props)} variant={accountInvitationVariant(props)} />;
}

AccountInvitationEmail.PreviewProps = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  organizationName: 'Acme Corp',
  username: 'ada.lovelace@acme.test',
  password: 'K7QX-M4PZ-R9TW',
  activationUrl: 'http://localhost:3000/activate/preview-token',
  assignedNumber: '+12125550100',
  expiresAt: '2030-01-31T12:00:00.000Z',
  appStoreUrl: 'https://apps.apple.com/app/multiline',
  playStoreUrl: 'https://play.google.com/store/apps/details?id=com.multiline',
} satisfies AccountInvitationProps;

export default AccountInvitationEmail;
