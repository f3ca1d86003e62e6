import type { everydayEn } from './everyday.en';

export const everydayZhCN: typeof everydayEn = {
  jump: {
    newMessages_one: '{{count}} 条新消息',
    newMessages_other: '{{count}} 条新消息',
  },
  notify: {
    title: '通知',
    desktop: '桌面通知',
    desktopHelp: 'Natter 在后台时，显示新消息和好友请求。',
    denied: '浏览器的网站设置已阻止本站的通知。',
    unsupported: '此浏览器无法显示通知。',
    ask: 'Natter 在后台时收到消息，要通知你吗？',
    askYes: '开启',
    askNo: '以后再说',
    mute: '消息免打扰',
    unmute: '取消免打扰',
    muted: '免打扰',
    muteNote: '免打扰设置保存在此设备上。',
    friendRequest: '{{name}} 想加你为好友',
    inRoom: '{{name}}（#{{room}}）',
    open: '打开',
    dismiss: '关闭',
    unreadFavicon: 'Natter，{{count}} 条未读',
  },
};
