import { describe, expect, it } from 'vitest';
import { emailProblem } from './email';

describe('emailProblem', () => {
  it('accepts addresses, refuses malformed ones, and only wants one when required', () => {
    expect(emailProblem(' Ann@Example.com ', true)).toBeNull();
    expect(emailProblem('ann@', false)).toBe('email.invalid');
    expect(emailProblem('no at sign', false)).toBe('email.invalid');
    expect(emailProblem('', false)).toBeNull();
    expect(emailProblem('  ', true)).toBe('auth.required');
  });
});
