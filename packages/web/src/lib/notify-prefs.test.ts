import { describe, expect, it } from 'vitest';
import { alreadyAsked, desktopWanted, isMuted, markAsked, mutedIds, setDesktopWanted, setMuted, subscribeNotifyPrefs } from './notify-prefs';

describe('notification preferences', () => {
  it('mutes and unmutes conversations, stored on this device', () => {
    let changes = 0;
    const off = subscribeNotifyPrefs(() => changes++);
    setMuted('c1', true);
    setMuted('c2', true);
    setMuted('c1', true);
    expect(mutedIds()).toEqual(['c2', 'c1']);
    expect(JSON.parse(localStorage.getItem('natter.muted') ?? '[]')).toEqual(['c2', 'c1']);
    setMuted('c2', false);
    expect(isMuted('c2')).toBe(false);
    expect(isMuted('c1')).toBe(true);
    expect(mutedIds()).toBe(mutedIds());
    expect(changes).toBe(4);
    off();
  });

  it('asks once: after an answer or a choice in settings it does not ask again', () => {
    expect(alreadyAsked()).toBe(false);
    markAsked();
    expect(alreadyAsked()).toBe(true);
    setDesktopWanted(true);
    expect(desktopWanted()).toBe(true);
    setDesktopWanted(false);
    expect(desktopWanted()).toBe(false);
  });
});
