import type { emojiEn, filesEn } from './files.en';

export const filesZhCN: typeof filesEn = {
  attach: '添加文件',
  dropHere: '松开即可添加文件',
  uploading: '正在上传 {{name}}：{{percent}}%',
  uploaded: '{{name}} 已可发送',
  cancelUpload: '取消上传 {{name}}',
  removeFile: '移除 {{name}}',
  failed: '{{name}} 上传失败：{{reason}}',
  retry: '重试',
  download: '下载 {{name}}',
  downloadShort: '下载',
  open: '打开 {{name}}',
  imageOf: '图片：{{name}}',
  deleted: '消息已删除',
  deleteMessage: '删除',
  deleteConfirm: '要为所有人删除这条消息吗？其中的文件也会被删除。',
  captionPlaceholder: '添加说明（可选）',
  waitForUploads: '请等待文件上传完成',
  kind: {
    image: '图片',
    pdf: 'PDF 文档',
    archive: '压缩包',
    audio: '音频',
    video: '视频',
    document: '文档',
    text: '文本',
    file: '文件',
  },
  errors: {
    quota_exceeded: '你的存储空间已用完。请删除一些文件后再试。',
    invalid_image: '图片已损坏或尺寸过大。',
    payload_too_large: '文件太大。',
  },
};

export const emojiZhCN: typeof emojiEn = {
  open: '表情',
  search: '搜索表情',
  recent: '最近使用',
  noResults: '没有找到表情',
  loading: '正在加载表情…',
  suggestions: '表情建议',
};
