import { z } from 'zod';

// The server's Content-Security-Policy forbids eval, so zod's compiled (`new Function`) parsers
// cannot run in the page; without this, zod's probe for them is reported as a CSP violation.
// Imported first by each bundle's entry, before any schema parses.
z.config({ jitless: true });
