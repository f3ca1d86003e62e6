/* The tab title is "(unread) page · Natter": pages set their part, the unread total its own. */

let page = '';
let unread = 0;

function apply(): void {
  const base = page || 'Natter';
  document.title = unread > 0 ? `(${unread > 99 ? '99+' : unread}) ${base}` : base;
}

export function setPageTitle(title: string): void {
  page = title;
  apply();
}

export function setUnreadTotal(total: number): void {
  unread = total;
  apply();
}
