import { describe, expect, it } from 'vitest';
import { csrfToken } from '../src/csrf';

describe('csrfToken', () => {
  it('reads the CSRF cookie under any of its names, prefixed first', () => {
    expect(csrfToken('a=1; natter_csrf=plain; b=2')).toBe('plain');
    expect(csrfToken('natter_csrf=plain; __Host-natter_csrf=host')).toBe('host');
    expect(csrfToken('__Secure-natter_csrf=sec')).toBe('sec');
    expect(csrfToken('natter_session=x; natter_csrf_other=y')).toBeNull();
    expect(csrfToken('')).toBeNull();
    // Outside a browser there is no cookie jar to read.
    expect(csrfToken()).toBeNull();
  });
});
