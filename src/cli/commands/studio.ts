/** `studio`: the policy owner's page to edit, check, try and compare a playbook, on 127.0.0.1. */
import { defineCommand } from '../command.js';
import { runStudio } from '../studio.js';

export default defineCommand({
  name: 'studio',
  summary: { en: 'open the studio: edit a playbook, see its problems, try complaints, run its tests, save', 'zh-CN': '打开预案工作台:编辑预案、查看问题、试投诉、运行测试、保存' },
  details: {
    en: 'Serves the page on 127.0.0.1 only (a free port unless --port) and opens it in the browser; Ctrl-C stops it. Without a file, the page starts from a shipped playbook and saves nothing until you pick a file.',
    'zh-CN': '只在 127.0.0.1 上提供页面(除非指定 --port,否则使用空闲端口)并在浏览器中打开;按 Ctrl-C 停止。不指定文件时从内置预案开始,选定文件之前不会保存任何内容。',
  },
  arguments: [{ name: 'playbook.yaml', required: false, description: { en: 'the playbook file to edit (created on the first save if missing)', 'zh-CN': '要编辑的预案文件(不存在时在第一次保存时创建)' } }],
  options: [
    { name: 'port', value: 'n', description: { en: 'the port to listen on (default: any free port)', 'zh-CN': '监听的端口(默认:任意空闲端口)' } },
    { name: 'no-open', description: { en: 'do not open a browser; only print the address', 'zh-CN': '不打开浏览器,只打印地址' } },
  ],
  examples: ['studio playbooks/my-shop.yaml', 'studio my-shop.yaml --port 8080 --no-open'],
  run({ io, args, options }) {
    return runStudio(options, args, io);
  },
});
