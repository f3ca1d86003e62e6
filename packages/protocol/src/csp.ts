import { z } from 'zod';

/*
 * Natter's pages forbid eval in their Content-Security-Policy. zod compiles fast parsers with
 * `new Function` after probing whether it may, and browsers report that probe as a violation. In a
 * browser, schemas are interpreted instead; servers keep the compiled parsers.
 */
if ((globalThis as { document?: unknown }).document !== undefined) z.config({ jitless: true });
