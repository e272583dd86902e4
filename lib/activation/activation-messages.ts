/** The stable error codes of an activation (the mobile API answers them as they are). */
export type ActivationErrorCode =
  | 'invalid_credentials'
  | 'invitation_superseded'
  | 'invitation_expired'
  | 'account_suspended'
  | 'invitation_used'
  | 'invalid_phone'
  | 'number_required'
  | 'number_taken'
  | 'phone_mismatch'
  | 'rate_limited';

/** Written for the invited user: each says what to do next. */
export const ACTIVATION_MESSAGES = {
  invalidPassword: 'The username or activation password is incorrect. Check them against your latest invitation.',
  invalidLink:
    'This invitation link is not valid. Open the link in your latest invitation, or ask your administrator to send a new one.',
  superseded:
    'A newer invitation was sent to you, so this one no longer works. Use the latest invitation, or ask your administrator to send a new one.',
  expired: 'This invitation has expired. Ask your administrator to resend the invitation.',
  suspended:
    'Your MultiLine account has been suspended by your administrator, so it cannot be activated or reinstalled. Ask your administrator to reinstate it.',
  used: 'This invitation has already been used to activate MultiLine, and it works only once. To activate again (for example after reinstalling the app), ask your administrator to send you a new invitation.',
  invalidPhone: 'Enter a valid personal phone number, including the country code (for example +1 415 555 0100).',
  numberRequired: 'Choose a number for your MultiLine line.',
  numberTaken: 'That number was just taken by someone else. Choose another one.',
  tagExhausted: 'No number with that tag is left. Choose another one.',
  phoneMismatch:
    'This account is already active on another personal phone number. To use a new phone, your administrator must delete the account and invite you again.',
  rateLimited: (seconds: number) =>
    `Too many activation attempts. Wait ${Math.max(1, Math.ceil(seconds / 60))} minute${seconds > 60 ? 's' : ''}, then try again.`,
} as const;
