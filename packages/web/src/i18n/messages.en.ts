/** Strings of the message list: the actions menu and what it reports. */
export const messagesEn = {
  menu: 'Message actions',
  open: 'Actions for this message',
  copy: 'Copy text',
  copied: 'Copied',
  copyFailed: 'Could not copy the text.',
  mentionedYou: 'mentions you',
};
