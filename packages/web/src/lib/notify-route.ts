import type { Permission } from './notify-prefs';

export interface Arrival {
  fromMe: boolean;
  /** Recent enough to be news (not replayed after a long absence). */
  fresh: boolean;
  muted: boolean;
  /** The tab is in the background. */
  hidden: boolean;
  /** Desktop notifications turned on on this device. */
  wanted: boolean;
  permission: Permission;
  /** The conversation is the one on screen. */
  open: boolean;
}

export type Delivery = 'desktop' | 'toast' | 'none';

/** Where a new message is announced: desktop while hidden, a toast for another conversation, else nowhere. */
export function deliveryFor(a: Arrival): Delivery {
  if (a.fromMe || !a.fresh || a.muted) return 'none';
  if (a.hidden) return a.wanted && a.permission === 'granted' ? 'desktop' : 'none';
  return a.open ? 'none' : 'toast';
}
