import type { adminEn } from './admin.en';

/** 管理区和管理操作的文字。 */
export const adminZhCN: typeof adminEn = {
  title: '管理',
  search: '按用户名查找',
  find: '查找',
  reason: '封禁原因（可选）',
  users: '用户',
  isAdmin: '管理员',
  bannedSince: '自 {{when}} 起封禁',
  ban: '封禁',
  unban: '解除封禁',
  audit: '最近的操作',
  auditEmpty: '还没有操作记录。',
  action: {
    ban: '{{actor}} 封禁了 {{target}}',
    unban: '{{actor}} 解除了对 {{target}} 的封禁',
    delete_message: '{{actor}} 删除了 {{target}} 的一条消息',
  },
  deleteMessage: '删除（管理员）',
  deleteConfirm: '要为所有人删除这条消息吗？此操作会记录在审计日志中。',
};
