/** Strings of notifications, the jump-to-latest count and the phone layout. */
export const everydayEn = {
  jump: {
    newMessages_one: '{{count}} new message',
    newMessages_other: '{{count}} new messages',
  },
  notify: {
    title: 'Notifications',
    desktop: 'Desktop notifications',
    desktopHelp: 'Show new messages and friend requests while Natter is in the background.',
    denied: 'Notifications are blocked for this site in the browser settings.',
    unsupported: 'This browser cannot show notifications.',
    ask: 'Get a notification when a message arrives while Natter is in the background?',
    askYes: 'Turn on',
    askNo: 'Not now',
    mute: 'Mute notifications',
    unmute: 'Unmute notifications',
    muted: 'Muted',
    muteNote: 'Muting is remembered on this device.',
    friendRequest: '{{name}} wants to be your friend',
    inRoom: '{{name}} in #{{room}}',
    open: 'Open',
    dismiss: 'Dismiss',
    unreadFavicon: 'Natter, {{count}} unread',
  },
};
