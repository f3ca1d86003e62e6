export const messagesZhCN = {
  menu: '消息操作',
  open: '此消息的操作',
  copy: '复制文字',
  copied: '已复制',
  copyFailed: '无法复制文字。',
  mentionedYou: '提到了你',
};
