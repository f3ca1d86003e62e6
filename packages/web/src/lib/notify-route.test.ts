import { describe, expect, it } from 'vitest';
import { deliveryFor, type Arrival } from './notify-route';

const base: Arrival = { fromMe: false, fresh: true, muted: false, hidden: false, wanted: true, permission: 'granted', open: false };

describe('deliveryFor', () => {
  it('shows a toast for another conversation while the tab is in front, nothing for the open one', () => {
    expect(deliveryFor(base)).toBe('toast');
    expect(deliveryFor({ ...base, open: true })).toBe('none');
  });

  it('uses a desktop notification while hidden, only when turned on and allowed', () => {
    expect(deliveryFor({ ...base, hidden: true })).toBe('desktop');
    expect(deliveryFor({ ...base, hidden: true, open: true })).toBe('desktop');
    expect(deliveryFor({ ...base, hidden: true, wanted: false })).toBe('none');
    expect(deliveryFor({ ...base, hidden: true, permission: 'default' })).toBe('none');
    expect(deliveryFor({ ...base, hidden: true, permission: 'unsupported' })).toBe('none');
  });

  it('stays quiet for muted conversations, my own messages and old replays', () => {
    expect(deliveryFor({ ...base, muted: true })).toBe('none');
    expect(deliveryFor({ ...base, muted: true, hidden: true })).toBe('none');
    expect(deliveryFor({ ...base, fromMe: true })).toBe('none');
    expect(deliveryFor({ ...base, fresh: false, hidden: true })).toBe('none');
  });
});
