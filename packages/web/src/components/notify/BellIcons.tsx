import { iconProps as common } from '../Icons';

/* Decorative: the mute button carries the label. */

export const BellIcon = () => (
  <svg {...common}>
    <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
    <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
  </svg>
);

export const BellOffIcon = () => (
  <svg {...common}>
    <path d="M8.7 3A6 6 0 0 1 18 8c0 3.5.7 5.7 1.4 7M17 17H3s3-2 3-9c0-.8.1-1.5.4-2.2" />
    <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0M2 2l20 20" />
  </svg>
);
