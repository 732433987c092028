import { randomUUID } from 'node:crypto';
import { escapeMarkup } from '../../functions/lib/markup.ts';
import { localArn } from '../iam/function-policies.ts';
import type { Authorize } from '../iam/signed-api.ts';
import type { MailStore } from '../mail/mail-store.ts';
import { type LocalService, readBody } from '../service.ts';
import { sendAwsQueryError } from './aws-errors.ts';

/**
 * SES (v1 API, query protocol) SendEmail into the local mail store. Behind requireSigV4, each call
 * is authorized as ses:SendEmail on the sending domain's identity with `ses:FromAddress` set, so the
 * report role's condition holds as in the cloud; only verified from-addresses may send at all.
 */
export function createLocalSes(options: {
  mail: MailStore;
  allowedFromAddresses: readonly string[];
  authorize: Authorize;
}): LocalService {
  return {
    async handle(request, response) {
      const form = new URLSearchParams((await readBody(request)).toString('utf8'));
      if (form.get('Action') !== 'SendEmail') {
        return sendAwsQueryError(response, 400, 'InvalidAction', `Unsupported action ${form.get('Action')}`);
      }
      const from = form.get('Source') ?? '';
      const denied = options.authorize(request, {
        action: 'ses:SendEmail',
        resource: localArn('ses', `identity/${from.split('@')[1] ?? from}`),
        context: { 'ses:FromAddress': from },
      });
      if (denied) return sendAwsQueryError(response, 403, 'AccessDenied', denied);
      if (!options.allowedFromAddresses.includes(from)) {
        return sendAwsQueryError(response, 403, 'AccessDenied', `Not authorized to send from ${from}`);
      }
      const to = [...form.entries()]
        .filter(([name]) => name.startsWith('Destination.ToAddresses.member.'))
        .map(([, value]) => value);
      const subject = form.get('Message.Subject.Data');
      const text = form.get('Message.Body.Text.Data');
      if (to.length === 0 || !subject || text === null) {
        return sendAwsQueryError(
          response,
          400,
          'ValidationError',
          'Destination, subject and a text body are required',
        );
      }
      const html = form.get('Message.Body.Html.Data') ?? undefined;
      const email = options.mail.send({ from, to, subject, text, ...(html ? { html } : {}) });
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.end(
        `<SendEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><SendEmailResult><MessageId>${escapeMarkup(email.id)}</MessageId></SendEmailResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></SendEmailResponse>`,
      );
    },
  };
}
