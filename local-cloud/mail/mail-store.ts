import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** An email the local cloud "sent": sign-up codes, password resets, reports. */
export interface LocalEmail {
  id: string;
  sentAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html?: string;
}

/**
 * Where every email sent locally lands instead of a mailbox, kept as JSON lines so it survives a
 * restart; the mail viewer page lists it.
 */
export class MailStore {
  constructor(private readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
  }

  send(message: Omit<LocalEmail, 'id' | 'sentAt'>): LocalEmail {
    const email: LocalEmail = { id: randomUUID(), sentAt: new Date().toISOString(), ...message };
    appendFileSync(this.file, `${JSON.stringify(email)}\n`);
    return email;
  }

  /** Newest first. */
  list(): LocalEmail[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LocalEmail)
      .reverse();
  }

  /** The six-digit code (sign-up, password reset) in the newest email to this address. */
  latestCode(address: string): string {
    const message = this.list().find((candidate) => candidate.to.includes(address));
    const code = message?.text.match(/\b(\d{6})\b/)?.[1];
    if (!code) throw new Error(`no code emailed to ${address}`);
    return code;
  }
}
