import nodemailer from 'nodemailer';
import type { Mailer } from '../activities/alert-activities';

/** Alert e-mail over SMTP (nodemailer); null when no SMTP server is configured. Nothing connects until the first send. */
export function createSmtpMailer(smtpUrl: string | undefined, from: string): Mailer | null {
  if (!smtpUrl) return null;
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
  };
}
