/**
 * The product validates with zod's mini build (`zod/mini`): the same schemas and checks as `zod`,
 * written as functions (`z.optional(s)`, `s.check(z.maxLength(n))`) rather than chained methods.
 * Chained methods live on every schema's class, so `zod` puts all of itself (about 90 KB minified)
 * into each Lambda bundle and SPA chunk that validates anything; the mini build keeps only what a
 * module uses (about 30 KB for the orders API). The mini build has no messages of its own until a
 * locale is configured ("Invalid input" for everything), where `zod` configures English by itself:
 * every module that builds schemas imports this module first, so each message a client reads stays
 * what it was. (Import `zod/mini` itself, as a namespace, in those modules: a namespace re-exported
 * from here would keep all of zod and every locale in the bundle.)
 */
import { en } from 'zod/locales';
import { config } from 'zod/mini';

config(en());
