/** Strings of the administration section and the moderation controls. */
export const adminEn = {
  title: 'Administration',
  search: 'Find users by name',
  find: 'Find',
  reason: 'Reason for a ban (optional)',
  users: 'Users',
  isAdmin: 'Administrator',
  bannedSince: 'Banned since {{when}}',
  ban: 'Ban',
  unban: 'Unban',
  audit: 'Recent actions',
  auditEmpty: 'No actions yet.',
  action: {
    ban: '{{actor}} banned {{target}}',
    unban: '{{actor}} lifted the ban on {{target}}',
    delete_message: '{{actor}} deleted a message by {{target}}',
  },
  deleteMessage: 'Delete (admin)',
  deleteConfirm: 'Delete this message for everyone? This is recorded in the audit log.',
};
