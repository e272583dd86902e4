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
import type { AdministratorInvitationProps } from './types';
import { assertWebUrl, formatExpiry, styles } from './shared';

export interface AdministratorInvitationView {
  name: string;
  organizationName: string;
  roleLabel: string;
  invitedByName: string;
  setPasswordUrl: string;
  expiresOn: string;
}

/** One shape only; the variant exists so render.ts treats every template alike. */
export type AdministratorInvitationVariant = 'default';

export function administratorInvitationVariant(): AdministratorInvitationVariant {
  return 'default';
}

const ROLE_LABELS: Record<AdministratorInvitationProps['role'], string> = {
  owner: 'an owner (the whole organization tree)',
  admin: 'an administrator',
};

export function administratorInvitationView(props: AdministratorInvitationProps): AdministratorInvitationView {
  return {
    name: props.name,
    organizationName: props.organizationName,
    roleLabel: ROLE_LABELS[props.role],
    invitedByName: props.invitedByName,
    setPasswordUrl: assertWebUrl(props.setPasswordUrl),
    expiresOn: formatExpiry(props.expiresAt),
  };
}

export function administratorInvitationSubject(view: AdministratorInvitationView): string {
  return `You are invited to administer ${view.organizationName} on MultiLine`;
}

export function AdministratorInvitationLayout({ view }: { view: AdministratorInvitationView; variant?: string }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>Set your password for the MultiLine Admin Portal</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading as="h1" style={styles.heading}>
            MultiLine Admin Portal invitation
          </Heading>
          <Text style={styles.text}>Hello {view.name},</Text>
          <Text style={styles.text}>
            {view.invitedByName} invited you to manage {view.organizationName} in the MultiLine Admin Portal as{' '}
            {view.roleLabel}.
          </Text>
          <Section style={{ margin: '8px 0 24px' }}>
            <Button href={view.setPasswordUrl} style={styles.button}>
              Set your password
            </Button>
          </Section>
          <Text style={styles.small}>Or open this link in your browser:</Text>
          <Text style={styles.small}>
            <Link href={view.setPasswordUrl} style={styles.link}>
              {view.setPasswordUrl}
            </Link>
          </Text>
          <Text style={styles.text}>The link works until {view.expiresOn}.</Text>
          <Hr style={styles.hr} />
          <Text style={styles.small}>
            If you did not expect this invitation, ignore this email; no account is active until a password is set.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export function administratorInvitationText(view: AdministratorInvitationView): string {
  return [
    `Hello ${view.name},`,
    '',
    `${view.invitedByName} invited you to manage ${view.organizationName} in the MultiLine Admin Portal as ${view.roleLabel}.`,
    '',
    'Set your password:',
    view.setPasswordUrl,
    '',
    `The link works until ${view.expiresOn}.`,
    '',
    'If you did not expect this invitation, ignore this email; no account is active until a password is set.',
    '',
  ].join('\n');
}

export function AdministratorInvitationEmail(props: AdministratorInvitationProps) {
  return <AdministratorInvitationLayout view={administratorInvitationView(props)} />;
}

AdministratorInvitationEmail.PreviewProps = {
  name: 'Sam Admin',
  organizationName: 'Acme Corp',
  role: 'admin',
  invitedByName: 'Olivia Owner',
  setPasswordUrl: 'http://localhost:3000/activate/admin/preview-token',
  expiresAt: '2030-01-31T12:00:00.000Z',
} satisfies AdministratorInvitationProps;

export default AdministratorInvitationEmail;
